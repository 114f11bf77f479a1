package dev.tugboat.controllers.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Timestamps;
import java.time.Instant;

/**
 * One of an autoscaler's status conditions: {@code AbleToScale}, {@code ScalingActive} or
 * {@code ScalingLimited}.
 *
 * @param type    the condition type
 * @param status  {@code True} or {@code False}
 * @param reason  e.g. {@code ReadyForNewScale}
 * @param message what users read in {@code kubectl describe}
 */
record Condition(String type, String status, String reason, String message) {

    static final String ABLE_TO_SCALE = "AbleToScale";
    static final String SCALING_ACTIVE = "ScalingActive";
    static final String SCALING_LIMITED = "ScalingLimited";

    static Condition isTrue(String type, String reason, String message) {
        return new Condition(type, "True", reason, message);
    }

    static Condition isFalse(String type, String reason, String message) {
        return new Condition(type, "False", reason, message);
    }

    /**
     * Sets this condition in {@code status.conditions} (upstream's setCondition): added at the end when
     * absent; its transition time moves only when its status changes.
     */
    void setIn(ObjectNode status, Instant now) {
        ArrayNode conditions = status.withArrayProperty("conditions");
        ObjectNode c = null;
        for (JsonNode existing : conditions) {
            if (type.equals(existing.path("type").asText())) {
                c = (ObjectNode) existing;
                break;
            }
        }
        if (c == null) {
            c = conditions.addObject().put("type", type);
        }
        if (!this.status.equals(c.path("status").asText())) {
            c.put("lastTransitionTime", Timestamps.format(now));
        }
        c.put("status", this.status).put("reason", reason).put("message", message);
    }
}
