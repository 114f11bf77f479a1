package dev.tugboat.apiserver.allocation;

/**
 * An IPv4 CIDR as a range of allocatable addresses: offsets 0..size-1 map to base+1 .. broadcast-1
 * (the network and broadcast addresses are never handed out), as upstream's service IP allocator.
 */
public record Ipv4Range(String cidr, long network, int prefixLength) {

    public static Ipv4Range parse(String cidr) {
        String[] parts = cidr.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("not a CIDR: " + cidr);
        }
        int prefix = Integer.parseInt(parts[1]);
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("service CIDR prefix must be between /8 and /30: " + cidr);
        }
        long addr = toLong(parts[0]);
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return new Ipv4Range(cidr, addr & mask, prefix);
    }

    /** Addresses that can be allocated. */
    public int size() {
        return (int) ((1L << (32 - prefixLength)) - 2);
    }

    /** The offset of an address, or -1 if it is outside the allocatable range. */
    public int offset(String ip) {
        long a;
        try {
            a = toLong(ip);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        long off = a - network - 1;
        return off < 0 || off >= size() ? -1 : (int) off;
    }

    public String address(int offset) {
        return fromLong(network + 1 + offset);
    }

    public static long toLong(String ip) {
        String[] o = ip.split("\\.");
        if (o.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        long v = 0;
        for (String s : o) {
            int n = Integer.parseInt(s);
            if (n < 0 || n > 255 || s.isEmpty() || (s.length() > 1 && s.startsWith("0"))) {
                throw new IllegalArgumentException("not an IPv4 address: " + ip);
            }
            v = (v << 8) | n;
        }
        return v;
    }

    public static String fromLong(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }
}
