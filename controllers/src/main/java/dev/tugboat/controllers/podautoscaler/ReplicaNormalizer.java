package dev.tugboat.controllers.podautoscaler;

import dev.tugboat.controllers.podautoscaler.ScalingHistory.Recommendation;
import dev.tugboat.controllers.podautoscaler.ScalingHistory.ScaleEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntBinaryOperator;

/**
 * Turns the replica count the metrics call for into the one to scale to (upstream's normalizeDesiredReplicas
 * and normalizeDesiredReplicasWithBehaviors): first stabilized against the recent recommendations, then
 * kept within {@code [minReplicas, maxReplicas]} and the scale-up rate (without a behavior: at most
 * double, or four, per step) or the behavior's policies. Also says why, as the {@code AbleToScale} and
 * {@code ScalingLimited} conditions.
 */
final class ReplicaNormalizer {

    private static final double SCALE_UP_LIMIT_FACTOR = 2.0;
    private static final double SCALE_UP_LIMIT_MINIMUM = 4.0;

    private ReplicaNormalizer() {
    }

    /**
     * The count to scale to and the conditions explaining it.
     *
     * @param ableToScale    {@code AbleToScale}: whether stabilization held the recommendation back
     * @param scalingLimited {@code ScalingLimited}: whether the bounds or the rate cut it
     */
    record Normalized(int replicas, Condition ableToScale, Condition scalingLimited) {
    }

    /** A limited count and the {@code ScalingLimited} reason and message for it. */
    record Limited(int replicas, String reason, String message) {
    }

    /** An autoscaler without a behavior: scale-down stabilization over {@code downscaleWindow}. */
    static Normalized normalize(ScalingHistory history, int current, int desired, int min, int max,
                                Duration downscaleWindow, Instant now) {
        int stabilized = stabilize(history, desired, downscaleWindow, now);
        Condition able = stabilized != desired
                ? Condition.isTrue(Condition.ABLE_TO_SCALE, "ScaleDownStabilized",
                "recent recommendations were higher than current one, applying the highest recent recommendation")
                : readyForNewScale();
        Limited limited = limitWithRules(current, stabilized, min, max);
        return new Normalized(limited.replicas(), able, scalingLimited(limited, stabilized));
    }

    /** An autoscaler with a behavior: stabilization windows per direction, then the rate policies. */
    static Normalized normalizeWithBehavior(ScalingHistory history, ScalingRules.Behavior behavior, int current,
                                            int desired, int min, int max, Instant now) {
        Stabilized s = stabilizeWithBehavior(history, behavior, current, desired, now);
        Condition able = s.replicas() != desired
                ? Condition.isTrue(Condition.ABLE_TO_SCALE, s.reason(), s.message()) : readyForNewScale();
        Limited limited = limitWithBehaviorRate(history, behavior, current, s.replicas(), min, max, now);
        return new Normalized(limited.replicas(), able, scalingLimited(limited, s.replicas()));
    }

    private static Condition readyForNewScale() {
        return Condition.isTrue(Condition.ABLE_TO_SCALE, "ReadyForNewScale", "recommended size matches current size");
    }

    private static Condition scalingLimited(Limited limited, int stabilized) {
        return new Condition(Condition.SCALING_LIMITED, limited.replicas() == stabilized ? "False" : "True",
                limited.reason(), limited.message());
    }

    /**
     * Upstream's stabilizeRecommendation: records {@code desired} (in the slot of a recommendation older
     * than the window, if any) and returns the highest recommendation within the window.
     */
    static int stabilize(ScalingHistory history, int desired, Duration window, Instant now) {
        int highest = desired;
        int oldIndex = -1;
        Instant cutoff = now.minus(window);
        List<Recommendation> recs = history.recommendations;
        for (int i = 0; i < recs.size(); i++) {
            Recommendation rec = recs.get(i);
            if (rec.at().isBefore(cutoff)) {
                oldIndex = i;
            } else if (rec.replicas() > highest) {
                highest = rec.replicas();
            }
        }
        record(recs, oldIndex, new Recommendation(desired, now));
        return highest;
    }

