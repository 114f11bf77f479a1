package dev.tugboat.simnode;

import dev.tugboat.api.quantity.Quantity;

/**
 * What a simulated node reports as capacity (and allocatable: nothing is reserved for a system that does
 * not run). Quantities in Kubernetes notation, canonicalized on construction.
 */
public record NodeCapacity(String cpu, String memory, String pods, String ephemeralStorage) {

    /** Upstream's tested large-node shape: 32 CPUs, 256Gi memory, 110 pods, 100Gi ephemeral storage. */
    public static final NodeCapacity DEFAULT = new NodeCapacity("32", "256Gi", "110", "100Gi");

    /** Stores the canonical form the API server would, so that status comparisons stay exact. */
    public NodeCapacity {
        cpu = Quantity.parse(cpu).toString();
        memory = Quantity.parse(memory).toString();
        pods = Quantity.parse(pods).toString();
        ephemeralStorage = Quantity.parse(ephemeralStorage).toString();
    }
}
