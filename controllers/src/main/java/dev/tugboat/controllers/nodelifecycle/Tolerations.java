package dev.tugboat.controllers.nodelifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When a pod on a node with NoExecute taints is to be deleted (upstream's tainteviction
 * processPodOnNode, GetMatchingTolerations and getMinTolerationTime). Pure.
 */
final class Tolerations {

    /** What to do with a pod given its node's NoExecute taints. */
    sealed interface Verdict {
        /** Some taint is not tolerated: delete the pod now. */
        record EvictNow() implements Verdict {
        }

        /** Every taint is tolerated, the shortest for this long: delete when it has passed. */
        record EvictAfter(Duration toleration) implements Verdict {
        }

        /** No taints, or every one tolerated forever: leave the pod (cancel a pending deletion). */
        record Keep() implements Verdict {
        }
    }

    private Tolerations() {
    }

    /** Upstream's Toleration.ToleratesTaint. */
    static boolean tolerates(JsonNode toleration, Taint taint) {
        String effect = toleration.path("effect").asText("");
        if (!effect.isEmpty() && !effect.equals(taint.effect())) {
            return false;
        }
        String key = toleration.path("key").asText("");
        if (!key.isEmpty() && !key.equals(taint.key())) {
            return false;
        }
        return switch (toleration.path("operator").asText("")) {
            case "", "Equal" -> toleration.path("value").asText("").equals(taint.value());
            case "Exists" -> true;
            default -> false;
        };
    }

    /** The verdict for a pod with these tolerations on a node with these NoExecute taints. */
    static Verdict verdict(List<Taint> noExecuteTaints, JsonNode tolerations) {
        if (noExecuteTaints.isEmpty()) {
            return new Verdict.Keep();
        }
        List<JsonNode> used = new ArrayList<>();
        for (Taint taint : noExecuteTaints) {
            JsonNode match = null;
            for (JsonNode t : tolerations) {
                if (tolerates(t, taint)) {
                    match = t;
                    break;
                }
            }
            if (match == null) {
                return new Verdict.EvictNow();
            }
            used.add(match);
        }
        long min = Long.MAX_VALUE;
        for (JsonNode t : used) {
            JsonNode seconds = t.get("tolerationSeconds");
            if (seconds != null && !seconds.isNull()) {
                if (seconds.asLong() <= 0) {
                    return new Verdict.EvictNow();
                }
                min = Math.min(min, seconds.asLong());
            }
        }
        return min == Long.MAX_VALUE ? new Verdict.Keep() : new Verdict.EvictAfter(Duration.ofSeconds(min));
    }
}
