package dev.tugboat.controllers.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.client.clock.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExpectationsTest {

    @Test
    void satisfiedOnceEveryExpectedWriteWasObserved() {
        Expectations<String> e = new Expectations<>(new FakeClock());
        assertThat(e.satisfied("rs")).isTrue();
        e.expect("rs", 2, 1);
        e.creationObserved("rs");
        e.deletionObserved("rs");
        assertThat(e.satisfied("rs")).isFalse();
        e.creationObserved("rs");
        assertThat(e.satisfied("rs")).isTrue();
    }

    @Test
    void expectationsExpire() {
        FakeClock clock = new FakeClock();
        Expectations<String> e = new Expectations<>(clock);
        e.expect("rs", 1, 0);
        clock.advance(Expectations.TTL);
        assertThat(e.satisfied("rs")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(e.satisfied("rs")).isTrue();
        e.forget("rs");
        assertThat(e.satisfied("rs")).isTrue();
    }

    @Test
    void trackedDeletionsCountEachObjectOnce() {
        Expectations<String> e = new Expectations<>(new FakeClock());
        e.expectDeletions("rs", java.util.List.of("uid-a", "uid-b"));
        e.deletionObserved("rs", "uid-a"); // marked for deletion
        e.deletionObserved("rs", "uid-a"); // then gone
        e.deletionObserved("rs", "uid-other");
        assertThat(e.satisfied("rs")).isFalse();
        e.deletionObserved("rs", "uid-b");
        assertThat(e.satisfied("rs")).isTrue();
    }
}
