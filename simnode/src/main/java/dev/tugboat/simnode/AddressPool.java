package dev.tugboat.simnode;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * IPv4 addresses of one CIDR handed out to owners (pods by UID, nodes by name), as a host-local IPAM
 * plugin does: the network address, the first address (the bridge's gateway) and the broadcast address
 * are never handed out; allocation goes round-robin from the last address given, so a released address
 * is not reused at once. An owner holds at most one address. Thread-safe.
 */
final class AddressPool {

    private final Ipv4Cidr cidr;
    private final int first;
    private final int last;
    private final BitSet used = new BitSet();
    private final Map<String, Integer> byOwner = new HashMap<>();
    private final Map<Integer, String> byOffset = new HashMap<>();
    private int cursor;

    AddressPool(Ipv4Cidr cidr) {
        this.cidr = cidr;
        long size = cidr.size();
        // Offsets 0 (network) and 1 (gateway) and size-1 (broadcast) are reserved.
        this.first = 2;
        this.last = (int) Math.min(Integer.MAX_VALUE, size - 2);
        this.cursor = first - 1;
    }

    Ipv4Cidr cidr() {
        return cidr;
    }

    /** The owner's address: the one it holds, else a free one; empty when the pool is exhausted. */
    synchronized Optional<String> allocate(String owner) {
        Integer held = byOwner.get(owner);
        if (held != null) {
            return Optional.of(cidr.address(held));
        }
        int capacity = last - first + 1;
        for (int n = 0; n < capacity; n++) {
            int candidate = cursor + 1 > last ? first : cursor + 1;
            cursor = candidate;
            if (!used.get(candidate)) {
                take(owner, candidate);
                return Optional.of(cidr.address(candidate));
            }
        }
        return Optional.empty();
    }

    /**
     * Records that {@code owner} holds {@code address} (an address found in an existing object).
     *
     * @return false if the address is outside the allocatable range or held by another owner
     */
    synchronized boolean reserve(String owner, String address) {
        Optional<Integer> offset = cidr.offsetOf(address);
        if (offset.isEmpty() || offset.get() < first || offset.get() > last) {
            return false;
        }
        String holder = byOffset.get(offset.get());
        if (holder != null) {
            return holder.equals(owner);
        }
        release(owner);
        take(owner, offset.get());
        return true;
    }

    /** Frees the owner's address, if it holds one. */
    synchronized void release(String owner) {
        Integer offset = byOwner.remove(owner);
        if (offset != null) {
            byOffset.remove(offset);
            used.clear(offset);
        }
    }

    synchronized Optional<String> addressOf(String owner) {
        return Optional.ofNullable(byOwner.get(owner)).map(cidr::address);
    }

    synchronized int allocated() {
        return byOwner.size();
    }

    private void take(String owner, int offset) {
        used.set(offset);
        byOwner.put(owner, offset);
        byOffset.put(offset, owner);
    }
}
