package dev.tugboat.kubelet.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a POSIX (pax) tar stream, one entry at a time, with the fields that make an archive
 * reproducible fixed: mtime 0, uid and gid 0, empty owner names. Names or link targets that do not
 * fit the 100-byte ustar fields (or are not ASCII) travel in a pax extended header, which GNU tar,
 * Go's archive/tar (containerd) and every other pax reader apply to the entry that follows.
 * File contents are streamed, never held in memory. The caller closes the underlying stream.
 */
final class TarWriter {

    static final int BLOCK = 512;
    private static final int NAME_FIELD = 100;
    /** The largest size the 11 octal digits of a ustar size field can hold. */
    private static final long MAX_SIZE = 077777777777L;
    private static final byte[] ZEROS = new byte[BLOCK];

    private final OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private boolean finished;

    TarWriter(OutputStream out) {
        this.out = out;
    }

    /** A directory; {@code name} without the trailing slash, which is added here. */
    void directory(String name, int mode) throws IOException {
        header(name + "/", mode, 0, '5', "");
    }

    void symlink(String name, String target) throws IOException {
        header(name, 0777, 0, '2', target);
    }

    void file(String name, int mode, byte[] content) throws IOException {
        header(name, mode, content.length, '0', "");
        out.write(content);
        pad(content.length);
    }

    /** A regular file of exactly {@code size} bytes read from {@code content}. */
    void file(String name, int mode, long size, InputStream content) throws IOException {
        header(name, mode, size, '0', "");
        long left = size;
        while (left > 0) {
            int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException(name + ": ended after " + (size - left) + " of " + size
                        + " bytes (did it change while being archived?)");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        pad(size);
    }

    /** The two zero blocks that end an archive. */
    void finish() throws IOException {
        if (!finished) {
            out.write(ZEROS);
            out.write(ZEROS);
            out.flush();
            finished = true;
        }
    }

    private void header(String name, int mode, long size, char type, String linkName) throws IOException {
        if (finished) {
            throw new IllegalStateException("archive already finished");
        }
        if (size > MAX_SIZE) {
            throw new IOException(name + ": " + size + " bytes is more than a tar entry here can hold");
        }
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] linkBytes = linkName.getBytes(StandardCharsets.UTF_8);
        boolean longName = !fitsUstar(name, nameBytes);
        boolean longLink = !fitsUstar(linkName, linkBytes);
        if (longName || longLink) {
            StringBuilder records = new StringBuilder();
            if (longName) {
                records.append(paxRecord("path", name));
            }
            if (longLink) {
                records.append(paxRecord("linkpath", linkName));
            }
            byte[] pax = records.toString().getBytes(StandardCharsets.UTF_8);
            out.write(block(paxHeaderName(nameBytes), 0644, pax.length, 'x', new byte[0]));
            out.write(pax);
            pad(pax.length);
        }
        out.write(block(truncated(nameBytes), mode, size, type, truncated(linkBytes)));
    }

    private static boolean fitsUstar(String text, byte[] bytes) {
        return bytes.length <= NAME_FIELD && bytes.length == text.length();
    }

    /** A plain ASCII stand-in for the ustar field; readers take the real value from the pax header. */
    private static byte[] truncated(byte[] bytes) {
        byte[] ascii = Arrays.copyOf(bytes, Math.min(bytes.length, NAME_FIELD));
        for (int i = 0; i < ascii.length; i++) {
            if (ascii[i] < 0x20) {
                ascii[i] = '_';
            }
        }
        return ascii;
    }

    private static byte[] paxHeaderName(byte[] nameBytes) {
        byte[] prefix = "PaxHeaders/".getBytes(StandardCharsets.US_ASCII);
        byte[] name = new byte[Math.min(NAME_FIELD, prefix.length + nameBytes.length)];
        System.arraycopy(prefix, 0, name, 0, prefix.length);
        System.arraycopy(nameBytes, 0, name, prefix.length, name.length - prefix.length);
        return truncated(name);
    }

    /** "LEN key=value\n", where LEN counts the whole record including its own digits. */
    static String paxRecord(String key, String value) {
        int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
        int length = body + Integer.toString(body).length();
        if (Integer.toString(length).length() != Integer.toString(body).length()) {
            length++;
        }
        return length + " " + key + "=" + value + "\n";
    }

    private static byte[] block(byte[] name, int mode, long size, char type, byte[] linkName) {
        byte[] b = new byte[BLOCK];
        System.arraycopy(name, 0, b, 0, name.length);
        octal(b, 100, 8, mode & 07777);
        octal(b, 108, 8, 0);
        octal(b, 116, 8, 0);
        octal(b, 124, 12, size);
        octal(b, 136, 12, 0);
        Arrays.fill(b, 148, 156, (byte) ' ');
        b[156] = (byte) type;
        System.arraycopy(linkName, 0, b, 157, linkName.length);
        byte[] magic = {'u', 's', 't', 'a', 'r', 0, '0', '0'};
        System.arraycopy(magic, 0, b, 257, magic.length);
        octal(b, 329, 8, 0);
        octal(b, 337, 8, 0);
        long sum = 0;
        for (byte x : b) {
            sum += x & 0xff;
        }
        String checksum = String.format("%06o", sum);
        for (int i = 0; i < 6; i++) {
            b[148 + i] = (byte) checksum.charAt(i);
        }
        b[154] = 0;
        b[155] = ' ';
        return b;
    }

    /** Zero-padded octal filling the field but its last byte, which stays NUL. */
    private static void octal(byte[] b, int offset, int width, long value) {
        String digits = Long.toOctalString(value);
        int pad = width - 1 - digits.length();
        for (int i = 0; i < width - 1; i++) {
            b[offset + i] = (byte) (i < pad ? '0' : digits.charAt(i - pad));
        }
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(ZEROS, 0, BLOCK - rest);
        }
    }
}
