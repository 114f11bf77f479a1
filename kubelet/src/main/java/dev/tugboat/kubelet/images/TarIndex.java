package dev.tugboat.kubelet.images;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where each regular file of a tar archive starts and how long it is, found by walking the headers
 * once (the contents are skipped, not read), so that a member can later be read in place with
 * positional reads. Understands ustar (with its name prefix), pax extended headers ({@code path},
 * {@code size}) and GNU long names, which covers what {@link TarWriter}, GNU tar and Go's
 * archive/tar write. Directories, links and other entry types are not listed.
 */
final class TarIndex {

    /** A regular file's content: {@code size} bytes from byte {@code offset} of the archive. */
    record Member(long offset, long size) {
    }

    private static final int BLOCK = TarWriter.BLOCK;
    /** Bigger pax or GNU long-name records than this are not what an image archive holds. */
    private static final int MAX_METADATA = 1 << 20;

    private TarIndex() {
    }

    /** The regular files of the archive open on {@code channel}, by name (without a leading "./"). */
    static Map<String, Member> of(FileChannel channel) throws IOException {
        Map<String, Member> members = new LinkedHashMap<>();
        long position = 0;
        long end = channel.size();
        String nextName = null;
        Long nextSize = null;
        ByteBuffer header = ByteBuffer.allocate(BLOCK);
        while (true) {
            if (position + BLOCK > end) {
                throw new IOException("the archive ends inside a header at byte " + position);
            }
            readFully(channel, header.clear(), position);
            byte[] block = header.array();
            if (allZero(block)) {
                return members;
            }
            verifyChecksum(block, position);
            char type = (char) block[156];
            long size = nextSize != null ? nextSize : octal(block, 124, 12, position);
            long content = position + BLOCK;
            if (content + size > end) {
                throw new IOException("member at byte " + position + " claims " + size
                        + " bytes, past the end of the archive");
            }
            switch (type) {
                case 'x' -> {
                    Map<String, String> records = paxRecords(readText(channel, content, size));
                    if (records.containsKey("path")) {
                        nextName = records.get("path");
                    }
                    if (records.containsKey("size")) {
                        nextSize = Long.parseLong(records.get("size"));
                    }
                }
                case 'L' -> nextName = trimNul(readText(channel, content, size));
                case 'g' -> {
                    // Global pax headers hold defaults (e.g. mtime) that do not move members.
                }
                default -> {
                    String name = nextName != null ? nextName : ustarName(block);
                    if (type == '0' || type == '\0' || type == '7') {
                        members.put(normalise(name), new Member(content, size));
                    }
                    nextName = null;
                    nextSize = null;
                }
            }
            position = content + roundUp(size);
        }
    }

    private static String normalise(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        return n;
    }

    private static String ustarName(byte[] block) {
        String name = field(block, 0, 100);
        boolean ustar = block[257] == 'u' && block[258] == 's' && block[259] == 't'
                && block[260] == 'a' && block[261] == 'r';
        String prefix = ustar ? field(block, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String field(byte[] block, int offset, int length) {
        int end = offset;
        while (end < offset + length && block[end] != 0) {
            end++;
        }
        return new String(block, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] block, int offset, int length, long position) throws IOException {
        if ((block[offset] & 0x80) != 0) {
            // GNU base-256: a big-endian number in the remaining bytes.
            long value = 0;
            for (int i = offset + 1; i < offset + length; i++) {
                value = (value << 8) | (block[i] & 0xff);
            }
            return value;
        }
        String digits = field(block, offset, length).strip();
        if (digits.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(digits, 8);
        } catch (NumberFormatException e) {
            throw new IOException("header at byte " + position + " has a malformed number: " + digits, e);
        }
    }

    private static void verifyChecksum(byte[] block, long position) throws IOException {
        long recorded = octal(block, 148, 8, position);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : block[i] & 0xff;
        }
        if (sum != recorded) {
            throw new IOException("header at byte " + position + " has a wrong checksum; not a tar archive?");
        }
    }

    /** pax records: "LEN key=value\n" each, LEN counting the whole record. */
    private static Map<String, String> paxRecords(String text) throws IOException {
        Map<String, String> records = new LinkedHashMap<>();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int at = 0;
        while (at < bytes.length) {
            int space = at;
            while (space < bytes.length && bytes[space] != ' ') {
                space++;
            }
            int length;
            try {
                length = Integer.parseInt(new String(bytes, at, space - at, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new IOException("malformed pax record length", e);
            }
            if (length <= space - at + 1 || at + length > bytes.length || bytes[at + length - 1] != '\n') {
                throw new IOException("malformed pax record");
            }
            String record = new String(bytes, space + 1, at + length - 1 - (space + 1), StandardCharsets.UTF_8);
            int equals = record.indexOf('=');
            if (equals < 0) {
                throw new IOException("malformed pax record: " + record);
            }
            records.put(record.substring(0, equals), record.substring(equals + 1));
            at += length;
        }
        return records;
    }

    private static String readText(FileChannel channel, long offset, long size) throws IOException {
        if (size > MAX_METADATA) {
            throw new IOException("a " + size + "-byte tar metadata entry is more than an image archive needs");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        readFully(channel, buffer, offset);
        return new String(buffer.array(), StandardCharsets.UTF_8);
    }

    private static String trimNul(String text) {
        int nul = text.indexOf('\0');
        return nul < 0 ? text : text.substring(0, nul);
    }

    static void readFully(FileChannel channel, ByteBuffer buffer, long offset) throws IOException {
        long at = offset;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of archive at byte " + at);
            }
            at += n;
        }
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static long roundUp(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }
}
