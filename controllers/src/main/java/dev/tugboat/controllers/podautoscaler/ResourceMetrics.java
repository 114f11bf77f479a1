package dev.tugboat.controllers.podautoscaler;

import dev.tugboat.api.quantity.Quantity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the resource metrics API's answer into one resource's usage per pod, as upstream's resource
 * metrics client does: a pod's usage is the sum over its containers (a pod missing the resource in any
 * container has no usage), or one named container's.
 */
final class ResourceMetrics {

    /**
     * Usage per pod name and the time of the samples.
     *
     * @param byPod     milli-value per pod
     * @param timestamp the first sample's timestamp (upstream reports that one)
     */
    record PodUsage(Map<String, PodMetric> byPod, Instant timestamp) {
        PodUsage {
            byPod = Map.copyOf(byPod);
        }
    }

    private ResourceMetrics() {
    }

    /**
     * The usage of {@code resource} by the pods {@code selector} matches.
     *
     * @param container "" for whole pods, else the container whose usage counts
     * @throws MetricException with upstream's message when the API fails, returns nothing, or a pod's
     *                         metrics lack the container
     */
    static PodUsage fetch(ResourceMetricsClient client, String resource, String namespace, String selector,
                          String container) throws MetricException {
        List<PodMetrics> items;
        try {
            items = client.podMetrics(namespace, selector);
        } catch (RuntimeException e) {
            throw new MetricException("unable to fetch metrics from resource metrics API: " + e.getMessage());
        }
        if (items.isEmpty()) {
            throw new MetricException("no metrics returned from resource metrics API");
        }
        Map<String, PodMetric> byPod = container.isEmpty() ? podUsage(items, resource)
                : containerUsage(items, resource, container);
        return new PodUsage(byPod, items.getFirst().timestamp());
    }

    private static Map<String, PodMetric> podUsage(List<PodMetrics> items, String resource) {
        Map<String, PodMetric> byPod = new LinkedHashMap<>();
        for (PodMetrics m : items) {
            if (m.containers().isEmpty()) {
                continue;
            }
            long sum = 0;
            boolean missing = false;
            for (PodMetrics.ContainerMetrics c : m.containers()) {
                Quantity q = c.usage().get(resource);
                if (q == null) {
                    missing = true;
                    break;
                }
                sum += q.milliValue();
            }
            if (!missing) {
                byPod.put(m.name(), new PodMetric(sum, m.timestamp(), m.window()));
            }
        }
        return byPod;
    }

    private static Map<String, PodMetric> containerUsage(List<PodMetrics> items, String resource, String container)
            throws MetricException {
        Map<String, PodMetric> byPod = new LinkedHashMap<>();
        for (PodMetrics m : items) {
            PodMetrics.ContainerMetrics found = m.containers().stream().filter(c -> c.name().equals(container))
                    .findFirst().orElseThrow(() -> new MetricException("failed to get container metrics: container "
                            + container + " not present in metrics for pod " + m.namespace() + "/" + m.name()));
            Quantity q = found.usage().get(resource);
            if (q != null) {
                byPod.put(m.name(), new PodMetric(q.milliValue(), m.timestamp(), m.window()));
            }
        }
        return byPod;
    }
}
