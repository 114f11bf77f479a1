package dev.tugboat.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    /** Waits before each restart of a container that crashes {@code runFor} after every start. */
    private static List<Long> waits(int restarts, Duration runFor) {
        RestartBackoff b = RestartBackoff.KUBELET;
        Optional<RestartBackoff.Entry> entry = Optional.empty();
        Instant start = T0;
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < restarts; i++) {
            Instant exit = start.plus(runFor);
            Instant restart = b.restartAt(entry, exit);
            out.add(Duration.between(exit, restart).toSeconds());
            entry = Optional.of(b.next(entry, exit));
            start = restart;
        }
        return out;
    }

    @Test
    void theFirstRestartIsImmediateThenTenSecondsDoublingToFiveMinutes() {
        assertThat(waits(9, Duration.ofSeconds(1))).containsExactly(0L, 10L, 20L, 40L, 80L, 160L, 300L, 300L, 300L);
    }

    @Test
    void aContainerThatRanLongerThanTenMinutesStartsOver() {
        assertThat(waits(4, Duration.ofMinutes(11))).containsExactly(0L, 0L, 0L, 0L);
    }
}
