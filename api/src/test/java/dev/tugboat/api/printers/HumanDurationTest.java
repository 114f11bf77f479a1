package dev.tugboat.api.printers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HumanDurationTest {

    record Case(Duration d, String want) {
        @Override
        public String toString() {
            return d + " -> " + want;
        }
    }

    private static Duration days(long d, long h) {
        return Duration.ofDays(d).plusHours(h);
    }

    static Stream<Case> boundaries() {
        return Stream.of(
                new Case(Duration.ofSeconds(-2), "<invalid>"),
                new Case(Duration.ofMillis(-1500), "0s"),
                new Case(Duration.ofSeconds(-1), "0s"),
                new Case(Duration.ZERO, "0s"),
                new Case(Duration.ofMillis(999), "0s"),
                new Case(Duration.ofSeconds(119), "119s"),
                new Case(Duration.ofSeconds(120), "2m"),
                new Case(Duration.ofSeconds(130), "2m10s"),
                new Case(Duration.ofSeconds(599), "9m59s"),
                new Case(Duration.ofSeconds(600), "10m"),
                new Case(Duration.ofMinutes(150), "150m"),
                new Case(Duration.ofMinutes(179).plusSeconds(59), "179m"),
                new Case(Duration.ofHours(3), "3h"),
                new Case(Duration.ofMinutes(195), "3h15m"),
                new Case(Duration.ofMinutes(479), "7h59m"),
                new Case(Duration.ofHours(8), "8h"),
                new Case(Duration.ofMinutes(47 * 60 + 59), "47h"),
                new Case(Duration.ofHours(48), "2d"),
                new Case(days(2, 4), "2d4h"),
                new Case(days(7, 23), "7d23h"),
                new Case(Duration.ofDays(8), "8d"),
                new Case(Duration.ofDays(400), "400d"),
                new Case(Duration.ofDays(729), "729d"),
                new Case(Duration.ofDays(730), "2y"),
                new Case(Duration.ofDays(750), "2y20d"),
                new Case(Duration.ofDays(365 * 8 - 1), "7y364d"),
                new Case(Duration.ofDays(365 * 8), "8y"),
                new Case(Duration.ofDays(365 * 12 + 100), "12y"));
    }

    @ParameterizedTest
    @MethodSource("boundaries")
    void formatsDurationsAtEveryBoundaryAsUpstream(Case c) {
        assertThat(HumanDuration.format(c.d())).isEqualTo(c.want());
    }
}
