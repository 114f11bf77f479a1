package dev.tugboat.api.meta;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** {@code metav1.Time} (RFC 3339, seconds, UTC) and {@code metav1.MicroTime} formatting. */
public final class Timestamps {

    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** {@code 2024-05-01T10:00:00Z}. Written by hand: it is on every write path, and the formatter is slow. */
    public static String format(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = d.getYear();
        if (year < 0 || year > 9999) {
            return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
        }
        char[] c = "0000-00-00T00:00:00Z".toCharArray();
        digits(c, 0, year, 4);
        digits(c, 5, d.getMonthValue(), 2);
        digits(c, 8, d.getDayOfMonth(), 2);
        digits(c, 11, d.getHour(), 2);
        digits(c, 14, d.getMinute(), 2);
        digits(c, 17, d.getSecond(), 2);
        return new String(c);
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
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
