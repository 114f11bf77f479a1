package dev.tugboat.controllers.statefulset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The writes the StatefulSet update algorithm makes (upstream's StatefulPodControlInterface). Each call
 * is one step against the API; a failure throws and the StatefulSet is retried with backoff.
 * Implementations are thread-safe (Parallel pod management calls them concurrently).
 */
public interface StatefulPodControl {

    /** Creates the pod's missing claims, then the pod. A pod that already exists counts as created. */
    void createStatefulPod(JsonNode set, ObjectNode pod);

    /** Deletes the pod; one already gone counts as deleted. */
    void deleteStatefulPod(JsonNode set, JsonNode pod);

    /** Restores the pod's identity labels and its claims (created if missing, owners per retention policy). */
    void updateStatefulPod(JsonNode set, JsonNode pod);

    /** Creates the claims a pending pod waits for that are missing. */
    void createMissingClaims(JsonNode set, JsonNode pod);

    /** Whether the pod's claims carry the owner references the set's retention policy asks for. */
    boolean claimsMatchRetentionPolicy(JsonNode set, JsonNode pod);

    /** Gives the pod's claims the owner references the set's retention policy asks for. */
    void updateClaimsForRetentionPolicy(JsonNode set, JsonNode pod);
}
