package dev.tugboat.scheduler.framework;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A pod toleration (operator {@code Equal}, the default, or {@code Exists}). */
public record Toleration(String key, String operator, String value, String effect) {

    /** The tolerations of a pod's {@code spec.tolerations}. */
    public static List<Toleration> listFrom(JsonNode tolerations) {
        if (!tolerations.isArray() || tolerations.isEmpty()) {
            return List.of();
        }
        List<Toleration> out = new ArrayList<>(tolerations.size());
        for (JsonNode t : tolerations) {
            out.add(new Toleration(t.path("key").asText(""), t.path("operator").asText(""),
                    t.path("value").asText(""), t.path("effect").asText("")));
        }
        return List.copyOf(out);
    }

    /**
     * Whether this toleration tolerates the taint, as upstream's {@code ToleratesTaint}: an empty effect
     * matches every effect, an empty key with {@code Exists} matches every key, {@code Exists} ignores the
     * value and {@code Equal} (or empty) compares it.
     */
    public boolean tolerates(Taint taint) {
        if (!effect.isEmpty() && !effect.equals(taint.effect())) {
            return false;
        }
        if (!key.isEmpty() && !key.equals(taint.key())) {
            return false;
        }
        return switch (operator) {
            case "Exists" -> true;
            case "", "Equal" -> value.equals(taint.value());
            default -> false;
        };
    }

    /** Whether any of the tolerations tolerates the taint. */
    public static boolean anyTolerates(List<Toleration> tolerations, Taint taint) {
        for (Toleration t : tolerations) {
            if (t.tolerates(taint)) {
                return true;
            }
        }
        return false;
    }
}
