package dev.tugboat.client.controller;

import dev.tugboat.client.queue.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Reconciler} over a {@link WorkQueue} (upstream's controller worker loop): waits until
 * every informer the reconciler reads from has synced, then N worker virtual threads each loop
 * get → reconcile → forget (or requeue as the {@link Result} asks) or, on failure, requeue rate-limited →
 * done. The queue guarantees one worker per key at a time.
 *
 * <p>Event handlers feed the same queue; the controller does not own them. Thread-safe;
 * {@link #close()} shuts the queue down and waits for the workers to finish their current keys.
 *
 * @param <K> the key type
 */
public final class Controller<K> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);
    private static final Duration SYNC_POLL = Duration.ofMillis(50);

    private final String name;
    private final WorkQueue<K> queue;
    private final Reconciler<K> reconciler;
    private final int workers;
    private final List<BooleanSupplier> synced;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param name       for thread names and logs
     * @param queue      the queue the event handlers add keys to
     * @param reconciler what each key is handed to
     * @param workers    how many keys are reconciled concurrently
     * @param synced     what must be true before the first reconcile (e.g. {@code registration::hasSynced})
     */
    public Controller(String name, WorkQueue<K> queue, Reconciler<K> reconciler, int workers,
                      List<BooleanSupplier> synced) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        this.name = name;
        this.queue = queue;
        this.reconciler = reconciler;
        this.workers = workers;
        this.synced = List.copyOf(synced);
    }

    /** Starts the workers (they first wait for the caches to sync). Returns at once. */
    public synchronized void start() {
        if (!threads.isEmpty() || closed) {
            return;
        }
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofVirtual().name(name + "-worker-" + i).start(this::work));
        }
    }

    private void work() {
        try {
            awaitSynced();
            K key;
            while ((key = queue.get()) != null) {
                process(key);
            }
        } catch (InterruptedException e) {
            // close() interrupts workers that are still waiting for the caches.
        }
    }

    private void awaitSynced() throws InterruptedException {
        while (!closed && !synced.stream().allMatch(BooleanSupplier::getAsBoolean)) {
            Thread.sleep(SYNC_POLL);
        }
    }

    private void process(K key) {
        try {
            switch (reconciler.reconcile(key)) {
                case Result.Done d -> queue.forget(key);
                case Result.RequeueAfter r -> {
                    queue.forget(key);
                    queue.addAfter(key, r.delay());
                }
                case Result.Backoff b -> queue.addRateLimited(key);
            }
        } catch (Exception e) {
            int n = queue.numRequeues(key);
            if (n < 5) {
                LOG.debug("{}: reconcile of {} failed (retry {}): {}", name, key, n + 1, e.toString());
            } else {
                LOG.warn("{}: reconcile of {} failed (retry {})", name, key, n + 1, e);
            }
            queue.addRateLimited(key);
        } finally {
            queue.done(key);
        }
    }

    /** Shuts the queue down and waits for the workers. Idempotent. */
    @Override
    public void close() {
        List<Thread> toJoin;
        synchronized (this) {
            closed = true;
            toJoin = List.copyOf(threads);
        }
        queue.shutdown();
        try {
            for (Thread t : toJoin) {
                t.join(Duration.ofSeconds(30));
                if (t.isAlive()) {
                    t.interrupt();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
