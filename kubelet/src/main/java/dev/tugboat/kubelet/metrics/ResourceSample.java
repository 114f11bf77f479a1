package dev.tugboat.kubelet.metrics;

import java.time.Instant;
import java.util.List;

/** A node's resource usage at one moment, as the kubelet's {@code /metrics/resource} reports it. */
public final class ResourceSample {

    private ResourceSample() {
    }

    /** One container's counters: CPU time since it started, memory working set now. */
    public record ContainerSample(String container, Instant startedAt, long cpuCoreNanos, long memoryBytes) {
    }

    /** One pod's counters: the sum of its containers' (and what its stopped containers used). */
    public record PodSample(String namespace, String name, long cpuCoreNanos, long memoryBytes,
                            List<ContainerSample> containers) {
    }

    /** The node's counters and its pods' at {@code timestamp}. */
    public record NodeSample(Instant timestamp, long cpuCoreNanos, long memoryBytes, List<PodSample> pods) {
    }
}
