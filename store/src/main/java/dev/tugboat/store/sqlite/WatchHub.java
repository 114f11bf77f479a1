package dev.tugboat.store.sqlite;

import dev.tugboat.store.KeyPrefix;
import dev.tugboat.store.StoreException;
import dev.tugboat.store.Watch;
import dev.tugboat.store.WatchEvent;
import dev.tugboat.store.WatchListener;
import dev.tugboat.store.watch.BufferedWatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fans committed events out to watches. The writer {@link #publish publishes} each committed
 * batch under the hub's lock; a watch attaches under the same lock only once it has read the
 * history up to the last published revision, so the history it read and the live events it
 * receives meet without a gap or an overlap. Thread-safe.
 */
final class WatchHub implements BufferedWatch.Source {

    private final ReadPool reads;
    private final int historyPage;
    private final int watchCapacity;

    private final ReentrantLock lock = new ReentrantLock();
    /** Watches receiving live events, in registration order. */
    private final Set<BufferedWatch> attached = new LinkedHashSet<>();
    private final Set<BufferedWatch> all = new HashSet<>();
    /** Every event up to this revision has been offered to the attached watches. */
    private long dispatched;
    private long watchIds;
    private boolean closed;

    WatchHub(ReadPool reads, long revision, int historyPage, int watchCapacity) {
        this.reads = reads;
        this.dispatched = revision;
        this.historyPage = historyPage;
        this.watchCapacity = watchCapacity;
    }

    Watch watch(String prefix, long startRevision, WatchListener listener) {
        BufferedWatch watch;
        long id;
        lock.lock();
        try {
            if (closed) {
                throw new StoreException("store is closed");
            }
            long from = startRevision == 0 ? dispatched + 1 : startRevision;
            watch = new BufferedWatch(new KeyPrefix(prefix), from, listener, this, watchCapacity);
            all.add(watch);
            id = ++watchIds;
        } finally {
            lock.unlock();
        }
        watch.start("sqlite-watch-" + id);
        return watch;
    }

    /** Called by the writer after a commit: {@code events} cover every revision up to {@code through}. */
    void publish(List<WatchEvent> events, long through) {
        lock.lock();
        try {
            dispatched = through;
            for (Iterator<BufferedWatch> it = attached.iterator(); it.hasNext(); ) {
                if (!it.next().offer(events, through)) {
                    it.remove();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The writer rebuilt its state after a failed commit and found {@code revision}. If that differs
     * from what was published, live delivery cannot be trusted: every watch re-reads history.
     */
    void reset(long revision) {
        lock.lock();
        try {
            if (revision != dispatched) {
                dispatched = revision;
                attached.forEach(BufferedWatch::detach);
                attached.clear();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void resume(BufferedWatch watch, long nextRevision) {
        long to;
        lock.lock();
        try {
            if (nextRevision > dispatched) {
                if (watch.attach()) {
                    attached.add(watch);
                }
                return;
            }
            to = dispatched;
        } finally {
            lock.unlock();
        }
        ReadPool.History page = reads.history(watch.prefix(), nextRevision, to, historyPage);
        watch.backfill(page.events(), page.through());
    }

    @Override
    public void requestProgress(BufferedWatch watch) {
        lock.lock();
        try {
            watch.progress(dispatched);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void stop(BufferedWatch watch) {
        lock.lock();
        try {
            attached.remove(watch);
            all.remove(watch);
        } finally {
            lock.unlock();
        }
    }

    /** Ends every watch with "store closed". */
    void close() {
        List<BufferedWatch> ending;
        lock.lock();
        try {
            closed = true;
            ending = new ArrayList<>(all);
            attached.clear();
        } finally {
            lock.unlock();
        }
        StoreException closedError = new StoreException("store closed");
        ending.forEach(w -> w.fail(closedError));
    }
}
