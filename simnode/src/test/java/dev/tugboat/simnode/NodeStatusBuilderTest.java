package dev.tugboat.simnode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NodeStatusBuilderTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final NodeIdentity ID = NodeIdentity.of("sim-node-0", "127.0.0.1", 41234, "v1.33.0", T0);

    @Test
    void reportsTheKubeletsConditionsCapacityAndNodeInfo() {
        ObjectNode s = NodeStatusBuilder.build(ID, NodeCapacity.DEFAULT, Json.object(), T0);
        assertThat(s.path("conditions").findValuesAsText("type")).containsExactly("MemoryPressure", "DiskPressure",
                "PIDPressure", "Ready");
        assertThat(s.path("conditions").findValuesAsText("reason")).containsExactly("KubeletHasSufficientMemory",
                "KubeletHasNoDiskPressure", "KubeletHasSufficientPID", "KubeletReady");
        assertThat(s.path("capacity")).isEqualTo(s.path("allocatable"));
        assertThat(s.path("capacity").path("ephemeral-storage").asText()).isEqualTo("100Gi");
        assertThat(s.path("nodeInfo").path("machineID").asText()).hasSize(32);
        assertThat(s.path("nodeInfo").path("kubeletVersion").asText()).isEqualTo("v1.33.0");
        assertThat(s.path("addresses").findValuesAsText("type")).containsExactly("InternalIP", "Hostname");
        assertThat(s.path("addresses").findValuesAsText("address")).containsExactly("127.0.0.1", "sim-node-0");
        assertThat(s.at("/daemonEndpoints/kubeletEndpoint/Port").asInt()).isEqualTo(41234);
    }

    @Test
    void onlyHeartbeatTimesMoveWhenNothingChanged() {
        ObjectNode first = NodeStatusBuilder.build(ID, NodeCapacity.DEFAULT, Json.object(), T0);
        ObjectNode later = NodeStatusBuilder.build(ID, NodeCapacity.DEFAULT, first, T0.plusSeconds(60));
        assertThat(NodeStatusBuilder.changed(first, later)).isFalse();
        assertThat(later.path("conditions").get(3).path("lastHeartbeatTime").asText())
                .isEqualTo("2025-01-01T00:01:00Z");
        assertThat(later.path("conditions").get(3).path("lastTransitionTime").asText())
                .isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void aReadyConditionSetToUnknownByTheControlPlaneIsAChange() {
        ObjectNode first = NodeStatusBuilder.build(ID, NodeCapacity.DEFAULT, Json.object(), T0);
        ObjectNode unknown = first.deepCopy();
        ((ObjectNode) unknown.path("conditions").get(3)).put("status", "Unknown").put("reason", "NodeStatusUnknown");
        ObjectNode desired = NodeStatusBuilder.build(ID, NodeCapacity.DEFAULT, unknown, T0.plusSeconds(90));
        assertThat(NodeStatusBuilder.changed(unknown, desired)).isTrue();
        JsonNode ready = desired.path("conditions").get(3);
        assertThat(ready.path("status").asText()).isEqualTo("True");
        assertThat(ready.path("lastTransitionTime").asText()).isEqualTo("2025-01-01T00:01:30Z");
    }
}
