package dev.tugboat.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * What the rollout arithmetic reads of a ReplicaSet.
 *
 * @param replicas       spec.replicas
 * @param statusReplicas status.replicas (pods that exist)
 * @param replicaFailure its ReplicaFailure condition, as a Deployment condition
 */
public record ReplicaSetState(String name, String uid, Instant created, int replicas, int statusReplicas,
                              int ready, int available, Map<String, String> annotations, long generation,
                              long observedGeneration, boolean deleting,
                              Optional<DeploymentStatus.Condition> replicaFailure) {

    /** Oldest first, ties by name (upstream's ReplicaSetsByCreationTimestamp). */
    public static final Comparator<ReplicaSetState> BY_CREATION = Comparator
            .comparing(ReplicaSetState::created).thenComparing(ReplicaSetState::name);

    public static ReplicaSetState of(JsonNode rs) {
        JsonNode spec = rs.path("spec");
        JsonNode status = rs.path("status");
        Optional<DeploymentStatus.Condition> failure = Optional.empty();
        for (JsonNode c : status.path("conditions")) {
            if ("ReplicaFailure".equals(c.path("type").asText())) {
                String t = c.path("lastTransitionTime").asText("");
                failure = Optional.of(new DeploymentStatus.Condition("ReplicaFailure", c.path("status").asText(),
                        t, t, c.path("reason").asText(""), c.path("message").asText("")));
                break;
            }
        }
        return new ReplicaSetState(Meta.name(rs), Meta.uid(rs),
                Timestamps.parse(Meta.creationTimestamp(rs)).orElse(Instant.EPOCH), spec.path("replicas").asInt(1),
                status.path("replicas").asInt(0), status.path("readyReplicas").asInt(0),
                status.path("availableReplicas").asInt(0), Map.copyOf(Meta.annotations(rs)), Meta.generation(rs),
                status.path("observedGeneration").asLong(0), Meta.isDeleting(rs), failure);
    }

    /** A ReplicaSet for tests: only names, sizes and annotations. */
    public static ReplicaSetState of(String name, Instant created, int replicas, int available,
                                     Map<String, String> annotations) {
        return new ReplicaSetState(name, name, created, replicas, replicas, available, available,
                Map.copyOf(annotations), 1, 1, false, Optional.empty());
    }

    public ReplicaSetState withReplicas(int n) {
        return new ReplicaSetState(name, uid, created, n, statusReplicas, ready, available, annotations, generation,
                observedGeneration, deleting, replicaFailure);
    }

    public long revision() {
        return Revisions.revision(annotations);
    }
}
