package dev.tugboat.kubelet.server;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Turns log lines into the bytes a user sees: drops lines older than {@code since}, prefixes each line
 * with its time when {@code timestamps} is asked for, and stops after {@code limitBytes}.
 */
final class LogWriter {

    private final LogSink sink;
    private final boolean timestamps;
    private final Instant since;
    private long remaining;
    private boolean done;

    /**
     * @param since      the earliest time a shown line may have, or null
     * @param limitBytes the most bytes to write, or {@link Long#MAX_VALUE}
     */
    LogWriter(LogSink sink, boolean timestamps, Instant since, long limitBytes) {
        this.sink = sink;
        this.timestamps = timestamps;
        this.since = since;
        this.remaining = limitBytes;
    }

    /**
     * Writes one line.
     *
     * @return false once no more output is wanted: the limit is reached or the reader went away
     */
    boolean write(LogLine line) {
        if (done) {
            return false;
        }
        if (since != null && line.time().toInstant().isBefore(since)) {
            return true;
        }
        if (timestamps) {
            byte[] prefix = (formatTime(line.time()) + " ").getBytes(StandardCharsets.US_ASCII);
            if (!put(prefix)) {
                return false;
            }
        }
        return put(line.text());
    }

    /** Whether the limit was reached or the reader went away. */
    boolean done() {
        return done;
    }

    private boolean put(byte[] bytes) {
        int n = (int) Math.min(bytes.length, remaining);
        if (!sink.write(bytes, 0, n)) {
            done = true;
            return false;
        }
        remaining -= n;
        if (remaining == 0) {
            done = true;
        }
        return !done;
    }

    /**
     * RFC 3339 with nanoseconds as Go formats it (kubectl users know this form): the fraction without
     * trailing zeros and left out when zero, and {@code Z} for UTC.
     */
    static String formatTime(OffsetDateTime t) {
        StringBuilder sb = new StringBuilder(35);
        int year = t.getYear();
        pad(sb, year, 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append('T');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2);
        int nanos = t.getNano();
        if (nanos != 0) {
            String fraction = String.format("%09d", nanos);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(fraction, 0, end);
        }
        ZoneOffset offset = t.getOffset();
        sb.append(offset.getTotalSeconds() == 0 ? "Z" : offset.getId());
        return sb.toString();
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
