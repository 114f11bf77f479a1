package dev.tugboat.controllers.podautoscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading metrics-server's PodMetricsList into usage per pod. */
class ResourceMetricsTest {

    static final String LIST = """
            {"kind":"PodMetricsList","apiVersion":"metrics.k8s.io/v1beta1","metadata":{},"items":[
              {"metadata":{"name":"web-1","namespace":"ns","labels":{"app":"web"},"creationTimestamp":"2024-06-01T12:00:05Z"},
               "timestamp":"2024-06-01T12:00:00Z","window":"15s",
               "containers":[{"name":"c","usage":{"cpu":"250000000n","memory":"65536Ki"}},
                             {"name":"sidecar","usage":{"cpu":"1m","memory":"1Mi"}}]},
              {"metadata":{"name":"web-2","namespace":"ns","labels":{"app":"web"}},
               "timestamp":"2024-06-01T12:00:01Z","window":"1m0s",
               "containers":[{"name":"c","usage":{"cpu":"100m"}},{"name":"sidecar","usage":{"cpu":"0","memory":"2Mi"}}]},
              {"metadata":{"name":"web-3","namespace":"ns"},"timestamp":"2024-06-01T12:00:01Z","window":"15s","containers":[]}
            ]}
            """;

    static List<PodMetrics> items(String json) throws Exception {
        List<PodMetrics> items = new ArrayList<>();
        for (JsonNode item : Json.parse(json.getBytes()).path("items")) {
            items.add(PodMetrics.fromJson(item));
        }
        return items;
    }

    @Test
    void parsesMetricsServerItems() throws Exception {
        PodMetrics first = items(LIST).getFirst();
        assertThat(first.name()).isEqualTo("web-1");
        assertThat(first.namespace()).isEqualTo("ns");
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2024-06-01T12:00:00Z"));
        assertThat(first.window()).isEqualTo(Duration.ofSeconds(15));
        assertThat(first.containers().getFirst().usage().get("cpu").milliValue()).isEqualTo(250);
        assertThat(first.containers().getFirst().usage().get("memory").milliValue()).isEqualTo(65536L * 1024 * 1000);
        assertThat(items(LIST).get(1).window()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aPodsUsageIsTheSumOverItsContainers() throws Exception {
        List<PodMetrics> items = items(LIST);
        ResourceMetrics.PodUsage cpu = ResourceMetrics.fetch((ns, sel) -> items, "cpu", "ns", "app=web", "");
        assertThat(cpu.byPod()).containsOnlyKeys("web-1", "web-2");
        assertThat(cpu.byPod().get("web-1")).isEqualTo(new PodMetric(251, Instant.parse("2024-06-01T12:00:00Z"),
                Duration.ofSeconds(15)));
        assertThat(cpu.byPod().get("web-2").value()).isEqualTo(100);
        assertThat(cpu.timestamp()).isEqualTo(Instant.parse("2024-06-01T12:00:00Z"));
        // web-2's container c reports no memory: the pod has no memory usage.
        ResourceMetrics.PodUsage memory = ResourceMetrics.fetch((ns, sel) -> items, "memory", "ns", "app=web", "");
        assertThat(memory.byPod()).containsOnlyKeys("web-1");
    }

    @Test
    void oneContainersUsage() throws Exception {
        List<PodMetrics> items = items(LIST).subList(0, 2);
        ResourceMetrics.PodUsage memory = ResourceMetrics.fetch((ns, sel) -> items, "memory", "ns", "", "sidecar");
        assertThat(memory.byPod().get("web-1").value()).isEqualTo(1024L * 1024 * 1000);
        assertThat(memory.byPod().get("web-2").value()).isEqualTo(2L * 1024 * 1024 * 1000);
        assertThatThrownBy(() -> ResourceMetrics.fetch((ns, sel) -> items, "cpu", "ns", "", "db"))
                .hasMessage("failed to get container metrics: container db not present in metrics for pod ns/web-1");
    }

    @Test
    void failuresSayWhat() {
        assertThatThrownBy(() -> ResourceMetrics.fetch((ns, sel) -> List.of(), "cpu", "ns", "app=web", ""))
                .isInstanceOf(MetricException.class).hasMessage("no metrics returned from resource metrics API");
        assertThatThrownBy(() -> ResourceMetrics.fetch((ns, sel) -> {
            throw new IllegalStateException("the server could not find the requested resource");
        }, "cpu", "ns", "app=web", "")).hasMessage("unable to fetch metrics from resource metrics API: "
                + "the server could not find the requested resource");
        assertThatThrownBy(() -> items(LIST.replace("\"15s\"", "\"soon\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid window soon");
    }
}
