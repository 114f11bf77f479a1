package dev.tugboat.client.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.client.clock.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    private final FakeClock clock = new FakeClock();
    private final WorkQueue<String> queue = new WorkQueue<>(
            new ExponentialRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000)), clock);

    private String take() throws InterruptedException {
        return queue.poll(Duration.ZERO);
    }

    @Test
    void anItemAddedTwiceBeforeItIsTakenIsProcessedOnce() throws Exception {
        queue.add("a");
        queue.add("b");
        queue.add("a");

        assertThat(queue.length()).isEqualTo(2);
        assertThat(take()).isEqualTo("a");
        assertThat(take()).isEqualTo("b");
        assertThat(take()).isNull();
    }

    @Test
    void anItemAddedWhileProcessingIsQueuedAgainOnlyWhenDone() throws Exception {
        queue.add("a");
        String held = take();

        queue.add("a");
        assertThat(take()).as("a second worker must not get an item in processing").isNull();

        queue.done(held);
        assertThat(take()).isEqualTo("a");
    }

    @Test
    void anItemNotAddedDuringProcessingIsNotQueuedAgain() throws Exception {
        queue.add("a");
        queue.done(take());

        assertThat(take()).isNull();
    }

    @Test
    void concurrentWorkersNeverHoldTheSameItem() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicInteger processed = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            workers.add(Thread.ofVirtual().start(() -> {
                try {
                    String k;
                    while ((k = queue.get()) != null) {
                        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        Thread.yield();
                        inFlight.decrementAndGet();
                        processed.incrementAndGet();
                        queue.done(k);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (int i = 0; i < 2000; i++) {
            queue.add("same");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queue.length() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        queue.shutdown();
        for (Thread t : workers) {
            t.join();
        }

        assertThat(maxInFlight.get()).isEqualTo(1);
        assertThat(processed.get()).isBetween(1, 2000);
    }

    @Test
    void itemsComeOutInTheOrderTheyWereFirstAdded() throws Exception {
        for (String s : List.of("c", "a", "b", "a", "c")) {
            queue.add(s);
        }

        assertThat(List.of(take(), take(), take())).containsExactly("c", "a", "b");
    }

    @Test
    void aDelayedAddArrivesWhenItsTimeComes() throws Exception {
        queue.addAfter("a", Duration.ofSeconds(5));

        clock.advance(Duration.ofMillis(4999));
        assertThat(take()).isNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(take()).isEqualTo("a");
    }

    @Test
    void ofTwoDelayedAddsOfOneItemTheEarlierWins() throws Exception {
        queue.addAfter("a", Duration.ofSeconds(10));
        queue.addAfter("a", Duration.ofSeconds(2));
        queue.addAfter("a", Duration.ofSeconds(7));

        assertThat(clock.pendingTimers()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(take()).isEqualTo("a");
        queue.done("a");
        clock.advance(Duration.ofSeconds(20));
        assertThat(take()).as("the later adds were dropped").isNull();
    }

    @Test
    void rateLimitedAddsBackOffExponentiallyUntilForgotten() throws Exception {
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            queue.addRateLimited("a");
            delays.add(clock.pendingDelays().get(0));
            clock.advance(delays.get(i));
            queue.done(take());
        }

        assertThat(delays).containsExactly(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20),
                Duration.ofMillis(40));
        assertThat(queue.numRequeues("a")).isEqualTo(4);

        queue.forget("a");
        queue.addRateLimited("a");
        assertThat(clock.pendingDelays()).containsExactly(Duration.ofMillis(5));
    }

    @Test
    void shutdownWakesWaitingWorkersWithNull() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        String[] got = {"unset"};
        Thread worker = Thread.ofVirtual().start(() -> {
            try {
                waiting.countDown();
                got[0] = queue.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiting.await();

        queue.shutdown();
        worker.join(Duration.ofSeconds(10));

        assertThat(worker.isAlive()).isFalse();
        assertThat(got[0]).isNull();
    }

    @Test
    void shutdownCancelsPendingDelayedAddsAndIgnoresNewOnes() throws Exception {
        queue.addAfter("a", Duration.ofSeconds(1));
        queue.shutdown();
        queue.add("b");
        clock.advance(Duration.ofSeconds(2));

        assertThat(clock.pendingTimers()).isZero();
        assertThat(queue.length()).isZero();
        assertThat(queue.isShuttingDown()).isTrue();
    }
}
