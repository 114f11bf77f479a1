package dev.tugboat.kubelet.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Conditions;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The pod conditions a kubelet owns (PodReadyToStartContainers, Initialized, Ready, ContainersReady,
 * and PodScheduled when missing), written over a pod's current conditions: each keeps its
 * lastTransitionTime while its status does not change, and conditions others own (e.g.
 * DisruptionTarget, readiness gates) are kept. Shared by the kubelet and the simulated nodes. Pure.
 */
public final class PodConditions {

    private static final Set<String> KUBELET_CONDITIONS =
            Set.of("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled");

    private PodConditions() {
    }

    /** A condition as the kubelet computes it, before transition times are settled; reason and message may be null. */
    public record Condition(String type, String status, String reason, String message) {
    }

    /**
     * Ready follows ContainersReady, and then the pod's readiness gates (upstream's
     * GeneratePodReadyCondition).
     */
    public static Condition ready(JsonNode pod, Condition containersReady) {
        if (!containersReady.status().equals("True")) {
            return new Condition("Ready", containersReady.status(), containersReady.reason(), containersReady.message());
        }
        List<String> unready = new ArrayList<>();
        for (JsonNode g : pod.path("spec").path("readinessGates")) {
            String gate = g.path("conditionType").asText();
            Optional<JsonNode> c = Conditions.find(pod, gate);
            if (c.isEmpty()) {
                unready.add("corresponding condition of pod readiness gate \"" + gate + "\" does not exist.");
            } else if (!"True".equals(c.get().path("status").asText())) {
                unready.add("the status of pod readiness gate \"" + gate + "\" is not \"True\", but "
                        + c.get().path("status").asText());
            }
        }
        if (!unready.isEmpty()) {
            return new Condition("Ready", "False", "ReadinessGatesNotReady", String.join(", ", unready));
        }
        return new Condition("Ready", "True", null, null);
    }

    /** The pod's new conditions: {@code own} in order, then PodScheduled, then the others' conditions. */
    public static ArrayNode write(List<Condition> own, JsonNode pod, Instant now) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (Condition c : own) {
            out.add(condition(c, Conditions.find(pod, c.type()).orElse(null), now));
        }
        Optional<JsonNode> scheduled = Conditions.find(pod, "PodScheduled");
        out.add(scheduled.isPresent() ? scheduled.get().deepCopy()
                : condition(new Condition("PodScheduled", "True", null, null), null, now));
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (!KUBELET_CONDITIONS.contains(c.path("type").asText())) {
                out.add(c.deepCopy());
            }
        }
        return out;
    }

    private static ObjectNode condition(Condition c, JsonNode old, Instant now) {
        ObjectNode o = Json.object();
        o.put("type", c.type());
        o.put("status", c.status());
        o.putNull("lastProbeTime");
        boolean same = old != null && c.status().equals(old.path("status").asText())
                && old.path("lastTransitionTime").isTextual();
        o.put("lastTransitionTime", same ? old.path("lastTransitionTime").asText() : Timestamps.format(now));
        if (c.reason() != null) {
            o.put("reason", c.reason());
        }
        if (c.message() != null) {
            o.put("message", c.message());
        }
        return o;
    }
}
