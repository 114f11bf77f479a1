package dev.tugboat.kubelet.server;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * One line of a CRI container log file: {@code <RFC 3339 time> <stdout|stderr> <tags> <content>}, where
 * the first tag is {@code F} (the content ends a line) or {@code P} (a partial line the next entry
 * continues). More tags may follow the first, separated by {@code :}; they are ignored.
 *
 * @param content the content, without the file's line terminator
 */
record CriLogEntry(OffsetDateTime time, Stream stream, boolean partial, byte[] content) {

    /** The output stream a line was written to. */
    enum Stream { STDOUT, STDERR }

    /**
     * Parses one line of the file (without its {@code \n}).
     *
     * @throws IllegalArgumentException if the line is not in the CRI format
     */
    static CriLogEntry parse(byte[] line, int length) {
        int timeEnd = indexOf(line, 0, length);
        if (timeEnd < 0) {
            throw malformed(line, length);
        }
        int streamEnd = indexOf(line, timeEnd + 1, length);
        if (streamEnd < 0) {
            throw malformed(line, length);
        }
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(new String(line, 0, timeEnd, StandardCharsets.US_ASCII));
        } catch (DateTimeParseException e) {
            throw malformed(line, length);
        }
        Stream stream = switch (new String(line, timeEnd + 1, streamEnd - timeEnd - 1, StandardCharsets.US_ASCII)) {
            case "stdout" -> Stream.STDOUT;
            case "stderr" -> Stream.STDERR;
            default -> throw malformed(line, length);
        };
        // A line without content may end right after its tags.
        int tagsEnd = indexOf(line, streamEnd + 1, length);
        int contentStart = tagsEnd < 0 ? length : tagsEnd + 1;
        if (tagsEnd < 0) {
            tagsEnd = length;
        }
        int firstTagEnd = streamEnd + 1;
        while (firstTagEnd < tagsEnd && line[firstTagEnd] != ':') {
            firstTagEnd++;
        }
        String tag = new String(line, streamEnd + 1, firstTagEnd - streamEnd - 1, StandardCharsets.US_ASCII);
        boolean partial = switch (tag) {
            case "P" -> true;
            case "F" -> false;
            default -> throw malformed(line, length);
        };
        return new CriLogEntry(time, stream, partial, Arrays.copyOfRange(line, contentStart, length));
    }

    private static int indexOf(byte[] line, int from, int length) {
        for (int i = from; i < length; i++) {
            if (line[i] == ' ') {
                return i;
            }
        }
        return -1;
    }

    private static IllegalArgumentException malformed(byte[] line, int length) {
        return new IllegalArgumentException("not a CRI log line: \""
                + new String(line, 0, Math.min(length, 200), StandardCharsets.UTF_8) + "\"");
    }
}
