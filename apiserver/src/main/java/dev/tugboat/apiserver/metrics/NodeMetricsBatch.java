package dev.tugboat.apiserver.metrics;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one scrape of one node's resource metrics says (metrics-server's decoded MetricsBatch): the node's
 * point, if complete, and the points of the containers of each pod. A container needs both its CPU and
 * memory samples to count; a pod with an incomplete container is left out as a whole, as upstream does.
 * Unlike metrics-server, a counter that reads zero is taken at its word: a simulated container may use no
 * CPU at all, while a kubelet writes zero only when it failed to read a value, which it reports in
 * {@code resource_scrape_error} instead here.
 *
 * @param pods by pod, the points by container name
 */
public record NodeMetricsBatch(String node, Optional<MetricsPoint> nodePoint, Map<PodRef, Map<String, MetricsPoint>> pods) {

    /** A pod by namespace and name. */
    public record PodRef(String namespace, String name) {
    }

    static final String NODE_CPU = "node_cpu_usage_seconds_total";
    static final String NODE_MEMORY = "node_memory_working_set_bytes";
    static final String CONTAINER_CPU = "container_cpu_usage_seconds_total";
    static final String CONTAINER_MEMORY = "container_memory_working_set_bytes";
    static final String CONTAINER_START = "container_start_time_seconds";

    public NodeMetricsBatch {
        pods = Map.copyOf(pods);
    }

    /** A point under construction: null where no sample was seen. */
    private static final class Partial {
        Instant startTime = Instant.EPOCH;
        Instant cpuTime;
        Long cpuCoreNanos;
        Long memoryBytes;

        Optional<MetricsPoint> complete() {
            if (cpuCoreNanos == null || memoryBytes == null) {
                return Optional.empty();
            }
            return Optional.of(new MetricsPoint(startTime, cpuTime, cpuCoreNanos, memoryBytes));
        }
    }

    /**
     * Decodes the samples of one scrape.
     *
     * @param scrapedAt the time of samples that carry no timestamp of their own
     */
    public static NodeMetricsBatch decode(String node, Iterable<PrometheusText.Sample> samples, Instant scrapedAt) {
        // A point's time is its CPU sample's, so that the CPU rate is exact (as metrics-server wants it).
        Partial nodePoint = new Partial();
        Map<PodRef, Map<String, Partial>> pods = new LinkedHashMap<>();
        for (PrometheusText.Sample s : samples) {
            Instant t = s.timestampMillis().isPresent() ? Instant.ofEpochMilli(s.timestampMillis().getAsLong())
                    : scrapedAt;
            switch (s.name()) {
                case NODE_CPU -> {
                    nodePoint.cpuCoreNanos = coreNanos(s.value());
                    nodePoint.cpuTime = t;
                }
                case NODE_MEMORY -> {
                    nodePoint.memoryBytes = bytes(s.value());
                }
                case CONTAINER_CPU -> {
                    Partial p = container(pods, s);
                    p.cpuCoreNanos = coreNanos(s.value());
                    p.cpuTime = t;
                }
                case CONTAINER_MEMORY -> {
                    Partial p = container(pods, s);
                    p.memoryBytes = bytes(s.value());
                }
                case CONTAINER_START -> container(pods, s).startTime = Instant.ofEpochSecond(0,
                        Math.round(s.value() * 1e9));
                default -> {
                }
            }
        }
        Map<PodRef, Map<String, MetricsPoint>> complete = new HashMap<>();
        pods.forEach((pod, containers) -> {
            Map<String, MetricsPoint> points = new LinkedHashMap<>();
            for (Map.Entry<String, Partial> c : containers.entrySet()) {
                Optional<MetricsPoint> p = c.getValue().complete();
                if (p.isEmpty()) {
                    return;
                }
                points.put(c.getKey(), p.get());
            }
            complete.put(pod, Map.copyOf(points));
        });
        return new NodeMetricsBatch(node, nodePoint.complete(), complete);
    }

    private static Partial container(Map<PodRef, Map<String, Partial>> pods, PrometheusText.Sample s) {
        return pods.computeIfAbsent(new PodRef(s.label("namespace"), s.label("pod")), k -> new LinkedHashMap<>())
                .computeIfAbsent(s.label("container"), k -> new Partial());
    }

    /** Core-seconds as core-nanoseconds; NaN and negative values read as nothing used. */
    private static long coreNanos(double seconds) {
        return seconds > 0 ? (long) (seconds * 1e9) : 0;
    }

    private static long bytes(double value) {
        return value > 0 ? (long) value : 0;
    }
}
