package dev.tugboat.controllers.daemonset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.controllers.common.Pods;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The counts a DaemonSet's status reports (upstream's updateDaemonSetStatus). Per node that should run
 * the daemon: desired; with a pod there, current, and the oldest such pod decides ready, available and
 * updated. A node that should not run it but has a pod is misscheduled. Pure.
 */
public record DaemonSetStatus(long observedGeneration, int desiredNumberScheduled, int currentNumberScheduled,
                              int numberMisscheduled, int numberReady, int numberAvailable,
                              int updatedNumberScheduled) {

    public int numberUnavailable() {
        return desiredNumberScheduled - numberAvailable;
    }

    static DaemonSetStatus compute(JsonNode ds, List<NodePlan.NodePods> nodes, String hash, Instant now) {
        int minReady = ds.path("spec").path("minReadySeconds").asInt(0);
        long generation = Meta.generation(ds);
        int desired = 0;
        int current = 0;
        int misscheduled = 0;
        int ready = 0;
        int available = 0;
        int updated = 0;
        for (NodePlan.NodePods np : nodes) {
            boolean scheduled = !np.pods().isEmpty();
            if (np.eligibility().shouldRun()) {
                desired++;
                if (!scheduled) {
                    continue;
                }
                current++;
                List<JsonNode> pods = new ArrayList<>(np.pods());
                pods.sort(DaemonPods.OLDEST_SCHEDULED_FIRST);
                JsonNode pod = pods.get(0);
                if (Pods.isReady(pod)) {
                    ready++;
                    if (Pods.isAvailable(pod, minReady, now)) {
                        available++;
                    }
                }
                if (DaemonPods.isUpdated(pod, generation, hash)) {
                    updated++;
                }
            } else if (scheduled) {
                misscheduled++;
            }
        }
        return new DaemonSetStatus(generation, desired, current, misscheduled, ready, available, updated);
    }

    /**
     * The DaemonSet's status with these counts; other fields (collisionCount, conditions) are kept.
     * Zero counts are omitted as the API server would.
     */
    ObjectNode applyTo(JsonNode oldStatus) {
        ObjectNode s = oldStatus != null && oldStatus.isObject() ? ((ObjectNode) oldStatus).deepCopy() : Json.object();
        s.put("observedGeneration", observedGeneration);
        putCount(s, "desiredNumberScheduled", desiredNumberScheduled, true);
        putCount(s, "currentNumberScheduled", currentNumberScheduled, true);
        putCount(s, "numberMisscheduled", numberMisscheduled, true);
        putCount(s, "numberReady", numberReady, true);
        putCount(s, "numberAvailable", numberAvailable, false);
        putCount(s, "numberUnavailable", numberUnavailable(), false);
        putCount(s, "updatedNumberScheduled", updatedNumberScheduled, false);
        return s;
    }

    /** Required int32 fields are always written; optional ones are omitted when zero (Go's omitempty). */
    private static void putCount(ObjectNode s, String field, int value, boolean required) {
        if (required || value != 0) {
            s.put(field, value);
        } else {
            s.remove(field);
        }
    }
}
