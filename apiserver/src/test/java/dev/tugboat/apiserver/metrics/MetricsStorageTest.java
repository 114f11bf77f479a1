package dev.tugboat.apiserver.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding scrapes and rating the counters between the last two, as metrics-server does. */
class MetricsStorageTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant STARTED = T0.minusSeconds(600);

    private final MetricsStorage storage = new MetricsStorage(Duration.ofSeconds(15));

    /** A scrape of node n1 at {@code t}: the node's and one container's counters. */
    private static NodeMetricsBatch scrape(Instant t, double nodeCpu, double containerCpu, Instant containerStart) {
        long ms = t.toEpochMilli();
        String text = "node_cpu_usage_seconds_total " + nodeCpu + " " + ms + "\n"
                + "node_memory_working_set_bytes 2.147483648e+09 " + ms + "\n"
                + "container_cpu_usage_seconds_total{container=\"app\",namespace=\"ns\",pod=\"web\"} " + containerCpu
                + " " + ms + "\n"
                + "container_memory_working_set_bytes{container=\"app\",namespace=\"ns\",pod=\"web\"} 6.7108864e+07 "
                + ms + "\n"
                + "container_start_time_seconds{container=\"app\",namespace=\"ns\",pod=\"web\"} "
                + containerStart.getEpochSecond() + " " + containerStart.toEpochMilli() + "\n";
        return NodeMetricsBatch.decode("n1", PrometheusText.parse(text), t);
    }

    @Test
    void cpuIsTheCountersRateBetweenTheLastTwoScrapesAndMemoryTheLastWorkingSet() {
        storage.store(List.of(scrape(T0, 100, 10, STARTED)));
        assertThat(storage.node("n1")).isEmpty();
        assertThat(storage.pod("ns", "web")).isEmpty();

        storage.store(List.of(scrape(T0.plusMillis(15_500), 100 + 1.5 * 15.5, 10 + 0.25 * 15.5, STARTED)));
        Usage node = storage.node("n1").orElseThrow();
        assertThat(node.cpuNanoCores()).isBetween(1_499_999_000L, 1_500_001_000L);
        assertThat(node.memoryBytes()).isEqualTo(2L << 30);
        assertThat(node.window()).isEqualTo(Duration.ofMillis(15_500));
        assertThat(node.timestamp()).isEqualTo(T0.plusMillis(15_500));
        MetricsStorage.PodUsage pod = storage.pod("ns", "web").orElseThrow();
        assertThat(pod.node()).isEqualTo("n1");
        assertThat(pod.window()).isEqualTo(Duration.ofMillis(15_500));
        assertThat(pod.containers()).hasSize(1);
        assertThat(pod.containers().get(0).name()).isEqualTo("app");
        assertThat(pod.containers().get(0).cpuNanoCores()).isBetween(249_999_000L, 250_001_000L);
        assertThat(pod.containers().get(0).memoryBytes()).isEqualTo(64L << 20);

        // The same points again (a kubelet that did not refresh): the window stays the one before.
        storage.store(List.of(scrape(T0.plusMillis(15_500), 100 + 1.5 * 15.5, 10 + 0.25 * 15.5, STARTED)));
        assertThat(storage.node("n1").orElseThrow().window()).isEqualTo(Duration.ofMillis(15_500));
    }

    @Test
    void aRestartedContainerHasNoUsageUntilItsSecondPoint() {
        storage.store(List.of(scrape(T0, 100, 10, STARTED)));
        Instant restarted = T0.plusSeconds(10);
        storage.store(List.of(scrape(T0.plusSeconds(15), 130, 3, restarted)));
        assertThat(storage.pod("ns", "web")).isEmpty();
        storage.store(List.of(scrape(T0.plusSeconds(30), 160, 6, restarted)));
        assertThat(storage.pod("ns", "web").orElseThrow().containers().get(0).cpuNanoCores())
                .isBetween(199_999_000L, 200_001_000L);
    }

    @Test
    void aFreshContainerIsRatedAgainstItsStart() {
        Instant started = T0.minusSeconds(12);
        storage.store(List.of(scrape(T0, 100, 6, started)));
        assertThat(storage.pod("ns", "web").orElseThrow().containers().get(0).cpuNanoCores())
                .isEqualTo(500_000_000L);
    }

    @Test
    void whatAScrapeDoesNotReturnIsForgotten() {
        storage.store(List.of(scrape(T0, 100, 10, STARTED)));
        storage.store(List.of(scrape(T0.plusSeconds(15), 130, 13, STARTED)));
        storage.store(List.of());
        assertThat(storage.node("n1")).isEmpty();
        assertThat(storage.pod("ns", "web")).isEmpty();
    }

    @Test
    void incompleteNodesAndPodsAreLeftOut() {
        NodeMetricsBatch b = NodeMetricsBatch.decode("n1", PrometheusText.parse("""
                node_cpu_usage_seconds_total 1 1000
                container_cpu_usage_seconds_total{container="a",namespace="ns",pod="half"} 1 1000
                container_memory_working_set_bytes{container="a",namespace="ns",pod="half"} 1 1000
                container_cpu_usage_seconds_total{container="b",namespace="ns",pod="half"} 1 1000
                container_cpu_usage_seconds_total{container="a",namespace="ns",pod="whole"} 1
                container_memory_working_set_bytes{container="a",namespace="ns",pod="whole"} 1
                """), T0);
        assertThat(b.nodePoint()).isEmpty();
        assertThat(b.pods()).containsOnlyKeys(new NodeMetricsBatch.PodRef("ns", "whole"));
        // Samples without a timestamp take the time of the scrape.
        assertThat(b.pods().get(new NodeMetricsBatch.PodRef("ns", "whole")).get("a").timestamp()).isEqualTo(T0);
    }

    @Test
    void countersThatGoBackOrPointsWithoutTimeBetweenThemHaveNoUsage() {
        MetricsPoint prev = new MetricsPoint(Instant.EPOCH, T0, 5_000, 1);
        assertThat(Usage.between(new MetricsPoint(Instant.EPOCH, T0.plusSeconds(1), 4_000, 1), prev)).isEmpty();
        assertThat(Usage.between(new MetricsPoint(Instant.EPOCH, T0, 6_000, 1), prev)).isEmpty();
        assertThat(Usage.between(new MetricsPoint(Instant.EPOCH, T0.plusSeconds(2), 6_000, 7), prev))
                .hasValue(new Usage(500, 7, T0.plusSeconds(2), Duration.ofSeconds(2)));
    }
}
