package dev.tugboat.client.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real clock. Timers fire on one shared daemon thread and each task is handed to a new virtual
 * thread, so a slow task never delays another.
 */
public final class SystemClock implements Clock {

    /** The process-wide real clock (immutable apart from its timer thread, which is a daemon). */
    public static final SystemClock INSTANCE = new SystemClock();

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tugboat-client-timers");
        t.setDaemon(true);
        return t;
    });

    private SystemClock() {
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        Runnable onVirtualThread = () -> Thread.ofVirtual().name("tugboat-timer-task").start(task);
        ScheduledFuture<?> f = timers.schedule(onVirtualThread, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void sleep(Duration d) throws InterruptedException {
        if (d.isPositive()) {
            Thread.sleep(d);
        }
    }
}
