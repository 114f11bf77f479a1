package dev.tugboat.kubelet.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceMetricsTextTest {

    @Test
    void writesTheKubeletsFamiliesInItsOrderWithMillisecondTimestamps() {
        Instant t = Instant.ofEpochMilli(1_710_222_820_860L);
        Instant started = Instant.parse("2024-03-12T00:00:00Z");
        ResourceSample.NodeSample s = new ResourceSample.NodeSample(t, 254_050_927_655L, 863_531_008L, List.of(
                new ResourceSample.PodSample("kube-system", "proxy", 1_664_876_373L, 15_761_408L, List.of(
                        new ResourceSample.ContainerSample("kube-proxy", started, 1_664_876_373L, 15_761_408L))),
                new ResourceSample.PodSample("default", "we\"ird", 0, 1_048_576L, List.of(
                        new ResourceSample.ContainerSample("app", started, 0, 1_048_576L)))));
        assertThat(ResourceMetricsText.render(s)).isEqualTo("""
                # HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the container in core-seconds
                # TYPE container_cpu_usage_seconds_total counter
                container_cpu_usage_seconds_total{container="app",namespace="default",pod="we\\"ird"} 0 1710222820860
                container_cpu_usage_seconds_total{container="kube-proxy",namespace="kube-system",pod="proxy"} 1.664876373 1710222820860
                # HELP container_memory_working_set_bytes [STABLE] Current working set of the container in bytes
                # TYPE container_memory_working_set_bytes gauge
                container_memory_working_set_bytes{container="app",namespace="default",pod="we\\"ird"} 1.048576e+06 1710222820860
                container_memory_working_set_bytes{container="kube-proxy",namespace="kube-system",pod="proxy"} 1.5761408e+07 1710222820860
                # HELP container_start_time_seconds [STABLE] Start time of the container since unix epoch in seconds
                # TYPE container_start_time_seconds gauge
                container_start_time_seconds{container="app",namespace="default",pod="we\\"ird"} 1.7102016e+09 1710201600000
                container_start_time_seconds{container="kube-proxy",namespace="kube-system",pod="proxy"} 1.7102016e+09 1710201600000
                # HELP node_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the node in core-seconds
                # TYPE node_cpu_usage_seconds_total counter
                node_cpu_usage_seconds_total 254.050927655 1710222820860
                # HELP node_memory_working_set_bytes [STABLE] Current working set of the node in bytes
                # TYPE node_memory_working_set_bytes gauge
                node_memory_working_set_bytes 8.63531008e+08 1710222820860
                # HELP pod_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the pod in core-seconds
                # TYPE pod_cpu_usage_seconds_total counter
                pod_cpu_usage_seconds_total{namespace="default",pod="we\\"ird"} 0 1710222820860
                pod_cpu_usage_seconds_total{namespace="kube-system",pod="proxy"} 1.664876373 1710222820860
                # HELP pod_memory_working_set_bytes [STABLE] Current working set of the pod in bytes
                # TYPE pod_memory_working_set_bytes gauge
                pod_memory_working_set_bytes{namespace="default",pod="we\\"ird"} 1.048576e+06 1710222820860
                pod_memory_working_set_bytes{namespace="kube-system",pod="proxy"} 1.5761408e+07 1710222820860
                # HELP resource_scrape_error [STABLE] 1 if there was an error while getting container metrics, 0 otherwise
                # TYPE resource_scrape_error gauge
                resource_scrape_error 0
                """);
    }
}
