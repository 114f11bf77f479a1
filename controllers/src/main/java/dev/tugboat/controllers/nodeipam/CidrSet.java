package dev.tugboat.controllers.nodeipam;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.BitSet;
import java.util.Optional;

/**
 * The subnets of one size that a cluster CIDR is cut into, and which of them are taken (upstream's
 * cidrset): a bitmap with one bit per subnet. Allocation goes round-robin from after the last subnet
 * handed out, so that a released subnet is not reused at once. IPv4 and IPv6. Not thread-safe.
 */
final class CidrSet {

    /** Upstream's limit: at most 2^16 subnets per cluster CIDR. */
    static final int MAX_PREFIX_DIFFERENCE = 16;

    private final Cidr cluster;
    private final int subnetPrefix;
    private final int subnets;
    private final BitSet used;
    private int nextCandidate;

    /**
     * @param clusterCidr  e.g. {@code 10.244.0.0/16}
     * @param subnetPrefix the prefix length of each node's subnet, e.g. 24
     * @throws IllegalArgumentException on a malformed CIDR or a subnet size that does not fit
     */
    CidrSet(String clusterCidr, int subnetPrefix) {
        this.cluster = Cidr.parse(clusterCidr);
        if (subnetPrefix < cluster.prefix() || subnetPrefix > cluster.bits()) {
            throw new IllegalArgumentException("subnet mask size " + subnetPrefix + " does not fit in " + clusterCidr);
        }
        if (subnetPrefix - cluster.prefix() > MAX_PREFIX_DIFFERENCE) {
            throw new IllegalArgumentException("subnet mask size " + subnetPrefix + " is too large for " + clusterCidr
                    + ": at most " + MAX_PREFIX_DIFFERENCE + " bits longer than the cluster CIDR's mask");
        }
        this.subnetPrefix = subnetPrefix;
        this.subnets = 1 << (subnetPrefix - cluster.prefix());
        this.used = new BitSet(subnets);
    }

    /** Whether {@code cidr} is of this set's IP family. */
    boolean sameFamily(String cidr) {
        return Cidr.parse(cidr).bits() == cluster.bits();
    }

    /** The next free subnet, now taken; empty when every subnet is taken. */
    Optional<String> allocateNext() {
        for (int i = 0; i < subnets; i++) {
            int candidate = (nextCandidate + i) % subnets;
            if (!used.get(candidate)) {
                used.set(candidate);
                nextCandidate = (candidate + 1) % subnets;
                return Optional.of(subnet(candidate).toString());
            }
        }
        return Optional.empty();
    }

    /**
     * Marks every subnet that {@code cidr} overlaps as taken (a node's existing CIDR, or a service range to
     * keep out). A CIDR outside the cluster CIDR is ignored.
     */
    void occupy(String cidr) {
        range(cidr).ifPresent(r -> used.set(r[0], r[1] + 1));
    }

    /** Gives back every subnet {@code cidr} overlaps. */
    void release(String cidr) {
        range(cidr).ifPresent(r -> used.clear(r[0], r[1] + 1));
    }

    boolean isTaken(String cidr) {
        return range(cidr).map(r -> used.nextClearBit(r[0]) > r[1]).orElse(false);
    }

    int free() {
        return subnets - used.cardinality();
    }

    /** The first and last subnet index {@code cidr} overlaps, clipped to the cluster CIDR. */
    private Optional<int[]> range(String text) {
        Cidr c = Cidr.parse(text);
        if (c.bits() != cluster.bits()) {
            return Optional.empty();
        }
        BigInteger clusterFirst = cluster.first();
        BigInteger clusterLast = cluster.last();
        BigInteger first = c.first().max(clusterFirst);
        BigInteger last = c.last().min(clusterLast);
        if (first.compareTo(last) > 0) {
            return Optional.empty();
        }
        int shift = cluster.bits() - subnetPrefix;
        int from = first.subtract(clusterFirst).shiftRight(shift).intValueExact();
        int to = last.subtract(clusterFirst).shiftRight(shift).intValueExact();
        return Optional.of(new int[] {from, to});
    }

    private Cidr subnet(int index) {
        BigInteger base = cluster.first().add(BigInteger.valueOf(index).shiftLeft(cluster.bits() - subnetPrefix));
        return new Cidr(base, subnetPrefix, cluster.bits());
    }

    /** A network address and prefix length; {@code bits} is 32 or 128. */
    record Cidr(BigInteger address, int prefix, int bits) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("invalid CIDR address: " + text);
            }
            String ip = text.substring(0, slash);
            if (!ip.matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("invalid CIDR address: " + text);
            }
            byte[] bytes;
            int prefix;
            try {
                bytes = InetAddress.getByName(ip).getAddress();
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("invalid CIDR address: " + text, e);
            }
            int bits = bytes.length * 8;
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("invalid CIDR address: " + text);
            }
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .shiftRight(prefix).not();
            return new Cidr(new BigInteger(1, bytes).and(mask).and(BigInteger.ONE.shiftLeft(bits)
                    .subtract(BigInteger.ONE)), prefix, bits);
        }

        BigInteger first() {
            return address;
        }

        BigInteger last() {
            return address.add(BigInteger.ONE.shiftLeft(bits - prefix)).subtract(BigInteger.ONE);
        }

        @Override
        public String toString() {
            byte[] raw = address.toByteArray();
            byte[] bytes = new byte[bits / 8];
            int n = Math.min(raw.length, bytes.length);
            System.arraycopy(raw, raw.length - n, bytes, bytes.length - n, n);
            try {
                String ip = InetAddress.getByAddress(bytes).getHostAddress();
                return (bits == 128 ? compress(ip) : ip) + "/" + prefix;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Java prints {@code fd00:0:0:0:0:0:0:0}; Go (and kubectl users) expect {@code fd00::}. */
        private static String compress(String ip) {
            String[] groups = ip.split(":");
            int bestStart = -1;
            int bestLen = 0;
            for (int i = 0; i < groups.length; ) {
                if (groups[i].equals("0")) {
                    int j = i;
                    while (j < groups.length && groups[j].equals("0")) {
                        j++;
                    }
                    if (j - i > bestLen && j - i > 1) {
                        bestStart = i;
                        bestLen = j - i;
                    }
                    i = j;
                } else {
                    i++;
                }
            }
            if (bestStart < 0) {
                return ip;
            }
            String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
            String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
            return head + "::" + tail;
        }
    }
}
