package dev.tugboat.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Deployment's status (apps/v1 DeploymentStatus). {@link #toJson()} omits zero counts and an absent
 * collision count as Go's omitempty does; conditions keep their order.
 */
public record DeploymentStatus(long observedGeneration, int replicas, int updatedReplicas, int readyReplicas,
                               int availableReplicas, int unavailableReplicas, List<Condition> conditions,
                               Integer collisionCount) {

    public static final String AVAILABLE = "Available";
    public static final String PROGRESSING = "Progressing";
    public static final String REPLICA_FAILURE = "ReplicaFailure";

    public DeploymentStatus {
        conditions = List.copyOf(conditions);
    }

    /** A condition; times are RFC 3339 strings as stored. */
    public record Condition(String type, String status, String lastUpdateTime, String lastTransitionTime,
                            String reason, String message) {

        ObjectNode toJson() {
            ObjectNode c = Json.object();
            c.put("type", type).put("status", status);
            putIfSet(c, "lastUpdateTime", lastUpdateTime);
            putIfSet(c, "lastTransitionTime", lastTransitionTime);
            putIfSet(c, "reason", reason);
            putIfSet(c, "message", message);
            return c;
        }

        static Condition of(JsonNode c) {
            return new Condition(c.path("type").asText(), c.path("status").asText(),
                    c.path("lastUpdateTime").asText(""), c.path("lastTransitionTime").asText(""),
                    c.path("reason").asText(""), c.path("message").asText(""));
        }
    }

    public static DeploymentStatus of(JsonNode status) {
        List<Condition> conditions = new ArrayList<>();
        status.path("conditions").forEach(c -> conditions.add(Condition.of(c)));
        JsonNode cc = status.get("collisionCount");
        return new DeploymentStatus(status.path("observedGeneration").asLong(0), status.path("replicas").asInt(0),
                status.path("updatedReplicas").asInt(0), status.path("readyReplicas").asInt(0),
                status.path("availableReplicas").asInt(0), status.path("unavailableReplicas").asInt(0), conditions,
                cc == null || cc.isNull() ? null : cc.asInt());
    }

    public Optional<Condition> condition(String type) {
        return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
    }

    /**
     * With {@code c} set (upstream's SetDeploymentCondition): unchanged when a condition of its type already
     * has its status and reason; otherwise it replaces that condition, moved to the end, keeping the old
     * lastTransitionTime when the status is the same.
     */
    public DeploymentStatus withCondition(Condition c) {
        Optional<Condition> current = condition(c.type());
        if (current.isPresent() && current.get().status().equals(c.status())
                && current.get().reason().equals(c.reason())) {
            return this;
        }
        Condition next = c;
        if (current.isPresent() && current.get().status().equals(c.status())) {
            next = new Condition(c.type(), c.status(), c.lastUpdateTime(), current.get().lastTransitionTime(),
                    c.reason(), c.message());
        }
        List<Condition> out = new ArrayList<>(withoutCondition(c.type()).conditions());
        out.add(next);
        return withConditions(out);
    }

    public DeploymentStatus withoutCondition(String type) {
        return withConditions(conditions.stream().filter(c -> !c.type().equals(type)).toList());
    }

    public DeploymentStatus withConditions(List<Condition> cs) {
        return new DeploymentStatus(observedGeneration, replicas, updatedReplicas, readyReplicas, availableReplicas,
                unavailableReplicas, cs, collisionCount);
    }

    public DeploymentStatus withCollisionCount(Integer n) {
        return new DeploymentStatus(observedGeneration, replicas, updatedReplicas, readyReplicas, availableReplicas,
                unavailableReplicas, conditions, n);
    }

    public ObjectNode toJson() {
        ObjectNode s = Json.object();
        if (observedGeneration != 0) {
            s.put("observedGeneration", observedGeneration);
        }
        putIfNonZero(s, "replicas", replicas);
        putIfNonZero(s, "updatedReplicas", updatedReplicas);
        putIfNonZero(s, "readyReplicas", readyReplicas);
        putIfNonZero(s, "availableReplicas", availableReplicas);
        putIfNonZero(s, "unavailableReplicas", unavailableReplicas);
        if (!conditions.isEmpty()) {
            ArrayNode cs = s.putArray("conditions");
            conditions.forEach(c -> cs.add(c.toJson()));
        }
        if (collisionCount != null) {
            s.put("collisionCount", collisionCount);
        }
        return s;
    }

    private static void putIfNonZero(ObjectNode o, String f, int v) {
        if (v != 0) {
            o.put(f, v);
        }
    }

    private static void putIfSet(ObjectNode o, String f, String v) {
        if (v != null && !v.isEmpty()) {
            o.put(f, v);
        }
    }
}