    /** A stabilized count and the {@code AbleToScale} reason and message should it differ from the desired one. */
    record Stabilized(int replicas, String reason, String message) {
    }

    /**
     * Upstream's stabilizeRecommendationWithBehaviors: the count stays between the lowest recommendation
     * of the scale-up window and the highest of the scale-down window (so it only rises once every recent
     * recommendation was higher, and only falls once every one was lower).
     */
    static Stabilized stabilizeWithBehavior(ScalingHistory history, ScalingRules.Behavior behavior, int current,
                                            int desired, Instant now) {
        Instant upCutoff = now.minusSeconds(behavior.scaleUp().stabilizationWindowSeconds());
        Instant downCutoff = now.minusSeconds(behavior.scaleDown().stabilizationWindowSeconds());
        int up = desired;
        int down = desired;
        int oldIndex = -1;
        List<Recommendation> recs = history.recommendations;
        for (int i = 0; i < recs.size(); i++) {
            Recommendation rec = recs.get(i);
            if (rec.at().isAfter(upCutoff)) {
                up = Math.min(rec.replicas(), up);
            }
            if (rec.at().isAfter(downCutoff)) {
                down = Math.max(rec.replicas(), down);
            }
            if (rec.at().isBefore(upCutoff) && rec.at().isBefore(downCutoff)) {
                oldIndex = i;
            }
        }
        int recommendation = Math.min(Math.max(current, up), down);
        record(recs, oldIndex, new Recommendation(desired, now));
        return desired >= current
                ? new Stabilized(recommendation, "ScaleUpStabilized",
                "recent recommendations were lower than current one, applying the lowest recent recommendation")
                : new Stabilized(recommendation, "ScaleDownStabilized",
                "recent recommendations were higher than current one, applying the highest recent recommendation");
    }

    private static void record(List<Recommendation> recs, int oldIndex, Recommendation rec) {
        if (oldIndex >= 0) {
            recs.set(oldIndex, rec);
        } else {
            recs.add(rec);
        }
    }

