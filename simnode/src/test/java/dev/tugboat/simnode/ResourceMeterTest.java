package dev.tugboat.simnode;

import dev.tugboat.kubelet.metrics.ResourceSample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceMeterTest {

    private static final Instant BOOT = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant START = BOOT.plusSeconds(10);
    private static final long SECOND = 1_000_000_000L;

    private final ResourceMeter meter = new ResourceMeter(BOOT);

    ResourceMeterTest() {
        meter.addNode("n1");
    }

    /** A pod on n1 whose containers run since {@code started}, with the usage annotation if not null. */
    private static ObjectNode pod(String name, String usage, Instant started, String... containers) {
        ObjectNode pod = Json.object();
        ObjectNode meta = pod.putObject("metadata");
        meta.put("name", name).put("namespace", "ns").put("uid", "uid-" + name);
        if (usage != null) {
            meta.putObject("annotations").put(SimAnnotations.SIMULATED_USAGE, usage);
        }
        pod.putObject("spec").put("nodeName", "n1");
        var statuses = pod.putObject("status").putArray("containerStatuses");
        for (String c : containers) {
            statuses.addObject().put("name", c).putObject("state").putObject("running")
                    .put("startedAt", started.toString());
        }
        return pod;
    }

    private ResourceSample.PodSample only(ResourceSample.NodeSample s) {
        assertThat(s.pods()).hasSize(1);
        return s.pods().get(0);
    }

    @Test
    void aContainersCounterGrowsByItsUsageSinceItStarted() {
        ObjectNode p = pod("web", "cpu=250m,memory=64Mi", START, "app");
        meter.observe(null, p, START.plusSeconds(2));
        ResourceSample.NodeSample s = meter.sample("n1", List.of(p), START.plusSeconds(8)).orElseThrow();
        ResourceSample.ContainerSample c = only(s).containers().get(0);
        assertThat(c.cpuCoreNanos()).isEqualTo(2 * SECOND);
        assertThat(c.memoryBytes()).isEqualTo(64L << 20);
        assertThat(c.startedAt()).isEqualTo(START);
        // The node: its system's 20m for the 18 s since boot, plus the pod; 128Mi plus the pod's memory.
        assertThat(s.cpuCoreNanos()).isEqualTo(2 * SECOND + 18 * 20_000_000L);
        assertThat(s.memoryBytes()).isEqualTo((128L << 20) + (64L << 20));
    }

    @Test
    void aChangedUsageCountsFromTheMomentOfTheChange() {
        ObjectNode idle = pod("web", null, START, "app");
        meter.observe(null, idle, START);
        ObjectNode busy = pod("web", "cpu=1", START, "app");
        meter.observe(idle, busy, START.plusSeconds(4));
        assertThat(only(meter.sample("n1", List.of(busy), START.plusSeconds(6)).orElseThrow()).cpuCoreNanos())
                .isEqualTo(2 * SECOND);
        ObjectNode half = pod("web", "cpu=500m", START, "app");
        meter.observe(busy, half, START.plusSeconds(10));
        assertThat(only(meter.sample("n1", List.of(half), START.plusSeconds(12)).orElseThrow()).cpuCoreNanos())
                .isEqualTo(7 * SECOND);
    }

    @Test
    void aRestartedContainerCountsFromZeroWhileItsPodAndNodeKeepWhatItUsed() {
        ObjectNode first = pod("web", "cpu=1", START, "app");
        meter.observe(null, first, START);
        long nodeBefore = meter.sample("n1", List.of(first), START.plusSeconds(5)).orElseThrow().cpuCoreNanos();
        ObjectNode restarted = pod("web", "cpu=1", START.plusSeconds(6), "app");
        ResourceSample.NodeSample s = meter.sample("n1", List.of(restarted), START.plusSeconds(7)).orElseThrow();
        assertThat(only(s).containers().get(0).cpuCoreNanos()).isEqualTo(SECOND);
        assertThat(only(s).cpuCoreNanos()).isEqualTo(6 * SECOND);
        assertThat(s.cpuCoreNanos()).isGreaterThan(nodeBefore);
    }

    @Test
    void aDeletedPodLeavesTheSampleButNotTheNodesCounter() {
        ObjectNode p = pod("web", "cpu=2", START, "app");
        meter.observe(null, p, START);
        long before = meter.sample("n1", List.of(p), START.plusSeconds(3)).orElseThrow().cpuCoreNanos();
        meter.podGone(p);
        ResourceSample.NodeSample after = meter.sample("n1", List.of(), START.plusSeconds(3)).orElseThrow();
        assertThat(after.pods()).isEmpty();
        assertThat(after.cpuCoreNanos()).isEqualTo(before);
        assertThat(after.memoryBytes()).isEqualTo(128L << 20);
    }

    @Test
    void podsWithoutRunningContainersAndUnknownNodesAreNotReported() {
        ObjectNode pending = pod("pending", "cpu=1", START);
        assertThat(meter.sample("n1", List.of(pending), START.plusSeconds(1)).orElseThrow().pods()).isEmpty();
        assertThat(meter.sample("n2", List.of(), START)).isEmpty();
        meter.removeNode("n1");
        assertThat(meter.sample("n1", List.of(), START)).isEmpty();
    }
}
