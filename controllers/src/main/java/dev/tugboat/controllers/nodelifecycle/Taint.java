package dev.tugboat.controllers.nodelifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.util.ArrayList;
import java.util.List;

/** A node taint (key, value, effect); timeAdded is carried along but not part of a taint's identity. */
record Taint(String key, String value, String effect) {

    static final String NO_EXECUTE = "NoExecute";
    static final String NO_SCHEDULE = "NoSchedule";

    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    static final String MEMORY_PRESSURE = "node.kubernetes.io/memory-pressure";
    static final String DISK_PRESSURE = "node.kubernetes.io/disk-pressure";
    static final String PID_PRESSURE = "node.kubernetes.io/pid-pressure";
    static final String NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable";

    static Taint of(JsonNode t) {
        return new Taint(t.path("key").asText(""), t.path("value").asText(""), t.path("effect").asText(""));
    }

    static List<Taint> of(JsonNode node, String effect) {
        List<Taint> out = new ArrayList<>();
        for (JsonNode t : node.path("spec").path("taints")) {
            Taint taint = of(t);
            if (effect.equals(taint.effect())) {
                out.add(taint);
            }
        }
        return out;
    }

    /** Same key and effect (upstream's MatchTaint: the value is not compared). */
    boolean matches(Taint other) {
        return key.equals(other.key) && effect.equals(other.effect);
    }

    ObjectNode toJson(String timeAdded) {
        ObjectNode t = Json.object();
        t.put("key", key);
        if (!value.isEmpty()) {
            t.put("value", value);
        }
        t.put("effect", effect);
        if (timeAdded != null) {
            t.put("timeAdded", timeAdded);
        }
        return t;
    }
}
