package dev.tugboat.scheduler.framework;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A node taint: {@code key=value:effect}. */
public record Taint(String key, String value, String effect) {

    public static final String NO_SCHEDULE = "NoSchedule";
    public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";
    public static final String NO_EXECUTE = "NoExecute";

    /** The taints of a node's {@code spec.taints}. */
    public static List<Taint> listFrom(JsonNode taints) {
        if (!taints.isArray() || taints.isEmpty()) {
            return List.of();
        }
        List<Taint> out = new ArrayList<>(taints.size());
        for (JsonNode t : taints) {
            out.add(new Taint(t.path("key").asText(""), t.path("value").asText(""), t.path("effect").asText("")));
        }
        return List.copyOf(out);
    }
}
