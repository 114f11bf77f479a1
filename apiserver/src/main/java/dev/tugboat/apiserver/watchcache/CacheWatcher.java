package dev.tugboat.apiserver.watchcache;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One watch on one resource cache: a bounded queue the cache's dispatcher fills and the watch's
 * own thread drains. A watcher that falls {@link #CAPACITY} events behind is terminated (the
 * client then re-watches from its last resourceVersion or re-lists), so one slow client never
 * holds up the dispatcher or grows memory without bound.
 */
public final class CacheWatcher implements AutoCloseable {

    /** Events a watcher may fall behind before it is terminated. */
    public static final int CAPACITY = 10_000;

    /** What a watcher receives: events, bookmarks, or the end. */
    public sealed interface Item {
    }

    /** A change. */
    public record Event(CacheEvent event) implements Item {
    }

    /** All events up to {@code revision} have been delivered. */
    public record Bookmark(long revision) implements Item {
    }

    /** The watch ended (overflow, or the cache closed); {@code reason} says why. */
    public record Terminated(String reason) implements Item {
    }

    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(CAPACITY + 2);
    private final ResourceCache cache;
    private volatile boolean closed;

    CacheWatcher(ResourceCache cache) {
        this.cache = cache;
    }

    /** Called by the dispatcher; never blocks. Returns false if the watcher is gone or overflowed. */
    boolean offer(Item item) {
        if (closed) {
            return false;
        }
        if (queue.remainingCapacity() <= 1) {
            closed = true;
            queue.offer(new Terminated("watcher fell too far behind"));
            return false;
        }
        return queue.offer(item);
    }

    void terminate(String reason) {
        if (!closed) {
            closed = true;
            queue.offer(new Terminated(reason));
        }
    }

    /** The next item, waiting at most {@code timeoutMillis}; null on timeout. */
    public Item poll(long timeoutMillis) throws InterruptedException {
        return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        cache.removeWatcher(this);
    }
}
