package dev.tugboat.controllers.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.GoDurations;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.api.quantity.Quantity;
import dev.tugboat.api.quantity.QuantityFormatException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One item of the resource metrics API's {@code PodMetricsList} ({@code metrics.k8s.io/v1beta1}), as
 * metrics-server serves it: a pod's usage per container over one sampling window.
 *
 * @param name       the pod
 * @param namespace  the pod's namespace
 * @param timestamp  the end of the sampling window
 * @param window     how long the samples were collected over
 * @param containers usage per container
 */
public record PodMetrics(String name, String namespace, Instant timestamp, Duration window,
                         List<ContainerMetrics> containers) {

    /** Go's zero time, which a missing timestamp decodes to. */
    static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    public PodMetrics {
        containers = List.copyOf(containers);
    }

    /**
     * One container's usage.
     *
     * @param usage resource name ({@code cpu}, {@code memory}) to amount, e.g. {@code 250000000n}
     */
    public record ContainerMetrics(String name, Map<String, Quantity> usage) {
        public ContainerMetrics {
            usage = Map.copyOf(usage);
        }
    }

    /**
     * Reads a {@code PodMetrics} item.
     *
     * @throws IllegalArgumentException when a timestamp, window or quantity cannot be decoded (as Go's
     *                                  decoder would reject the list)
     */
    public static PodMetrics fromJson(JsonNode item) {
        String ts = item.path("timestamp").asText("");
        Instant timestamp = ts.isEmpty() ? ZERO_TIME : Timestamps.parse(ts).orElseThrow(
                () -> new IllegalArgumentException("invalid timestamp " + ts + " in the metrics of pod " + Meta.name(item)));
        String w = item.path("window").asText("");
        Duration window = w.isEmpty() ? Duration.ZERO : GoDurations.parse(w).orElseThrow(
                () -> new IllegalArgumentException("invalid window " + w + " in the metrics of pod " + Meta.name(item)));
        List<ContainerMetrics> containers = new ArrayList<>();
        for (JsonNode c : item.path("containers")) {
            Map<String, Quantity> usage = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : c.path("usage").properties()) {
                try {
                    usage.put(e.getKey(), Quantity.parse(e.getValue()));
                } catch (QuantityFormatException ex) {
                    throw new IllegalArgumentException("invalid " + e.getKey() + " usage " + e.getValue()
                            + " in the metrics of pod " + Meta.name(item) + ": " + ex.getMessage());
                }
            }
            containers.add(new ContainerMetrics(c.path("name").asText(""), usage));
        }
        return new PodMetrics(Meta.name(item), Meta.namespace(item), timestamp, window, containers);
    }
}