    /** Upstream's convertDesiredReplicasWithRules: the bounds, and at most double (or four) replicas per step. */
    static Limited limitWithRules(int current, int desired, int min, int max) {
        int scaleUpLimit = (int) Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM);
        int maxAllowed;
        String reason;
        String message;
        if (max > scaleUpLimit) {
            maxAllowed = scaleUpLimit;
            reason = "ScaleUpLimit";
            message = "the desired replica count is increasing faster than the maximum scale rate";
        } else {
            maxAllowed = max;
            reason = "TooManyReplicas";
            message = "the desired replica count is more than the maximum replica count";
        }
        if (desired < min) {
            return new Limited(min, "TooFewReplicas", "the desired replica count is less than the minimum replica count");
        }
        if (desired > maxAllowed) {
            return new Limited(maxAllowed, reason, message);
        }
        return withinRange(desired);
    }

    private static Limited withinRange(int desired) {
        return new Limited(desired, "DesiredWithinRange", "the desired count is within the acceptable range");
    }

    /** Upstream's convertDesiredReplicasWithBehaviorRate: the bounds and the behavior's rate policies. */
    static Limited limitWithBehaviorRate(ScalingHistory history, ScalingRules.Behavior behavior, int current,
                                         int desired, int min, int max, Instant now) {
        if (desired > current) {
            // Never below the current count: recent scale-ups may have used up more than a changed policy allows.
            int scaleUpLimit = Math.max(current,
                    scaleUpLimit(current, history.scaleUps, history.scaleDowns, behavior.scaleUp(), now));
            if (max > scaleUpLimit) {
                if (desired > scaleUpLimit) {
                    return new Limited(scaleUpLimit, "ScaleUpLimit",
                            "the desired replica count is increasing faster than the maximum scale rate");
                }
            } else if (desired > max) {
                return new Limited(max, "TooManyReplicas", "the desired replica count is more than the maximum replica count");
            }
        } else if (desired < current) {
            int scaleDownLimit = Math.min(current,
                    scaleDownLimit(current, history.scaleUps, history.scaleDowns, behavior.scaleDown(), now));
            if (min < scaleDownLimit) {
                if (desired < scaleDownLimit) {
                    return new Limited(scaleDownLimit, "ScaleDownLimit",
                            "the desired replica count is decreasing faster than the maximum scale rate");
                }
            } else if (desired < min) {
                return new Limited(min, "TooFewReplicas", "the desired replica count is less than the minimum replica count");
            }
        }
        return withinRange(desired);
    }

    /** The replicas changed in one direction within the last {@code periodSeconds}. */
    static int changeInPeriod(int periodSeconds, List<ScaleEvent> events, Instant now) {
        Instant cutoff = now.minusSeconds(periodSeconds);
        int sum = 0;
        for (ScaleEvent e : events) {
            if (e.at().isAfter(cutoff)) {
                sum += e.change();
            }
        }
        return sum;
    }

    /** Upstream's calculateScaleUpLimitWithScalingRules: the most replicas the policies allow now. */
    static int scaleUpLimit(int current, List<ScaleEvent> ups, List<ScaleEvent> downs, ScalingRules rules,
                            Instant now) {
        return policyLimit(current, ups, downs, rules, now, true);
    }

    /** Upstream's calculateScaleDownLimitWithBehaviors: the fewest replicas the policies allow now. */
    static int scaleDownLimit(int current, List<ScaleEvent> ups, List<ScaleEvent> downs, ScalingRules rules,
                              Instant now) {
        return policyLimit(current, ups, downs, rules, now, false);
    }

    /**
     * The limit of one direction: each policy allows a change from the replica count at the start of its
     * period (the current one minus the changes within it), and the select policy picks among them.
     */
    private static int policyLimit(int current, List<ScaleEvent> ups, List<ScaleEvent> downs, ScalingRules rules,
                                   Instant now, boolean up) {
        if (rules.selectPolicy() == ScalingRules.SelectPolicy.Disabled) {
            return current;
        }
        // The smallest change (Min) is the lowest limit scaling up, and the highest scaling down.
        boolean lowest = (rules.selectPolicy() == ScalingRules.SelectPolicy.Min) == up;
        IntBinaryOperator select = lowest ? Math::min : Math::max;
        int result = lowest ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (ScalingRules.Policy p : rules.policies()) {
            int periodStart = current - changeInPeriod(p.periodSeconds(), ups, now)
                    + changeInPeriod(p.periodSeconds(), downs, now);
            int proposed;
            if (p.type() == ScalingRules.PolicyType.Pods) {
                proposed = up ? periodStart + p.value() : periodStart - p.value();
            } else if (up) {
                // Rounded up: a small percentage of few replicas must still allow one more.
                proposed = (int) Math.ceil(periodStart * (1 + p.value() / 100.0));
            } else {
                proposed = (int) (periodStart * (1 - p.value() / 100.0));
            }
            result = select.applyAsInt(result, proposed);
        }
        return result;
    }

    /**
     * Upstream's storeScaleEvent: remembers a rescale of an autoscaler with a behavior, in the slot of an
     * event older than the direction's longest policy period if there is one.
     */
    static void storeScaleEvent(ScalingHistory history, ScalingRules.Behavior behavior, int previous, int replicas,
                                Instant now) {
        boolean up = replicas > previous;
        List<ScaleEvent> events = up ? history.scaleUps : history.scaleDowns;
        ScalingRules rules = up ? behavior.scaleUp() : behavior.scaleDown();
        Instant cutoff = now.minusSeconds(rules.longestPolicyPeriod());
        int oldIndex = -1;
        for (int i = 0; i < events.size(); i++) {
            ScaleEvent e = events.get(i);
            if (e.at().isBefore(cutoff) && !e.outdated()) {
                e = new ScaleEvent(e.change(), e.at(), true);
                events.set(i, e);
            }
            if (e.outdated()) {
                oldIndex = i;
            }
        }
        ScaleEvent event = new ScaleEvent(Math.abs(replicas - previous), now, false);
        if (oldIndex >= 0) {
            events.set(oldIndex, event);
        } else {
            events.add(event);
        }
    }
}
