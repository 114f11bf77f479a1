package dev.tugboat.client.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.client.clock.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    record Case(String name, int failures, Duration want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> exponentialCases() {
        return Stream.of(
                new Case("the first failure waits the base delay", 1, Duration.ofMillis(5)),
                new Case("each further failure doubles the wait", 4, Duration.ofMillis(40)),
                new Case("the eighteenth failure is still below the cap", 18, Duration.ofMillis(655_360)),
                new Case("the wait is capped at 1000 s", 19, Duration.ofSeconds(1000)),
                new Case("a hundred failures neither overflow nor exceed the cap", 100, Duration.ofSeconds(1000)));
    }

    @ParameterizedTest
    @MethodSource("exponentialCases")
    void exponentialBackoffPerItem(Case c) {
        ExponentialRateLimiter<String> l = new ExponentialRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000));
        Duration last = null;
        for (int i = 0; i < c.failures(); i++) {
            last = l.when("x");
        }

        assertThat(last).isEqualTo(c.want());
        assertThat(l.numRequeues("x")).isEqualTo(c.failures());
        assertThat(l.when("other")).as("items back off independently").isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void tokenBucketLetsABurstThroughThenSpacesRetriesAtItsRate() {
        FakeClock clock = new FakeClock();
        TokenBucketRateLimiter<String> l = new TokenBucketRateLimiter<>(10, 3, clock);
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waits.add(l.when("k" + i));
        }

        assertThat(waits).containsExactly(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofMillis(100),
                Duration.ofMillis(200));

        clock.advance(Duration.ofSeconds(10));
        assertThat(l.when("later")).as("the bucket refills, up to its burst").isEqualTo(Duration.ZERO);
    }

    @Test
    void maxOfTakesTheLongestWaitAndForgetsEverywhere() {
        FakeClock clock = new FakeClock();
        RateLimiter<String> l = RateLimiter.controllerDefault(clock);
        for (int i = 0; i < 10; i++) {
            l.when("x");
        }
        assertThat(l.when("x")).isEqualTo(Duration.ofMillis(5L << 10));
        assertThat(l.numRequeues("x")).isEqualTo(11);

        l.forget("x");
        assertThat(l.numRequeues("x")).isZero();
        assertThat(l.when("x")).isEqualTo(Duration.ofMillis(5));
    }
}
