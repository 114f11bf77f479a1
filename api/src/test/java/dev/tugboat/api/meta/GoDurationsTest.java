package dev.tugboat.api.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationsTest {

    @ParameterizedTest
    @CsvSource({"5s,5000", "300ms,300", "1m30s,90000", "1h,3600000", "1.5s,1500", "0,0", "2m0.5s,120500"})
    void parsesGoDurations(String text, long millis) {
        assertThat(GoDurations.parse(text)).contains(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource({"5", "-5s", "5x", "s", "''", "1d"})
    void rejectsWhatGoRejects(String text) {
        assertThat(GoDurations.parse(text)).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @CsvSource({"10,10s", "300,5m0s", "3723,1h2m3s", "0,0s"})
    void formatsAsGoDoes(long seconds, String want) {
        assertThat(GoDurations.format(Duration.ofSeconds(seconds))).isEqualTo(want);
    }

    @ParameterizedTest
    @CsvSource({"998000000,998ms", "1500000,1.5ms", "20000,20µs", "7,7ns", "1002000000,1.002s",
            "15006000000,15.006s", "61000000001,1m1.000000001s"})
    void formatsFractionsAsGoDoes(long nanos, String want) {
        assertThat(GoDurations.format(Duration.ofNanos(nanos))).isEqualTo(want);
    }
}
