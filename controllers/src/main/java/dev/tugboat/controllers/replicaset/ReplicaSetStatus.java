package dev.tugboat.controllers.replicaset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.controllers.common.Pods;
import java.time.Instant;
import java.util.List;

/**
 * The status of a ReplicaSet or ReplicationController (upstream's calculateStatus and the steady-state
 * check of updateReplicaSetStatus). Pure. Field names and omissions follow the Go types: {@code replicas}
 * is always written, the other counts only when non-zero.
 */
public final class ReplicaSetStatus {

    public static final String REPLICA_FAILURE = "ReplicaFailure";

    private ReplicaSetStatus() {
    }

    /**
     * The new status: counts over the owner's active pods, and a ReplicaFailure condition while creating
     * or deleting pods fails ({@code manageError} not null), removed once it succeeds. observedGeneration
     * is left as it was; {@link #needsUpdate} decides whether to write.
     *
     * @param pods the active pods the owner controls
     */
    public static ObjectNode calculate(JsonNode owner, List<? extends JsonNode> pods, Exception manageError,
                                       Instant now) {
        JsonNode spec = owner.path("spec");
        int minReadySeconds = spec.path("minReadySeconds").asInt(0);
        LabelSelector templateLabels = LabelSelector.fromSet(Meta.stringMap(spec.path("template").path("metadata")
                .path("labels")));
        int fullyLabeled = 0;
        int ready = 0;
        int available = 0;
        for (JsonNode pod : pods) {
            if (templateLabels.matches(Meta.labels(pod))) {
                fullyLabeled++;
            }
            if (Pods.isReady(pod)) {
                ready++;
                if (Pods.isAvailable(pod, minReadySeconds, now)) {
                    available++;
                }
            }
        }
        ObjectNode status = Json.object();
        status.put("replicas", pods.size());
        putIfNonZero(status, "fullyLabeledReplicas", fullyLabeled);
        putIfNonZero(status, "readyReplicas", ready);
        putIfNonZero(status, "availableReplicas", available);
        JsonNode old = owner.path("status");
        if (old.path("observedGeneration").asLong(0) != 0) {
            status.put("observedGeneration", old.path("observedGeneration").asLong());
        }
        ArrayNode conditions = conditions(old.path("conditions"), pods.size(), spec.path("replicas").asInt(1),
                manageError, now);
        if (!conditions.isEmpty()) {
            status.set("conditions", conditions);
        }
        return status;
    }

    private static ArrayNode conditions(JsonNode old, int active, int desired, Exception manageError, Instant now) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        boolean hasFailure = false;
        for (JsonNode c : old) {
            if (REPLICA_FAILURE.equals(c.path("type").asText())) {
                hasFailure = true;
                if (manageError == null) {
                    continue;
                }
            }
            out.add(c.deepCopy());
        }
        if (manageError != null && !hasFailure) {
            String reason = active < desired ? "FailedCreate" : active > desired ? "FailedDelete" : "";
            ObjectNode c = out.addObject();
            c.put("type", REPLICA_FAILURE).put("status", "True").put("lastTransitionTime", Timestamps.format(now));
            if (!reason.isEmpty()) {
                c.put("reason", reason);
            }
            c.put("message", String.valueOf(manageError.getMessage()));
        }
        return out;
    }

    private static void putIfNonZero(ObjectNode o, String field, int value) {
        if (value != 0) {
            o.put(field, value);
        }
    }

    /**
     * Whether the owner's status must be written: the counts or conditions differ, or a new generation
     * was not observed yet (upstream's steady-state check; quiet when settled).
     */
    public static boolean needsUpdate(JsonNode owner, ObjectNode newStatus) {
        JsonNode old = owner.path("status");
        for (String f : List.of("replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas")) {
            if (old.path(f).asLong(0) != newStatus.path(f).asLong(0)) {
                return true;
            }
        }
        if (Meta.generation(owner) != old.path("observedGeneration").asLong(0)) {
            return true;
        }
        JsonNode oldConditions = old.path("conditions");
        JsonNode newConditions = newStatus.path("conditions");
        boolean bothEmpty = oldConditions.isEmpty() && newConditions.isEmpty();
        return !bothEmpty && !oldConditions.equals(newConditions);
    }
}
