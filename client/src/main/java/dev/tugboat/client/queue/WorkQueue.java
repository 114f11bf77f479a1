package dev.tugboat.client.queue;

import dev.tugboat.client.clock.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A work queue with client-go's guarantees:
 * <ul>
 *   <li><b>De-duplication.</b> An item added several times before a worker takes it is processed once
 *       (the {@code dirty} set).</li>
 *   <li><b>Never two workers on one item.</b> An item added while a worker holds it (the
 *       {@code processing} set) is queued again only when that worker calls {@link #done}.</li>
 *   <li><b>FIFO</b> order of first addition otherwise.</li>
 *   <li><b>Delayed and rate-limited adds</b> ({@link #addAfter}, {@link #addRateLimited}); of several
 *       pending delayed adds of one item the earliest wins.</li>
 * </ul>
 * A worker loops {@code k = get(); try { … forget(k) or addRateLimited(k) } finally { done(k) }}.
 *
 * <p>Thread-safe. Items must be immutable values with proper {@code equals}/{@code hashCode}.
 *
 * @param <K> the item type
 */
public final class WorkQueue<K> {

    private final RateLimiter<K> limiter;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nonEmpty = lock.newCondition();
    private final ArrayDeque<K> queue = new ArrayDeque<>();
    private final Set<K> dirty = new HashSet<>();
    private final Set<K> processing = new HashSet<>();
    private final Map<K, Waiting> waiting = new HashMap<>();
    private boolean shuttingDown;

    /** A pending delayed add: when it is due (clock nanos) and its timer. */
    private record Waiting(long dueNanos, Clock.Timer timer) {
    }

    public WorkQueue(RateLimiter<K> limiter, Clock clock) {
        this.limiter = limiter;
        this.clock = clock;
    }

    /** A queue with client-go's default controller rate limiter. */
    public static <K> WorkQueue<K> withDefaultRateLimiter(Clock clock) {
        return new WorkQueue<>(RateLimiter.controllerDefault(clock), clock);
    }

    /** Marks {@code item} as needing processing. Ignored after {@link #shutdown()}. */
    public void add(K item) {
        lock.lock();
        try {
            if (shuttingDown || !dirty.add(item)) {
                return;
            }
            if (!processing.contains(item)) {
                queue.addLast(item);
                nonEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Adds {@code item} after {@code delay}; an earlier pending delayed add of the same item is kept. */
    public void addAfter(K item, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(item);
            return;
        }
        lock.lock();
        try {
            if (shuttingDown) {
                return;
            }
            long due = clock.nanoTime() + delay.toNanos();
            Waiting w = waiting.get(item);
            if (w != null && w.dueNanos() - due <= 0) {
                return;
            }
            if (w != null) {
                w.timer().cancel();
            }
            // The timer registers under the lock; it cannot fire into add() before this method returns.
            Clock.Timer[] timer = new Clock.Timer[1];
            timer[0] = clock.schedule(delay, () -> fire(item, timer));
            waiting.put(item, new Waiting(due, timer[0]));
        } finally {
            lock.unlock();
        }
    }

    private void fire(K item, Clock.Timer[] timer) {
        lock.lock();
        try {
            Waiting w = waiting.get(item);
            if (w == null || w.timer() != timer[0]) {
                return;
            }
            waiting.remove(item);
        } finally {
            lock.unlock();
        }
        add(item);
    }

    /** Adds {@code item} after the wait the rate limiter decides (one more failure recorded). */
    public void addRateLimited(K item) {
        addAfter(item, limiter.when(item));
    }

    /** Clears the failure history of {@code item}; call after it was processed successfully. */
    public void forget(K item) {
        limiter.forget(item);
    }

    public int numRequeues(K item) {
        return limiter.numRequeues(item);
    }

    /**
     * Takes the next item, blocking while the queue is empty. The caller must call {@link #done} with it.
     *
     * @return the item, or null once the queue is shut down (items still queued are abandoned)
     */
    public K get() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !shuttingDown) {
                nonEmpty.await();
            }
            if (shuttingDown) {
                return null;
            }
            return take();
        } finally {
            lock.unlock();
        }
    }

    /** Like {@link #get()} but gives up after {@code timeout}, returning null. */
    public K poll(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (queue.isEmpty() && !shuttingDown) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = nonEmpty.awaitNanos(nanos);
            }
            if (shuttingDown) {
                return null;
            }
            return take();
        } finally {
            lock.unlock();
        }
    }

    private K take() {
        K item = queue.pollFirst();
        processing.add(item);
        dirty.remove(item);
        return item;
    }

    /** Ends the processing of {@code item}; if it was added meanwhile it is queued again. */
    public void done(K item) {
        lock.lock();
        try {
            processing.remove(item);
            if (dirty.contains(item) && !shuttingDown) {
                queue.addLast(item);
                nonEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Number of items ready to be taken. */
    public int length() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the queue: {@link #get()} returns null from now on and pending delayed adds are cancelled. */
    public void shutdown() {
        lock.lock();
        try {
            shuttingDown = true;
            waiting.values().forEach(w -> w.timer().cancel());
            waiting.clear();
            nonEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isShuttingDown() {
        lock.lock();
        try {
            return shuttingDown;
        } finally {
            lock.unlock();
        }
    }
}
