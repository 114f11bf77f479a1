package dev.tugboat.api.meta;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** {@code metav1.Time} (RFC 3339, seconds, UTC) and {@code metav1.MicroTime} formatting. */
public final class Timestamps {

    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private Timestamps() {
    }

    /** {@code 2024-05-01T10:00:00Z}. */
    public static String format(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /** {@code 2024-05-01T10:00:00.123456Z}. */
    public static String formatMicro(Instant t) {
        return MICRO.format(t);
    }

    /** Parses an RFC 3339 timestamp; empty if absent or malformed. */
    public static Optional<Instant> parse(String s) {
        if (s == null || s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.time.OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
