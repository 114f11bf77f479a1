package dev.tugboat.controllers.statefulset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.time.Instant;
import java.util.List;

/**
 * A StatefulSet's status as the update algorithm computes it (apps/v1 StatefulSetStatus without
 * conditions, which are kept as they are). Mutable while a reconcile computes it; not thread-safe.
 */
final class StatefulSetStatus {

    long observedGeneration;
    int replicas;
    int readyReplicas;
    int currentReplicas;
    int updatedReplicas;
    int availableReplicas;
    String currentRevision;
    String updateRevision;
    int collisionCount;

    StatefulSetStatus(long observedGeneration, String currentRevision, String updateRevision, int collisionCount) {
        this.observedGeneration = observedGeneration;
        this.currentRevision = currentRevision;
        this.updateRevision = updateRevision;
        this.collisionCount = collisionCount;
    }

    /** Recounts the replica fields from these pods (upstream's updateStatus / computeReplicaStatus). */
    void count(int minReadySeconds, Instant now, List<List<JsonNode>> podLists) {
        replicas = 0;
        readyReplicas = 0;
        availableReplicas = 0;
        currentReplicas = 0;
        updatedReplicas = 0;
        for (List<JsonNode> pods : podLists) {
            for (JsonNode pod : pods) {
                if (StatefulPods.isCreated(pod)) {
                    replicas++;
                }
                if (StatefulPods.isRunningAndReady(pod)) {
                    readyReplicas++;
                    if (StatefulPods.isRunningAndAvailable(pod, minReadySeconds, now)) {
                        availableReplicas++;
                    }
                }
                if (StatefulPods.isCreated(pod) && !StatefulPods.isTerminating(pod)) {
                    String rev = StatefulPods.revision(pod);
                    if (rev.equals(currentRevision)) {
                        currentReplicas++;
                    }
                    if (rev.equals(updateRevision)) {
                        updatedReplicas++;
                    }
                }
            }
        }
    }

    /** Once every replica is updated and ready, the update revision becomes the current one. */
    void completeRollingUpdate(JsonNode set) {
        boolean rolling = "RollingUpdate".equals(
                set.path("spec").path("updateStrategy").path("type").asText("RollingUpdate"));
        if (rolling && updatedReplicas == replicas && readyReplicas == replicas) {
            currentReplicas = updatedReplicas;
            currentRevision = updateRevision;
        }
    }

    /** {@code oldStatus} with these fields; zero optional fields are omitted, conditions kept. */
    ObjectNode applyTo(JsonNode oldStatus) {
        ObjectNode s = oldStatus != null && oldStatus.isObject() ? ((ObjectNode) oldStatus).deepCopy() : Json.object();
        putOptional(s, "observedGeneration", observedGeneration);
        s.put("replicas", replicas);
        putOptional(s, "readyReplicas", readyReplicas);
        putOptional(s, "currentReplicas", currentReplicas);
        putOptional(s, "updatedReplicas", updatedReplicas);
        s.put("availableReplicas", availableReplicas);
        putOptional(s, "currentRevision", currentRevision);
        putOptional(s, "updateRevision", updateRevision);
        s.put("collisionCount", collisionCount);
        return s;
    }

    private static void putOptional(ObjectNode s, String field, long value) {
        if (value != 0) {
            s.put(field, value);
        } else {
            s.remove(field);
        }
    }

    private static void putOptional(ObjectNode s, String field, String value) {
        if (value != null && !value.isEmpty()) {
            s.put(field, value);
        } else {
            s.remove(field);
        }
    }
}
