package dev.tugboat.controllers.nodeipam;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Node subnets from one or two cluster CIDRs (dual stack: one per IP family), as upstream's range
 * allocator keeps them: a node's {@code podCIDRs[i]} comes from cluster CIDR {@code i}. Thread-safe.
 */
final class RangeAllocator {

    private final List<CidrSet> sets;

    RangeAllocator(NodeIpamConfig config) {
        List<CidrSet> s = new ArrayList<>();
        for (String cidr : config.clusterCidrs()) {
            CidrSet set = new CidrSet(cidr, config.nodeMaskSize(cidr));
            config.serviceCidr().filter(set::sameFamily).ifPresent(set::occupy);
            s.add(set);
        }
        this.sets = List.copyOf(s);
    }

    /** One subnet from every cluster CIDR, now taken; empty (and nothing taken) when one is exhausted. */
    synchronized Optional<List<String>> allocate() {
        List<String> out = new ArrayList<>();
        for (CidrSet set : sets) {
            Optional<String> next = set.allocateNext();
            if (next.isEmpty()) {
                for (int i = 0; i < out.size(); i++) {
                    sets.get(i).release(out.get(i));
                }
                return Optional.empty();
            }
            out.add(next.get());
        }
        return Optional.of(List.copyOf(out));
    }

    /** Marks a node's existing CIDRs as taken. Idempotent; CIDRs beyond the configured ones are ignored. */
    synchronized void occupy(List<String> podCidrs) {
        for (int i = 0; i < Math.min(podCidrs.size(), sets.size()); i++) {
            occupyOne(sets.get(i), podCidrs.get(i));
        }
    }

    /** Gives a node's CIDRs back. Idempotent. */
    synchronized void release(List<String> podCidrs) {
        for (int i = 0; i < Math.min(podCidrs.size(), sets.size()); i++) {
            if (sets.get(i).sameFamily(podCidrs.get(i))) {
                sets.get(i).release(podCidrs.get(i));
            }
        }
    }

    synchronized boolean isTaken(String cidr) {
        return sets.stream().anyMatch(s -> s.sameFamily(cidr) && s.isTaken(cidr));
    }

    private static void occupyOne(CidrSet set, String cidr) {
        try {
            if (set.sameFamily(cidr)) {
                set.occupy(cidr);
            }
        } catch (IllegalArgumentException e) {
            // A malformed CIDR on a node cannot be ours; validation should have refused it.
        }
    }
}
