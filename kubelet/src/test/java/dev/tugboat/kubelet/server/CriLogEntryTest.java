package dev.tugboat.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CriLogEntryTest {

    private static CriLogEntry parse(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return CriLogEntry.parse(b, b.length);
    }

    @Test
    void readsTimeStreamTagAndContent() {
        CriLogEntry e = parse("2024-05-01T10:00:00.123456789Z stdout F hello world ");
        assertThat(e.time()).isEqualTo(OffsetDateTime.of(2024, 5, 1, 10, 0, 0, 123456789, ZoneOffset.UTC));
        assertThat(e.stream()).isEqualTo(CriLogEntry.Stream.STDOUT);
        assertThat(e.partial()).isFalse();
        assertThat(new String(e.content(), StandardCharsets.UTF_8)).isEqualTo("hello world ");
    }

    @Test
    void partialTagAndExtraTagsAndOffsets() {
        CriLogEntry e = parse("2024-05-01T12:00:00+02:00 stderr P:x part");
        assertThat(e.partial()).isTrue();
        assertThat(e.stream()).isEqualTo(CriLogEntry.Stream.STDERR);
        assertThat(e.time().toInstant()).isEqualTo(OffsetDateTime.parse("2024-05-01T10:00:00Z").toInstant());
        assertThat(e.content()).isEqualTo("part".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void emptyContentWithOrWithoutTheLastSpace() {
        assertThat(parse("2024-05-01T10:00:00Z stdout F ").content()).isEmpty();
        assertThat(parse("2024-05-01T10:00:00Z stdout F").content()).isEmpty();
    }

    @Test
    void rejectsWhatIsNotACriLine() {
        assertThatThrownBy(() -> parse("hello")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse("yesterday stdout F x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse("2024-05-01T10:00:00Z stdin F x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse("2024-05-01T10:00:00Z stdout X x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timesAreFormattedAsGoFormatsRfc3339Nano() {
        assertThat(LogWriter.formatTime(OffsetDateTime.parse("2024-05-01T10:00:00.120000000Z")))
                .isEqualTo("2024-05-01T10:00:00.12Z");
        assertThat(LogWriter.formatTime(OffsetDateTime.parse("2024-05-01T10:00:00Z")))
                .isEqualTo("2024-05-01T10:00:00Z");
        assertThat(LogWriter.formatTime(OffsetDateTime.parse("2024-05-01T10:00:00.000000001+05:30")))
                .isEqualTo("2024-05-01T10:00:00.000000001+05:30");
    }
}
