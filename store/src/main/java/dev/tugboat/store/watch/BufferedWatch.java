package dev.tugboat.store.watch;

import dev.tugboat.store.KeyPrefix;
import dev.tugboat.store.StoreException;
import dev.tugboat.store.Watch;
import dev.tugboat.store.WatchEvent;
import dev.tugboat.store.WatchListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery half of a watch, shared by the backends: a bounded buffer that a {@link Source}
 * fills and a dedicated virtual thread drains into the {@link WatchListener}, one call at a time,
 * in revision order.
 *
 * <p>A watch is either <em>attached</em> (its source pushes live events with {@link #offer}) or
 * <em>detached</em> (the source stopped pushing). It starts detached at its start revision. Once a
 * detached watch has delivered everything it buffered, its thread asks the source to
 * {@link Source#resume resume} from {@link #nextRevision}: the source then either
 * {@link #backfill backfills} history or {@link #attach attaches}. A watch whose buffer would exceed
 * its capacity is detached instead of growing, so a slow listener costs at most {@code capacity}
 * buffered events plus one offered batch and never blocks the source; it catches up from history later (or ends with
 * {@link dev.tugboat.store.CompactedException} if compaction overtook it), like etcd's unsynced
 * watchers.
 *
 * <p>Events below {@code nextRevision} are dropped, which makes re-delivery after a resume harmless
 * and filters live events below a future start revision. Thread-safe.
 */
public final class BufferedWatch implements Watch {

    /**
     * The backend side of one watch. {@link #resume} and {@link #requestProgress} run on the watch's
     * delivery thread; {@link #stop} runs on the thread that ends the watch.
     */
    public interface Source {

        /**
         * Brings a detached watch forward from {@code nextRevision}: backfill some history or attach
         * to live events. Throws {@link StoreException} to end the watch with that error.
         */
        void resume(BufferedWatch watch, long nextRevision);

        /** Arranges for a {@link WatchEvent.Progress} via {@link BufferedWatch#progress}; the watch is attached. */
        void requestProgress(BufferedWatch watch);

        /** The watch ended: stop pushing to it and forget it. Called once. */
        void stop(BufferedWatch watch);
    }

    private static final Logger LOG = LoggerFactory.getLogger(BufferedWatch.class);

    private final KeyPrefix prefix;
    private final long startRevision;
    private final WatchListener listener;
    private final Source source;
    private final int capacity;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Held around every listener call, so that close() can wait for an in-flight call. */
    private final ReentrantLock delivery = new ReentrantLock();

    private final ArrayDeque<WatchEvent> buffer = new ArrayDeque<>();
    private long nextRevision;
    private boolean attached;
    private boolean progressPending;
    private StoreException failure;
    private volatile boolean closed;
    private volatile Thread thread;

    /**
     * @param startRevision the first revision to deliver (a concrete revision, not 0)
     * @param capacity      the most undelivered events to buffer before detaching
     */
    public BufferedWatch(KeyPrefix prefix, long startRevision, WatchListener listener, Source source, int capacity) {
        if (startRevision < 1) {
            throw new IllegalArgumentException("start revision must be resolved to a revision >= 1: " + startRevision);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.prefix = prefix;
        this.startRevision = startRevision;
        this.listener = listener;
        this.source = source;
        this.capacity = capacity;
        this.nextRevision = startRevision;
    }

    /** Starts the delivery thread. Call once. */
    public void start(String threadName) {
        thread = Thread.ofVirtual().name(threadName).start(this::run);
    }

    public KeyPrefix prefix() {
        return prefix;
    }

    /** The revision the watch started at. */
    public long startRevision() {
        return startRevision;
    }

    /** The lowest revision not yet buffered or delivered. */
    public long nextRevision() {
        lock.lock();
        try {
            return nextRevision;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Pushes live events (any keys; the watch keeps those under its prefix) that cover every
     * revision up to {@code throughRevision}. Returns false when the watch is no longer attached
     * (full, closed or failed): the source must stop pushing to it.
     */
    public boolean offer(List<WatchEvent> events, long throughRevision) {
        lock.lock();
        try {
            if (closed || failure != null || !attached) {
                return false;
            }
            List<WatchEvent> matching = matching(events);
            // An empty buffer takes any one batch, so a batch larger than the capacity cannot
            // detach the watch forever: the bound is capacity plus one batch.
            if (!buffer.isEmpty() && buffer.size() + matching.size() > capacity) {
                attached = false;
                changed.signalAll();
                return false;
            }
            append(matching, throughRevision);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Adds history read by {@link Source#resume} (on the delivery thread), covering up to {@code throughRevision}. */
    public void backfill(List<WatchEvent> events, long throughRevision) {
        lock.lock();
        try {
            if (!closed) {
                append(matching(events), throughRevision);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Starts accepting {@link #offer}s. Returns false if the watch has ended. */
    public boolean attach() {
        lock.lock();
        try {
            if (closed || failure != null) {
                return false;
            }
            attached = true;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Stops accepting offers; the watch resumes from {@link #nextRevision} once its buffer drained. */
    public void detach() {
        lock.lock();
        try {
            attached = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues {@code Progress(revision)}: the source vouches that every event up to {@code revision}
     * has been offered. If the watch is detached meanwhile, the request is kept for after it re-attaches.
     */
    public void progress(long revision) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (attached) {
                buffer.add(new WatchEvent.Progress(revision));
                changed.signalAll();
            } else {
                progressPending = true;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends the watch with {@code error} once the events already buffered have been delivered. */
    public void fail(StoreException error) {
        lock.lock();
        try {
            if (failure == null) {
                failure = error;
            }
            attached = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void requestProgress() {
        lock.lock();
        try {
            progressPending = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        boolean first;
        lock.lock();
        try {
            first = !closed;
            closed = true;
            buffer.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (first) {
            source.stop(this);
        }
        if (Thread.currentThread() != thread) {
            // Wait out a listener call in flight; later calls see `closed`.
            delivery.lock();
            delivery.unlock();
        }
    }

    private List<WatchEvent> matching(List<WatchEvent> events) {
        List<WatchEvent> out = new ArrayList<>(events.size());
        for (WatchEvent event : events) {
            String key = switch (event) {
                case WatchEvent.Put put -> put.kv().key();
                case WatchEvent.Delete delete -> delete.prev().key();
                case WatchEvent.Progress progress -> null;
            };
            if (key != null && event.revision() >= nextRevision && prefix.matches(key)) {
                out.add(event);
            }
        }
        return out;
    }

    private void append(List<WatchEvent> events, long throughRevision) {
        buffer.addAll(events);
        nextRevision = Math.max(nextRevision, throughRevision + 1);
        if (!events.isEmpty()) {
            changed.signalAll();
        }
    }

    /** What the delivery thread does next. */
    private sealed interface Step {
        record Deliver(List<WatchEvent> events) implements Step {
        }

        record Resume(long from) implements Step {
        }

        record Progress() implements Step {
        }

        record End(StoreException error) implements Step {
        }
    }

    private void run() {
        while (true) {
            Step step = next();
            switch (step) {
                case Step.Deliver deliver -> {
                    if (!deliver(deliver.events())) {
                        return;
                    }
                }
                case Step.Resume resume -> resume(resume.from());
                case Step.Progress progress -> source.requestProgress(this);
                case Step.End end -> {
                    if (end.error() != null) {
                        deliverError(end.error());
                    }
                    return;
                }
            }
        }
    }

    private Step next() {
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    return new Step.End(null);
                }
                if (!buffer.isEmpty()) {
                    List<WatchEvent> events = new ArrayList<>(buffer);
                    buffer.clear();
                    return new Step.Deliver(events);
                }
                if (failure != null) {
                    return new Step.End(failure);
                }
                if (!attached) {
                    return new Step.Resume(nextRevision);
                }
                if (progressPending) {
                    progressPending = false;
                    return new Step.Progress();
                }
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private void resume(long from) {
        try {
            source.resume(this, from);
        } catch (StoreException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(new StoreException("watch failed: " + e.getMessage(), e));
        }
    }

    private boolean deliver(List<WatchEvent> events) {
        delivery.lock();
        try {
            if (closed) {
                return false;
            }
            try {
                listener.onEvents(Collections.unmodifiableList(events));
                return true;
            } catch (RuntimeException e) {
                LOG.warn("watch listener on prefix {} failed; ending the watch", prefix.prefix(), e);
                deliverError(new StoreException("watch listener failed: " + e, e));
                return false;
            }
        } finally {
            delivery.unlock();
        }
    }

    private void deliverError(StoreException error) {
        boolean first;
        delivery.lock();
        try {
            first = !closed;
            closed = true;
            if (first) {
                try {
                    listener.onError(error);
                } catch (RuntimeException e) {
                    LOG.warn("watch listener on prefix {} failed in onError", prefix.prefix(), e);
                }
            }
        } finally {
            delivery.unlock();
        }
        if (first) {
            source.stop(this);
        }
    }
}
