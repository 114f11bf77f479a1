package dev.tugboat.controllers.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.quantity.Quantity;
import dev.tugboat.api.quantity.QuantityFormatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One direction of an autoscaler's {@code spec.behavior} ({@code HPAScalingRules}).
 *
 * @param stabilizationWindowSeconds how far back recommendations are considered
 * @param selectPolicy               which policy's limit wins
 * @param policies                   how much may change per period
 * @param tolerance                  this direction's tolerance, when the autoscaler sets one
 */
record ScalingRules(int stabilizationWindowSeconds, SelectPolicy selectPolicy, List<Policy> policies,
                    OptionalDouble tolerance) {

    ScalingRules {
        policies = List.copyOf(policies);
    }

    /** {@code Max} (the largest change wins), {@code Min} (the smallest) or {@code Disabled} (no change). */
    enum SelectPolicy { Max, Min, Disabled }

    /** {@code Pods} (a number of pods) or {@code Percent} (of the replicas at the period's start). */
    enum PolicyType { Pods, Percent }

    /** At most {@code value} pods or percent per {@code periodSeconds}. */
    record Policy(PolicyType type, int value, int periodSeconds) {
    }

    /** The longest period of the policies (how long scale events matter). */
    int longestPolicyPeriod() {
        return policies.stream().mapToInt(Policy::periodSeconds).max().orElse(0);
    }

    /**
     * An autoscaler's scaling behavior (both directions).
     *
     * @param scaleUp   the scale-up rules
     * @param scaleDown the scale-down rules
     */
    record Behavior(ScalingRules scaleUp, ScalingRules scaleDown) {

        /**
         * Reads {@code spec.behavior}; empty when the autoscaler has none. The API server stores the
         * behavior with its defaults filled in; a part still missing gets the same defaults (upstream's
         * GenerateHPAScaleUpRules/ScaleDownRules), a scale-down window the controller's
         * {@code downscaleStabilizationWindow} (upstream's maybeInitScaleDownStabilizationWindow).
         */
        static Optional<Behavior> of(JsonNode spec, Duration downscaleStabilizationWindow) {
            JsonNode behavior = spec.path("behavior");
            if (!behavior.isObject()) {
                return Optional.empty();
            }
            ScalingRules up = rules(behavior.path("scaleUp"), 0,
                    List.of(new Policy(PolicyType.Pods, 4, 15), new Policy(PolicyType.Percent, 100, 15)));
            ScalingRules down = rules(behavior.path("scaleDown"), (int) downscaleStabilizationWindow.toSeconds(),
                    List.of(new Policy(PolicyType.Percent, 100, 15)));
            return Optional.of(new Behavior(up, down));
        }
    }

    private static ScalingRules rules(JsonNode rules, int defaultWindow, List<Policy> defaultPolicies) {
        int window = rules.path("stabilizationWindowSeconds").isNumber()
                ? rules.path("stabilizationWindowSeconds").asInt() : defaultWindow;
        SelectPolicy select = switch (rules.path("selectPolicy").asText("")) {
            case "Min" -> SelectPolicy.Min;
            case "Disabled" -> SelectPolicy.Disabled;
            default -> SelectPolicy.Max;
        };
        List<Policy> policies = defaultPolicies;
        if (rules.path("policies").isArray()) {
            policies = new ArrayList<>();
            for (JsonNode p : rules.path("policies")) {
                PolicyType type = "Percent".equals(p.path("type").asText()) ? PolicyType.Percent : PolicyType.Pods;
                policies.add(new Policy(type, p.path("value").asInt(), p.path("periodSeconds").asInt()));
            }
        }
        OptionalDouble tolerance = OptionalDouble.empty();
        JsonNode t = rules.path("tolerance");
        if (!t.isMissingNode() && !t.isNull()) {
            try {
                tolerance = OptionalDouble.of(Quantity.parse(t).decimal().doubleValue());
            } catch (QuantityFormatException e) {
                // Validation admits only quantities; an unreadable one leaves the controller's tolerance.
            }
        }
        return new ScalingRules(window, select, policies, tolerance);
    }
}
