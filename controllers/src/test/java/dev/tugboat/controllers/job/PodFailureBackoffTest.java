package dev.tugboat.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodFailureBackoffTest {

    static final Duration BASE = Duration.ofSeconds(10);
    static final Duration MAX = Duration.ofMinutes(10);
    static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    static PodFailureBackoff failures(int n) {
        return new PodFailureBackoff(n, Optional.of(T));
    }

    @Test
    void theDelayDoublesFromTenSecondsPerFailureUpToTheCap() {
        assertThat(failures(1).remaining(T, BASE, MAX)).isEqualTo(Duration.ofSeconds(10));
        assertThat(failures(2).remaining(T, BASE, MAX)).isEqualTo(Duration.ofSeconds(20));
        assertThat(failures(3).remaining(T, BASE, MAX)).isEqualTo(Duration.ofSeconds(40));
        assertThat(failures(6).remaining(T, BASE, MAX)).isEqualTo(Duration.ofSeconds(320));
        assertThat(failures(7).remaining(T, BASE, MAX)).isEqualTo(MAX);
        assertThat(failures(50).remaining(T, BASE, MAX)).isEqualTo(MAX);
    }

    @Test
    void theDelayCountsFromTheLastFailure() {
        assertThat(failures(2).remaining(T.plusSeconds(15), BASE, MAX)).isEqualTo(Duration.ofSeconds(5));
        assertThat(failures(2).remaining(T.plusSeconds(25), BASE, MAX)).isZero();
        assertThat(PodFailureBackoff.NONE.remaining(T, BASE, MAX)).isZero();
    }

    @Test
    void newFailuresAddUpAndTheLatestSetsTheTime() {
        PodFailureBackoff b = PodFailureBackoff.NONE.withNewlyFinished(List.of(), List.of(T.plusSeconds(5), T))
                .withNewlyFinished(List.of(), List.of(T.plusSeconds(9)));
        assertThat(b).isEqualTo(new PodFailureBackoff(3, Optional.of(T.plusSeconds(9))));
    }

    @Test
    void aSuccessResetsAndOnlyLaterFailuresCount() {
        PodFailureBackoff b = failures(4).withNewlyFinished(List.of(T.plusSeconds(10)),
                List.of(T.plusSeconds(5), T.plusSeconds(12), T.plusSeconds(20)));
        assertThat(b).isEqualTo(new PodFailureBackoff(2, Optional.of(T.plusSeconds(20))));
        assertThat(failures(4).withNewlyFinished(List.of(T.plusSeconds(1)), List.of()))
                .isEqualTo(PodFailureBackoff.NONE);
    }
}
