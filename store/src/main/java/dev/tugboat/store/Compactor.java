package dev.tugboat.store;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts a {@link Store} periodically, as kube-apiserver does: every {@code interval} it
 * compacts to the revision it observed at the previous tick, so about one interval of history is
 * always kept (enough for watchers to resume after short disconnects).
 *
 * <p>{@link #start()} and {@link #close()} may be called from any thread; ticks run on one
 * dedicated thread. A failed compaction is logged and retried at the next tick.
 */
public final class Compactor implements AutoCloseable {

    /** Upstream kube-apiserver's default compaction interval. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);

    private final Store store;
    private final Duration interval;
    private final ScheduledExecutorService timer;
    /** The revision seen at the previous tick; only touched by the timer thread. */
    private long observed;

    public Compactor(Store store, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("compaction interval must be positive: " + interval);
        }
        this.store = store;
        this.interval = interval;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("store-compactor").factory());
    }

    /** Starts ticking; the first tick only observes the current revision. */
    public void start() {
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops ticking and waits for a tick in progress. Idempotent. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tick() {
        try {
            long target = observed;
            observed = store.currentRevision();
            if (target > store.compactedRevision()) {
                store.compact(target);
                LOG.debug("compacted store to revision {}", target);
            }
        } catch (StoreException e) {
            LOG.warn("store compaction failed; retrying next interval", e);
        }
    }
}
