package dev.tugboat.controllers.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Taints and tolerations (upstream's v1helper.TolerationsTolerateTaint and
 * FindMatchingUntoleratedTaint). Pure functions over the JSON of a node's {@code spec.taints} and a
 * pod's {@code spec.tolerations}.
 */
public final class Taints {

    public static final String NO_SCHEDULE = "NoSchedule";
    public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";
    public static final String NO_EXECUTE = "NoExecute";

    private Taints() {
    }

    /** Whether one toleration tolerates one taint: same effect (or any), same key (or any with Exists), value. */
    public static boolean tolerates(JsonNode toleration, JsonNode taint) {
        String effect = toleration.path("effect").asText("");
        if (!effect.isEmpty() && !effect.equals(taint.path("effect").asText(""))) {
            return false;
        }
        String key = toleration.path("key").asText("");
        String operator = toleration.path("operator").asText("");
        if (!key.isEmpty() && !key.equals(taint.path("key").asText(""))) {
            return false;
        }
        return switch (operator) {
            case "Exists" -> true;
            case "", "Equal" -> toleration.path("value").asText("").equals(taint.path("value").asText(""));
            default -> false;
        };
    }

    /** Whether any of {@code tolerations} tolerates {@code taint}. */
    public static boolean tolerated(JsonNode taint, JsonNode tolerations) {
        for (JsonNode t : tolerations) {
            if (tolerates(t, taint)) {
                return true;
            }
        }
        return false;
    }

    /** The first taint selected by {@code filter} that none of the tolerations tolerates. */
    public static Optional<JsonNode> findUntolerated(JsonNode taints, JsonNode tolerations, Predicate<JsonNode> filter) {
        for (JsonNode taint : taints) {
            if (filter.test(taint) && !tolerated(taint, tolerations)) {
                return Optional.of(taint);
            }
        }
        return Optional.empty();
    }

    /** A filter on a taint's effect. */
    public static Predicate<JsonNode> effectIn(String... effects) {
        return taint -> {
            String e = taint.path("effect").asText("");
            for (String want : effects) {
                if (want.equals(e)) {
                    return true;
                }
            }
            return false;
        };
    }
}
