package dev.tugboat.kubelet.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;

/**
 * A node's capacity and allocatable as the kubelet computes them: allocatable is capacity less the
 * default hard eviction thresholds (memory.available 100Mi, nodefs.available 10%), with no kube or
 * system reservations, as upstream's kubelet does with its default configuration. Pure.
 */
public record NodeResources(long cpus, long memoryBytes, long ephemeralStorageBytes, int maxPods) {

    /** Upstream's default hard eviction threshold for memory.available. */
    static final long MEMORY_EVICTION_THRESHOLD = 100L * 1024 * 1024;
    /** Upstream's default hard eviction threshold for nodefs.available, in percent. */
    static final int NODEFS_EVICTION_PERCENT = 10;

    public static NodeResources of(HostFacts host, int maxPods) {
        return new NodeResources(host.cpus(), host.memoryBytes(), host.ephemeralStorageBytes(), maxPods);
    }

    public ObjectNode capacity() {
        return resources(memoryBytes, ephemeralStorageBytes);
    }

    public ObjectNode allocatable() {
        return resources(Math.max(0, memoryBytes - MEMORY_EVICTION_THRESHOLD),
                ephemeralStorageBytes - ephemeralStorageBytes * NODEFS_EVICTION_PERCENT / 100);
    }

    private ObjectNode resources(long memory, long ephemeral) {
        ObjectNode r = Json.object();
        r.put("cpu", Long.toString(cpus));
        r.put("ephemeral-storage", binary(ephemeral));
        r.put("hugepages-1Gi", "0");
        r.put("hugepages-2Mi", "0");
        r.put("memory", binary(memory));
        r.put("pods", Integer.toString(maxPods));
        return r;
    }

    /** Bytes in the canonical binary-SI form the API prints (the largest suffix that divides exactly). */
    static String binary(long bytes) {
        String[] suffixes = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
        int i = 0;
        long v = bytes;
        while (v != 0 && v % 1024 == 0 && i < suffixes.length - 1) {
            v /= 1024;
            i++;
        }
        return v + suffixes[i];
    }
}
