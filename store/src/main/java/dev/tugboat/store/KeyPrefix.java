package dev.tugboat.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The keys under a prefix, as etcd sees them: UTF-8 bytes ordered bytewise. Immutable and thread-safe.
 *
 * @param prefix the key prefix; empty means every key
 */
public record KeyPrefix(String prefix) {

    public KeyPrefix {
        Objects.requireNonNull(prefix, "prefix");
    }

    /** Whether {@code key} is under this prefix. */
    public boolean matches(String key) {
        return key.startsWith(prefix);
    }

    /** The prefix as UTF-8 bytes. */
    public byte[] bytes() {
        return prefix.getBytes(StandardCharsets.UTF_8);
    }

    /** The first key to read: the larger of the prefix and {@code startKey} (empty start key means the prefix). */
    public byte[] rangeStart(String startKey) {
        byte[] start = startKey.getBytes(StandardCharsets.UTF_8);
        byte[] own = bytes();
        return Arrays.compareUnsigned(start, own) > 0 ? start : own;
    }

    /**
     * The smallest byte string greater than every key under the prefix, or null when there is none
     * (empty prefix, or a prefix of only 0xFF bytes): the range is then unbounded above.
     */
    public byte[] rangeEnd() {
        byte[] end = bytes();
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xFF) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        return null;
    }
}
