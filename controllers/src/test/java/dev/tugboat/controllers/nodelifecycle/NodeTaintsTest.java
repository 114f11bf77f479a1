package dev.tugboat.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.client.clock.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeTaintsTest {

    static ObjectNode node(String ready, Taint... taints) {
        ObjectNode n = Json.object();
        n.putObject("metadata").put("name", "n");
        ArrayNode ts = n.putObject("spec").putArray("taints");
        for (Taint t : taints) {
            ts.add(t.toJson(null));
        }
        n.putObject("status").putArray("conditions").addObject().put("type", "Ready").put("status", ready);
        return n;
    }

    static List<String> keys(Optional<ArrayNode> taints) {
        List<String> out = new ArrayList<>();
        taints.orElseThrow().forEach(t -> out.add(t.path("key").asText() + ":" + t.path("effect").asText()));
        return out;
    }

    static Optional<ArrayNode> reconcile(JsonNode node, boolean mayAdd) {
        return NodeTaints.reconcile(node, NodeTaints.desiredNoSchedule(node),
                NodeTaints.desiredNoExecute(NodeHealth.readyStatus(node)), mayAdd, "2025-01-01T00:00:00Z");
    }

    @Test
    void anUnknownNodeGetsBothUnreachableTaintsWhenTheRateLimitAllows() {
        ObjectNode node = node("Unknown");
        assertThat(keys(reconcile(node, true))).containsExactly("node.kubernetes.io/unreachable:NoSchedule",
                "node.kubernetes.io/unreachable:NoExecute");
        assertThat(keys(reconcile(node, false))).containsExactly("node.kubernetes.io/unreachable:NoSchedule");
        assertThat(reconcile(node, true).orElseThrow().get(1).path("timeAdded").asText())
                .isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void aNotReadyNodeSwapsUnreachableForNotReadyWithoutWaitingForTheRateLimit() {
        ObjectNode node = node("False", new Taint(Taint.UNREACHABLE, "", "NoSchedule"), NodeTaints.UNREACHABLE_NO_EXECUTE,
                new Taint("dedicated", "gpu", "NoSchedule"));
        assertThat(keys(reconcile(node, false))).containsExactly("dedicated:NoSchedule",
                "node.kubernetes.io/not-ready:NoSchedule", "node.kubernetes.io/not-ready:NoExecute");
    }

    @Test
    void aReadyNodeLosesTheControllersTaintsAndKeepsOthers() {
        ObjectNode node = node("True", new Taint(Taint.UNREACHABLE, "", "NoSchedule"), NodeTaints.UNREACHABLE_NO_EXECUTE,
                new Taint(Taint.UNREACHABLE, "", "PreferNoSchedule"));
        assertThat(keys(reconcile(node, false))).containsExactly("node.kubernetes.io/unreachable:PreferNoSchedule");
    }

    @Test
    void aSettledNodeNeedsNoChange() {
        assertThat(reconcile(node("True"), true)).isEmpty();
        assertThat(reconcile(node("Unknown", new Taint(Taint.UNREACHABLE, "", "NoSchedule"),
                NodeTaints.UNREACHABLE_NO_EXECUTE), true)).isEmpty();
    }

    @Test
    void pressureConditionsAndUnschedulableGiveNoScheduleTaints() {
        ObjectNode node = node("True");
        ((ArrayNode) node.path("status").path("conditions")).addObject().put("type", "DiskPressure").put("status", "True");
        ((ArrayNode) node.path("status").path("conditions")).addObject().put("type", "MemoryPressure").put("status", "False");
        ((ObjectNode) node.path("spec")).put("unschedulable", true);
        assertThat(NodeTaints.desiredNoSchedule(node)).isEqualTo(Set.of(new Taint(Taint.DISK_PRESSURE, "", "NoSchedule"),
                new Taint(Taint.UNSCHEDULABLE, "", "NoSchedule")));
    }

    @Test
    void zonesFollowUpstreamsThresholdsAndRates() {
        NodeLifecycleConfig c = NodeLifecycleConfig.defaults();
        assertThat(Zones.state(0, 1, 0.55)).isEqualTo(Zones.State.FULL_DISRUPTION);
        assertThat(Zones.state(1, 2, 0.55)).isEqualTo(Zones.State.NORMAL);
        assertThat(Zones.state(2, 3, 0.55)).isEqualTo(Zones.State.PARTIAL_DISRUPTION);
        assertThat(Zones.state(3, 3, 0.55)).isEqualTo(Zones.State.NORMAL);
        assertThat(Zones.taintRate(Zones.State.NORMAL, 10, c)).isEqualTo(0.1);
        assertThat(Zones.taintRate(Zones.State.PARTIAL_DISRUPTION, 10, c)).isZero();
        assertThat(Zones.taintRate(Zones.State.PARTIAL_DISRUPTION, 51, c)).isEqualTo(0.01);
        assertThat(Zones.taintRate(Zones.State.FULL_DISRUPTION, 10, c)).isEqualTo(0.1);
    }

    @Test
    void theTokenBucketAllowsOneTaintPerIntervalAndNoneAtRateZero() {
        FakeClock clock = new FakeClock();
        TokenBucket bucket = new TokenBucket(clock, 0.1);
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
        clock.advance(Duration.ofSeconds(9));
        assertThat(bucket.tryAcquire()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(bucket.tryAcquire()).isTrue();
        clock.advance(Duration.ofSeconds(100));
        bucket.setQps(0);
        assertThat(bucket.tryAcquire()).isFalse();
    }
}
