package dev.tugboat.controllers.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.quantity.Quantity;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.controllers.Objects;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for metrics-server in controller tests: reports, for every Running pod the selector matches
 * (read from the API server), each container using the CPU set for its namespace, sampled just now over
 * a 15 s window. Pods of a namespace without a set usage have no metrics.
 */
final class FakeResourceMetrics implements ResourceMetricsClient {

    private final ResourceClient pods;
    private final Map<String, Quantity> cpuPerContainer = new ConcurrentHashMap<>();

    FakeResourceMetrics(ApiClient api) {
        this.pods = api.resource(Objects.PODS);
    }

    /** From now on every container of the namespace's running pods uses {@code cpu}. */
    void setCpu(String namespace, String cpu) {
        cpuPerContainer.put(namespace, Quantity.parse(cpu));
    }

    @Override
    public List<PodMetrics> podMetrics(String namespace, String labelSelector) {
        Quantity cpu = cpuPerContainer.get(namespace);
        List<PodMetrics> metrics = new ArrayList<>();
        if (cpu == null) {
            return metrics;
        }
        for (ObjectNode pod : pods.list(namespace, ListOptions.ALL.withLabelSelector(labelSelector)).items()) {
            if (!"Running".equals(pod.path("status").path("phase").asText())) {
                continue;
            }
            List<PodMetrics.ContainerMetrics> containers = new ArrayList<>();
            for (JsonNode c : pod.path("spec").path("containers")) {
                containers.add(new PodMetrics.ContainerMetrics(c.path("name").asText(),
                        Map.of("cpu", cpu, "memory", Quantity.parse("64Mi"))));
            }
            metrics.add(new PodMetrics(Meta.name(pod), namespace, Instant.now(), Duration.ofSeconds(15), containers));
        }
        return metrics;
    }
}
