package dev.tugboat.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.client.clock.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The grace-period decisions, driven by a fake clock. */
class NodeHealthTest {

    static final Duration GRACE = Duration.ofSeconds(40);
    static final Duration STARTUP = Duration.ofSeconds(60);
    final FakeClock clock = new FakeClock();

    static ObjectNode node(String readyStatus, Instant heartbeat) {
        ObjectNode n = Json.object();
        n.putObject("metadata").put("name", "n1").put("creationTimestamp", "2025-01-01T00:00:00Z");
        if (readyStatus != null) {
            n.putObject("status").putArray("conditions").addObject().put("type", "Ready").put("status", readyStatus)
                    .put("lastHeartbeatTime", Timestamps.format(heartbeat))
                    .put("lastTransitionTime", Timestamps.format(heartbeat)).put("reason", "KubeletReady");
        }
        return n;
    }

    static Optional<JsonNode> lease(Instant renew) {
        ObjectNode l = Json.object();
        l.putObject("spec").put("renewTime", Timestamps.formatMicro(renew));
        return Optional.of(l);
    }

    @Test
    void aNodeRenewingItsLeaseStaysHealthyThoughItsReadyHeartbeatIsOld() {
        Instant start = clock.now();
        ObjectNode node = node("True", start);
        NodeHealth.Observed o = NodeHealth.observe(null, node, lease(start), clock.now());
        for (int i = 0; i < 12; i++) {
            clock.advance(Duration.ofSeconds(10));
            o = NodeHealth.observe(o, node, lease(clock.now()), clock.now());
            assertThat(NodeHealth.timedOut(o, GRACE, STARTUP, clock.now())).isFalse();
        }
    }

    @Test
    void aNodeWhoseLeaseStopsTimesOutAfterTheGracePeriodOfTheLastChangeSeen() {
        Instant start = clock.now();
        ObjectNode node = node("True", start);
        NodeHealth.Observed o = NodeHealth.observe(null, node, lease(start), clock.now());
        clock.advance(Duration.ofSeconds(10));
        Optional<JsonNode> last = lease(clock.now());
        o = NodeHealth.observe(o, node, last, clock.now());
        clock.advance(Duration.ofSeconds(40));
        o = NodeHealth.observe(o, node, last, clock.now());
        assertThat(NodeHealth.timedOut(o, GRACE, STARTUP, clock.now())).as("exactly the grace period").isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(NodeHealth.timedOut(NodeHealth.observe(o, node, last, clock.now()), GRACE, STARTUP, clock.now()))
                .isTrue();
    }

    @Test
    void aNewReadyHeartbeatAloneCountsAsAHeartbeat() {
        NodeHealth.Observed o = NodeHealth.observe(null, node("True", clock.now()), Optional.empty(), clock.now());
        clock.advance(Duration.ofSeconds(30));
        o = NodeHealth.observe(o, node("True", clock.now()), Optional.empty(), clock.now());
        clock.advance(Duration.ofSeconds(30));
        assertThat(NodeHealth.timedOut(o, GRACE, STARTUP, clock.now())).isFalse();
        clock.advance(Duration.ofSeconds(11));
        assertThat(NodeHealth.timedOut(o, GRACE, STARTUP, clock.now())).isTrue();
    }

    @Test
    void timestampsFromASkewedNodeClockDoNotMatterOnlyTheirChanges() {
        Instant skewed = clock.now().minus(Duration.ofHours(3));
        NodeHealth.Observed o = NodeHealth.observe(null, node("True", skewed), lease(skewed), clock.now());
        clock.advance(Duration.ofSeconds(20));
        assertThat(NodeHealth.timedOut(o, GRACE, STARTUP, clock.now())).isFalse();
    }

    @Test
    void aNodeThatNeverPostedReadyGetsTheStartupGracePeriod() {
        NodeHealth.Observed o = NodeHealth.observe(null, node(null, null), Optional.empty(), clock.now());
        clock.advance(Duration.ofSeconds(50));
        assertThat(NodeHealth.timedOut(o, GRACE, STARTUP, clock.now())).isFalse();
        clock.advance(Duration.ofSeconds(11));
        assertThat(NodeHealth.timedOut(o, GRACE, STARTUP, clock.now())).isTrue();
    }

    @Test
    void markingUnknownSetsTheKubeletConditionsAsUpstreamAndIsIdempotent() {
        ObjectNode node = node("True", clock.now());
        clock.advance(Duration.ofSeconds(41));
        assertThat(NodeHealth.markUnknown(node, clock.now())).isTrue();
        JsonNode ready = NodeHealth.condition(node, "Ready").orElseThrow();
        assertThat(ready.path("status").asText()).isEqualTo("Unknown");
        assertThat(ready.path("reason").asText()).isEqualTo("NodeStatusUnknown");
        assertThat(ready.path("message").asText()).isEqualTo("Kubelet stopped posting node status.");
        assertThat(ready.path("lastTransitionTime").asText()).isEqualTo(Timestamps.format(clock.now()));
        JsonNode memory = NodeHealth.condition(node, "MemoryPressure").orElseThrow();
        assertThat(memory.path("status").asText()).isEqualTo("Unknown");
        assertThat(memory.path("reason").asText()).isEqualTo("NodeStatusNeverUpdated");
        assertThat(memory.path("message").asText()).isEqualTo("Kubelet never posted node status.");
        assertThat(NodeHealth.condition(node, "PIDPressure")).isPresent();
        assertThat(NodeHealth.condition(node, "DiskPressure")).isPresent();
        assertThat(NodeHealth.markUnknown(node, clock.now())).isFalse();
        assertThat(NodeHealth.readyStatus(node)).isEqualTo("Unknown");
    }
}
