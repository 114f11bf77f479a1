package dev.tugboat.simnode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.client.clock.FakeClock;
import dev.tugboat.client.testing.Poll;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeartbeatSchedulerTest {

    @Test
    void everyNodeBeatsOncePerIntervalSpreadOverItWithOneTimer() {
        FakeClock clock = new FakeClock();
        Map<String, AtomicInteger> beats = new ConcurrentHashMap<>();
        AtomicInteger total = new AtomicInteger();
        try (HeartbeatScheduler s = new HeartbeatScheduler(clock, Duration.ofSeconds(10), 8, node -> {
            beats.computeIfAbsent(node, n -> new AtomicInteger()).incrementAndGet();
            total.incrementAndGet();
        })) {
            for (int i = 0; i < 500; i++) {
                s.add("node-" + i);
            }
            assertThat(clock.pendingTimers()).isEqualTo(1);
            int stepsWithBeats = 0;
            for (int step = 0; step < 100; step++) {
                int before = total.get();
                clock.advance(Duration.ofMillis(100));
                Poll.until("beats of step " + step + " done", () -> s.inFlight() == 0);
                if (total.get() > before) {
                    stepsWithBeats++;
                }
            }
            Poll.until("500 nodes beat", () -> beats.size() == 500
                    && beats.values().stream().mapToInt(AtomicInteger::get).sum() == 500);
            assertThat(beats.values()).allMatch(n -> n.get() == 1);
            // Spread: the beats fall in (nearly) every 100 ms step of the interval.
            assertThat(stepsWithBeats).isGreaterThan(90);
            assertThat(clock.pendingTimers()).isEqualTo(1);

            s.remove("node-0");
            s.beatNow("node-1");
            clock.advance(Duration.ofMillis(1));
            Poll.until("node-1 beats again", () -> beats.get("node-1").get() == 2);
            clock.advance(Duration.ofSeconds(10));
            Poll.until("second round", () -> beats.get("node-2").get() == 2);
            assertThat(beats.get("node-0").get()).isEqualTo(1);
        }
    }
}
