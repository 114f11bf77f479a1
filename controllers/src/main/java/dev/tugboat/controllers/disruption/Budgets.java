package dev.tugboat.controllers.disruption;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.controllers.common.Pods;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntSupplier;

/** The arithmetic of a PodDisruptionBudget's status (upstream's disruption controller). Pure. */
final class Budgets {

    /** The pods a budget wants and has: {@code expectedPods} and {@code desiredHealthy}. */
    record Desired(int expectedPods, int desiredHealthy) {
    }

    /** The evictions granted by the API server whose pods have not been deleted yet, and what expired. */
    record Disrupted(Map<String, String> pending, List<String> expired, Optional<Instant> recheckAt) {
    }

    private Budgets() {
    }

    /**
     * Upstream's GetScaledValueFromIntOrPercent: an int as it is, {@code "N%"} of {@code total} rounded
     * up or down.
     *
     * @throws IllegalArgumentException for anything else
     */
    static int scaled(JsonNode intOrPercent, int total, boolean roundUp) {
        if (intOrPercent.isInt() || intOrPercent.isLong()) {
            return intOrPercent.asInt();
        }
        String s = intOrPercent.asText("");
        if (!intOrPercent.isTextual() || !s.endsWith("%")) {
            throw new IllegalArgumentException("invalid value for IntOrString: invalid type: string is not a percentage");
        }
        int percent;
        try {
            percent = Integer.parseInt(s.substring(0, s.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value \"" + s + "\": " + e.getMessage());
        }
        long product = (long) percent * total;
        return (int) (roundUp ? Math.ceilDiv(product, 100) : Math.floorDiv(product, 100));
    }

    /**
     * Upstream's getExpectedPodCount. With {@code maxUnavailable} or a percentage {@code minAvailable} the
     * expected number is the scale of the pods' controllers; with an integer {@code minAvailable} it is
     * the number of pods.
     *
     * @param expectedScale the summed scale of the pods' controllers; may throw when a pod has none
     */
    static Desired desired(JsonNode spec, int podCount, IntSupplier expectedScale) {
        JsonNode maxUnavailable = spec.get("maxUnavailable");
        JsonNode minAvailable = spec.get("minAvailable");
        if (maxUnavailable != null && !maxUnavailable.isNull()) {
            int expected = expectedScale.getAsInt();
            int unavailable = scaled(maxUnavailable, expected, true);
            return new Desired(expected, Math.max(0, expected - unavailable));
        }
        if (minAvailable != null && !minAvailable.isNull()) {
            if (minAvailable.isIntegralNumber()) {
                return new Desired(podCount, minAvailable.asInt());
            }
            int expected = expectedScale.getAsInt();
            return new Desired(expected, scaled(minAvailable, expected, true));
        }
        return new Desired(0, 0);
    }

    /** Upstream's rule: healthy pods beyond the desired ones, and none when nothing is expected. */
    static int disruptionsAllowed(int currentHealthy, int desiredHealthy, int expectedPods) {
        int allowed = currentHealthy - desiredHealthy;
        return expectedPods <= 0 || allowed <= 0 ? 0 : allowed;
    }

    /**
     * Upstream's buildDisruptedPodMap: entries of pods that are gone or being deleted are dropped, and
     * so are ones older than {@code timeout} (the eviction was granted but the pod was not deleted).
     */
    static Disrupted disrupted(JsonNode recorded, List<? extends JsonNode> pods, Instant now, Duration timeout) {
        Map<String, String> pending = new TreeMap<>();
        List<String> expired = new java.util.ArrayList<>();
        Instant recheck = null;
        for (JsonNode pod : pods) {
            JsonNode at = recorded.get(Meta.name(pod));
            if (at == null || Meta.isDeleting(pod)) {
                continue;
            }
            Optional<Instant> since = Timestamps.parse(at.asText(""));
            if (since.isEmpty()) {
                continue;
            }
            Instant deadline = since.get().plus(timeout);
            if (deadline.isBefore(now)) {
                expired.add(Meta.name(pod));
            } else {
                pending.put(Meta.name(pod), at.asText());
                recheck = recheck == null || deadline.isBefore(recheck) ? deadline : recheck;
            }
        }
        return new Disrupted(pending, expired, Optional.ofNullable(recheck));
    }

    /** Upstream's countHealthyPods: Ready pods not being deleted and not about to be evicted. */
    static int currentHealthy(List<? extends JsonNode> pods, Map<String, String> disrupted) {
        int healthy = 0;
        for (JsonNode pod : pods) {
            if (!Meta.isDeleting(pod) && !disrupted.containsKey(Meta.name(pod)) && Pods.isReady(pod)) {
                healthy++;
            }
        }
        return healthy;
    }
}
