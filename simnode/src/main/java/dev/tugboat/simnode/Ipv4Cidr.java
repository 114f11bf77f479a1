package dev.tugboat.simnode;

import java.util.Optional;

/** An IPv4 CIDR block such as {@code 10.244.3.0/24}. */
record Ipv4Cidr(long base, int prefixLength) {

    Ipv4Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
        }
        long mask = prefixLength == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefixLength)) & 0xFFFF_FFFFL;
        base &= mask;
    }

    /** Parses {@code a.b.c.d/n}; empty for anything else (IPv6 included). */
    static Optional<Ipv4Cidr> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        Optional<Long> addr = parseAddress(text.substring(0, slash));
        try {
            int prefix = Integer.parseInt(text.substring(slash + 1));
            if (addr.isEmpty() || prefix < 0 || prefix > 32) {
                return Optional.empty();
            }
            return Optional.of(new Ipv4Cidr(addr.get(), prefix));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static Optional<Long> parseAddress(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        long value = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                return Optional.empty();
            }
            value = value << 8 | octet;
        }
        return Optional.of(value);
    }

    long size() {
        return 1L << (32 - prefixLength);
    }

    String address(int offset) {
        long a = base + offset;
        return (a >> 24 & 255) + "." + (a >> 16 & 255) + "." + (a >> 8 & 255) + "." + (a & 255);
    }

    /** The offset of an address inside this block, or empty if it is outside. */
    Optional<Integer> offsetOf(String address) {
        return parseAddress(address).filter(a -> a >= base && a < base + size()).map(a -> (int) (a - base));
    }

    @Override
    public String toString() {
        return address(0) + "/" + prefixLength;
    }
}
