package dev.tugboat.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaSetStatusTest {

    static final Instant NOW = Instant.parse("2024-01-01T00:01:00Z");

    static ObjectNode rs(int replicas, int minReadySeconds) {
        ObjectNode rs = Json.object();
        rs.putObject("metadata").put("name", "web").put("generation", 2);
        ObjectNode spec = rs.putObject("spec").put("replicas", replicas).put("minReadySeconds", minReadySeconds);
        spec.putObject("template").putObject("metadata").putObject("labels").put("app", "web").put("tier", "fe");
        rs.putObject("status").put("replicas", 0).put("observedGeneration", 1);
        return rs;
    }

    static ObjectNode pod(boolean fullyLabeled, String readySince) {
        ObjectNode p = Json.object();
        ObjectNode labels = p.putObject("metadata").putObject("labels").put("app", "web");
        if (fullyLabeled) {
            labels.put("tier", "fe");
        }
        if (readySince != null) {
            p.putObject("status").putArray("conditions").addObject().put("type", "Ready").put("status", "True")
                    .put("lastTransitionTime", readySince);
        }
        return p;
    }

    @Test
    void countsPodsFullyLabelledReadyAndAvailable() {
        List<JsonNode> pods = List.of(pod(true, "2024-01-01T00:00:00Z"), pod(true, "2024-01-01T00:00:55Z"),
                pod(false, null));
        ObjectNode s = ReplicaSetStatus.calculate(rs(3, 10), pods, null, NOW);
        assertThat(s.path("replicas").asInt()).isEqualTo(3);
        assertThat(s.path("fullyLabeledReplicas").asInt()).isEqualTo(2);
        assertThat(s.path("readyReplicas").asInt()).isEqualTo(2);
        assertThat(s.path("availableReplicas").asInt()).isEqualTo(1);
        assertThat(s.has("conditions")).isFalse();
        assertThat(ReplicaSetStatus.needsUpdate(rs(3, 10), s)).isTrue();
    }

    @Test
    void zeroCountsAreOmittedButReplicasIsAlwaysWritten() {
        ObjectNode s = ReplicaSetStatus.calculate(rs(0, 0), List.of(), null, NOW);
        assertThat(Json.string(s)).isEqualTo("{\"replicas\":0,\"observedGeneration\":1}");
    }

    @Test
    void aFailedCreateAddsAReplicaFailureConditionThatGoesOnSuccess() {
        ObjectNode owner = rs(2, 0);
        ObjectNode failed = ReplicaSetStatus.calculate(owner, List.of(), new IllegalStateException("quota exceeded"),
                NOW);
        JsonNode c = failed.path("conditions").get(0);
        assertThat(c.path("type").asText()).isEqualTo("ReplicaFailure");
        assertThat(c.path("status").asText()).isEqualTo("True");
        assertThat(c.path("reason").asText()).isEqualTo("FailedCreate");
        assertThat(c.path("message").asText()).isEqualTo("quota exceeded");

        owner.set("status", failed);
        ObjectNode again = ReplicaSetStatus.calculate(owner, List.of(), new IllegalStateException("other"), NOW);
        assertThat(again.path("conditions")).isEqualTo(failed.path("conditions"));
        ObjectNode recovered = ReplicaSetStatus.calculate(owner, List.of(pod(true, null)), null, NOW);
        assertThat(recovered.has("conditions")).isFalse();
    }

    @Test
    void aSettledStatusNeedsNoWrite() {
        ObjectNode owner = rs(1, 0);
        Meta.mutableMetadata(owner).put("generation", 1);
        List<JsonNode> pods = List.of(pod(true, "2024-01-01T00:00:00Z"));
        ObjectNode s = ReplicaSetStatus.calculate(owner, pods, null, NOW);
        owner.set("status", s);
        assertThat(ReplicaSetStatus.needsUpdate(owner, ReplicaSetStatus.calculate(owner, pods, null, NOW))).isFalse();
        Meta.mutableMetadata(owner).put("generation", 2);
        assertThat(ReplicaSetStatus.needsUpdate(owner, ReplicaSetStatus.calculate(owner, pods, null, NOW))).isTrue();
    }
}
