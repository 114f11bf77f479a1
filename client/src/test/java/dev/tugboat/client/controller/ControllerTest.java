package dev.tugboat.client.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.client.clock.FakeClock;
import dev.tugboat.client.queue.WorkQueue;
import dev.tugboat.client.testing.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ControllerTest {

    private final FakeClock clock = new FakeClock();
    private final WorkQueue<String> queue = WorkQueue.withDefaultRateLimiter(clock);
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    @Test
    void workersWaitForTheCachesToSyncBeforeTheFirstReconcile() {
        AtomicBoolean synced = new AtomicBoolean();
        AtomicInteger syncChecks = new AtomicInteger();
        try (Controller<String> c = new Controller<>("test", queue, k -> {
            calls.add(k);
            return Result.done();
        }, 2, List.of(() -> {
            syncChecks.incrementAndGet();
            return synced.get();
        }))) {
            queue.add("a");
            c.start();
            Poll.until("both workers checked the caches twice", () -> syncChecks.get() >= 4);
            assertThat(calls).isEmpty();
            assertThat(queue.length()).isEqualTo(1);

            synced.set(true);
            Poll.until("a reconciled", () -> calls.contains("a"));
        }
    }

    @Test
    void aFailingKeyIsRetriedWithBackoffAndForgottenOnSuccess() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (Controller<String> c = new Controller<>("test", queue, k -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet");
            }
            return Result.done();
        }, 1, List.of())) {
            c.start();
            queue.add("a");

            clock.awaitPendingTimers(1, Duration.ofSeconds(10));
            assertThat(clock.pendingDelays()).containsExactly(Duration.ofMillis(5));
            clock.advance(Duration.ofMillis(5));
            clock.awaitPendingTimers(1, Duration.ofSeconds(10));
            assertThat(clock.pendingDelays()).containsExactly(Duration.ofMillis(10));
            clock.advance(Duration.ofMillis(10));

            Poll.until("the third attempt", () -> attempts.get() == 3);
            Poll.until("forgotten after success", () -> queue.numRequeues("a") == 0);
            assertThat(clock.pendingTimers()).isZero();
        }
    }

    @Test
    void aResultCanAskToLookAgainLater() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (Controller<String> c = new Controller<>("test", queue, k -> attempts.incrementAndGet() == 1
                ? Result.requeueAfter(Duration.ofSeconds(30)) : Result.done(), 1, List.of())) {
            c.start();
            queue.add("a");

            clock.awaitPendingTimers(1, Duration.ofSeconds(10));
            assertThat(clock.pendingDelays()).containsExactly(Duration.ofSeconds(30));
            clock.advance(Duration.ofSeconds(30));
            Poll.until("looked again", () -> attempts.get() == 2);
        }
    }

    @Test
    void aResultCanAskToLookAgainWithTheQueuesBackoff() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (Controller<String> c = new Controller<>("test", queue, k -> attempts.incrementAndGet() < 3
                ? Result.backoff() : Result.done(), 1, List.of())) {
            c.start();
            queue.add("a");

            clock.awaitPendingTimers(1, Duration.ofSeconds(10));
            assertThat(clock.pendingDelays()).containsExactly(Duration.ofMillis(5));
            clock.advance(Duration.ofMillis(5));
            clock.awaitPendingTimers(1, Duration.ofSeconds(10));
            assertThat(clock.pendingDelays()).containsExactly(Duration.ofMillis(10));
            clock.advance(Duration.ofMillis(10));
            Poll.until("done", () -> attempts.get() == 3 && queue.numRequeues("a") == 0);
        }
    }

    @Test
    void oneKeyIsNeverReconciledByTwoWorkersAtOnce() {
        ConcurrentHashMap<String, AtomicInteger> active = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        try (Controller<String> c = new Controller<>("test", queue, k -> {
            if (active.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            Thread.sleep(1); // widen the window in which a second worker could take the same key
            active.get(k).decrementAndGet();
            done.incrementAndGet();
            return Result.done();
        }, 8, List.of())) {
            c.start();
            for (int i = 0; i < 500; i++) {
                queue.add("k" + (i % 3));
            }
            Poll.until("the queue drained", () -> queue.length() == 0 && done.get() >= 3);
        }
        assertThat(overlaps.get()).isZero();
    }

    @Test
    void closeStopsTheWorkers() {
        Controller<String> c = new Controller<>("test", queue, k -> Result.done(), 3, List.of());
        c.start();

        c.close();

        assertThat(queue.isShuttingDown()).isTrue();
        queue.add("late");
        assertThat(queue.length()).isZero();
    }
}
