package dev.tugboat.apiserver.metrics;

import dev.tugboat.apiserver.metrics.NodeMetricsBatch.PodRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last two points of every node and container, as metrics-server's storage keeps them, and the usage
 * computed from them. Each scrape replaces the whole set: what a scrape did not return is forgotten.
 * A point moves to "previous" only when a newer one arrives; a restarted container starts over. One
 * writer (the scrape loop), any number of readers, which see one scrape's state at a time.
 */
public final class MetricsStorage {

    /** A fresh container's first point is rated against its start only if it started this long ago. */
    static final Duration FRESH_CONTAINER_MIN_AGE = Duration.ofSeconds(10);

    /** One pod's usage: its containers', rated over the same scrapes; the earliest timestamp stands for all. */
    public record PodUsage(String node, Instant timestamp, Duration window, List<ContainerUsage> containers) {
    }

    public record ContainerUsage(String name, long cpuNanoCores, long memoryBytes) {
    }

    private record PodPoints(String node, Map<String, MetricsPoint> containers) {
    }

    private record State(Map<String, MetricsPoint> lastNodes, Map<String, MetricsPoint> prevNodes,
                         Map<PodRef, PodPoints> lastPods, Map<PodRef, Map<String, MetricsPoint>> prevPods) {
        static final State EMPTY = new State(Map.of(), Map.of(), Map.of(), Map.of());
    }

    private final Duration metricResolution;
    private volatile State state = State.EMPTY;

    /** @param metricResolution the scrape period (a fresh container younger than that is rated from its start) */
    public MetricsStorage(Duration metricResolution) {
        this.metricResolution = metricResolution;
    }

    /** The node's usage, if two comparable points are known. */
    public Optional<Usage> node(String name) {
        State s = state;
        MetricsPoint last = s.lastNodes().get(name);
        MetricsPoint prev = s.prevNodes().get(name);
        return last == null || prev == null ? Optional.empty() : Usage.between(last, prev);
    }

    /** The pod's usage, if every container of its last scrape has a previous point. */
    public Optional<PodUsage> pod(String namespace, String name) {
        State s = state;
        PodRef ref = new PodRef(namespace, name);
        PodPoints last = s.lastPods().get(ref);
        Map<String, MetricsPoint> prev = s.prevPods().get(ref);
        if (last == null || prev == null || !prev.keySet().containsAll(last.containers().keySet())) {
            return Optional.empty();
        }
        List<ContainerUsage> containers = new ArrayList<>();
        Usage earliest = null;
        for (Map.Entry<String, MetricsPoint> c : last.containers().entrySet()) {
            Optional<Usage> u = Usage.between(c.getValue(), prev.get(c.getKey()));
            if (u.isEmpty()) {
                continue;
            }
            containers.add(new ContainerUsage(c.getKey(), u.get().cpuNanoCores(), u.get().memoryBytes()));
            if (earliest == null || u.get().timestamp().isBefore(earliest.timestamp())) {
                earliest = u.get();
            }
        }
        if (earliest == null) {
            return Optional.empty();
        }
        containers.sort(Comparator.comparing(ContainerUsage::name));
        return Optional.of(new PodUsage(last.node(), earliest.timestamp(), earliest.window(), List.copyOf(containers)));
    }

    /** Takes one scrape of every node (metrics-server's Store of nodes, then of pods). */
    public void store(List<NodeMetricsBatch> batches) {
        State old = state;
        Map<String, MetricsPoint> lastNodes = new HashMap<>();
        Map<String, MetricsPoint> prevNodes = new HashMap<>();
        Map<PodRef, PodPoints> lastPods = new HashMap<>();
        Map<PodRef, Map<String, MetricsPoint>> prevPods = new HashMap<>();
        for (NodeMetricsBatch b : batches) {
            b.nodePoint().ifPresent(point -> {
                if (lastNodes.putIfAbsent(b.node(), point) == null) {
                    previous(point, old.lastNodes().get(b.node()), old.prevNodes().get(b.node()))
                            .ifPresent(p -> prevNodes.put(b.node(), p));
                }
            });
            b.pods().forEach((ref, containers) -> {
                if (lastPods.putIfAbsent(ref, new PodPoints(b.node(), containers)) != null) {
                    return;
                }
                PodPoints oldLast = old.lastPods().get(ref);
                Map<String, MetricsPoint> oldPrev = old.prevPods().getOrDefault(ref, Map.of());
                Map<String, MetricsPoint> prev = new HashMap<>();
                containers.forEach((name, point) -> containerPrevious(point,
                        oldLast == null ? null : oldLast.containers().get(name), oldPrev.get(name))
                        .ifPresent(p -> prev.put(name, p)));
                if (!prev.isEmpty()) {
                    prevPods.put(ref, Map.copyOf(prev));
                }
            });
        }
        state = new State(Map.copyOf(lastNodes), Map.copyOf(prevNodes), Map.copyOf(lastPods), Map.copyOf(prevPods));
    }

    /** The point that precedes {@code point}: the old last one if older, else the old previous one if older. */
    private static Optional<MetricsPoint> previous(MetricsPoint point, MetricsPoint oldLast, MetricsPoint oldPrev) {
        if (oldLast == null) {
            return Optional.empty();
        }
        if (point.timestamp().isAfter(oldLast.timestamp())) {
            return Optional.of(oldLast);
        }
        return oldPrev != null && oldPrev.timestamp().isBefore(point.timestamp()) ? Optional.of(oldPrev)
                : Optional.empty();
    }

    private Optional<MetricsPoint> containerPrevious(MetricsPoint point, MetricsPoint oldLast, MetricsPoint oldPrev) {
        Duration age = Duration.between(point.startTime(), point.timestamp());
        if (point.startTime().isBefore(point.timestamp()) && age.compareTo(metricResolution) < 0
                && age.compareTo(FRESH_CONTAINER_MIN_AGE) >= 0) {
            // Started since the last scrape, long enough ago to rate: against zero at its start.
            return Optional.of(new MetricsPoint(point.startTime(), point.startTime(), 0, point.memoryBytes()));
        }
        if (oldLast == null || !point.startTime().isBefore(oldLast.timestamp())) {
            // New, or restarted since the last point: nothing comparable yet.
            return Optional.empty();
        }
        return previous(point, oldLast, oldPrev);
    }
}
