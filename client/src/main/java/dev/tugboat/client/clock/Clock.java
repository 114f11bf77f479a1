package dev.tugboat.client.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * Time for the client machinery: wall time, monotonic time and timers. Work queues, informers and
 * leader election take one so that tests can drive time by hand ({@code FakeClock} in the test jar).
 *
 * <p>Implementations are thread-safe. Timer tasks run on a thread of the clock's choosing and must
 * not block for long.
 */
public interface Clock {

    /** Wall-clock time (for timestamps written to objects, such as a Lease's renewTime). */
    Instant now();

    /** Monotonic time in nanoseconds, only meaningful as a difference between two readings. */
    long nanoTime();

    /**
     * Runs {@code task} once after {@code delay} (at once when it is zero or negative).
     *
     * @return a handle that cancels the task if it has not run yet
     */
    Timer schedule(Duration delay, Runnable task);

    /** Blocks the calling thread for {@code d} of this clock's time. */
    default void sleep(Duration d) throws InterruptedException {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        Timer t = schedule(d, done::countDown);
        try {
            done.await();
        } finally {
            t.cancel();
        }
    }

    /** A scheduled task. */
    interface Timer {
        /** Cancels the task; returns false if it already ran or was cancelled. Idempotent. */
        boolean cancel();
    }
}
