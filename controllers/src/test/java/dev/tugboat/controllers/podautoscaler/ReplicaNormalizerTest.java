package dev.tugboat.controllers.podautoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.api.meta.Json;
import dev.tugboat.controllers.podautoscaler.ScalingHistory.Recommendation;
import dev.tugboat.controllers.podautoscaler.ScalingHistory.ScaleEvent;
import dev.tugboat.controllers.podautoscaler.ScalingRules.Behavior;
import dev.tugboat.controllers.podautoscaler.ScalingRules.Policy;
import dev.tugboat.controllers.podautoscaler.ScalingRules.PolicyType;
import dev.tugboat.controllers.podautoscaler.ScalingRules.SelectPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Stabilization and rate limits, with upstream's horizontal_test cases. */
class ReplicaNormalizerTest {

    static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
    static final ScalingRules DEFAULT_UP = new ScalingRules(0, SelectPolicy.Max,
            List.of(new Policy(PolicyType.Pods, 4, 15), new Policy(PolicyType.Percent, 100, 15)), OptionalDouble.empty());
    static final ScalingRules DEFAULT_DOWN = new ScalingRules(300, SelectPolicy.Max,
            List.of(new Policy(PolicyType.Percent, 100, 15)), OptionalDouble.empty());

    /** Upstream's generateScalingRules: select Max, a Pods and/or a Percent policy. */
    static ScalingRules rules(int pods, int podsPeriod, int percent, int percentPeriod, int window) {
        List<Policy> policies = new ArrayList<>();
        if (pods != 0) {
            policies.add(new Policy(PolicyType.Pods, pods, podsPeriod));
        }
        if (percent != 0) {
            policies.add(new Policy(PolicyType.Percent, percent, percentPeriod));
        }
        return new ScalingRules(window, SelectPolicy.Max, policies, OptionalDouble.empty());
    }

    /**
     * Upstream's generateEventsUniformDistribution: the events spread over the last {@code periodSeconds},
     * each in the middle of its share (three events over 120 s: 100 s, 60 s and 20 s ago).
     */
    static List<ScaleEvent> events(int periodSeconds, int... changes) {
        List<ScaleEvent> events = new ArrayList<>();
        double segment = (double) periodSeconds / changes.length;
        for (int i = 0; i < changes.length; i++) {
            long ago = (long) (periodSeconds - segment * (i + 1) + segment / 2);
            events.add(new ScaleEvent(changes[i], NOW.minusSeconds(ago), false));
        }
        return events;
    }

    /** One case of upstream's TestScalingWithRules (convertDesiredReplicasWithBehaviorRate). */
    static void rate(String name, List<ScaleEvent> ups, List<ScaleEvent> downs, int min, int max, ScalingRules up,
                     ScalingRules down, int current, int desired, int expected, String reason) {
        ScalingHistory h = new ScalingHistory();
        h.scaleUps.addAll(ups);
        h.scaleDowns.addAll(downs);
        Behavior b = new Behavior(up == null ? DEFAULT_UP : up, down == null ? DEFAULT_DOWN : down);
        ReplicaNormalizer.Limited l = ReplicaNormalizer.limitWithBehaviorRate(h, b, current, desired, min, max, NOW);
        assertThat(l.replicas()).as(name).isEqualTo(expected);
        assertThat(l.reason()).as(name).isEqualTo(reason);
    }

    @Test
    void rateLimitsWithoutHistory() {
        List<ScaleEvent> none = List.of();
        rate("within range", none, none, 3, 8, null, null, 5, 7, 7, "DesiredWithinRange");
        rate("below minReplicas", none, none, 2, 8, null, null, 3, 1, 2, "TooFewReplicas");
        rate("zero within range when minReplicas is 0", none, none, 0, 10, null, null, 1, 0, 0, "DesiredWithinRange");
        rate("maxReplicas below the rate limit", none, none, 1, 10, null, null, 20, 1000, 10, "TooManyReplicas");
        rate("more than maxReplicas", none, none, 100, 150, null, null, 100, 1000, 150, "TooManyReplicas");
        rate("user percent policy", none, none, 1, 2000, rules(0, 0, 1, 60, 0), null, 3, 1000, 4, "ScaleUpLimit");
        rate("user pods scale-down policy", none, none, 3, 2000, null, rules(20, 60, 0, 0, 0), 1000, 3, 980,
                "ScaleDownLimit");
        rate("default scale-up behavior", none, none, 1, 1000, null, null, 10, 50, 20, "ScaleUpLimit");
        rate("pods policy larger than percent", none, none, 1, 1000, rules(100, 60, 100, 60, 0), null, 10, 500, 110,
                "ScaleUpLimit");
        rate("percent policy larger than pods", none, none, 1, 1000, rules(2, 60, 100, 60, 0), null, 10, 500, 20,
                "ScaleUpLimit");
        rate("large pods policy", none, none, 1, 1000, rules(100, 60, 0, 0, 0), null, 10, 50, 50, "DesiredWithinRange");
        rate("larger pods policy", none, none, 1, 1000, rules(10000, 60, 0, 0, 0), null, 10, 50, 50,
                "DesiredWithinRange");
        rate("pods policy limits", none, none, 1, 1000, rules(30, 60, 0, 0, 0), null, 10, 50, 40, "ScaleUpLimit");
        rate("percent policy limits", none, none, 1, 1000, rules(0, 0, 200, 60, 0), null, 10, 50, 30, "ScaleUpLimit");
        rate("scale down: percent larger than pods", none, none, 1, 1000, null, rules(20, 60, 1, 60, 300), 100, 2, 80,
                "ScaleDownLimit");
        rate("scale down: pods larger than percent", none, none, 1, 1000, null, rules(2, 60, 1, 60, 300), 100, 2, 98,
                "ScaleDownLimit");
        rate("scale down: minReplicas below a large pods policy", none, none, 1, 1000, null, rules(100, 60, 0, 0, 300),
                10, 0, 1, "TooFewReplicas");
        rate("scale down: minReplicas below a large percent policy", none, none, 5, 1000, null,
                rules(0, 0, 100, 60, 300), 10, 2, 5, "TooFewReplicas");
        rate("scale down: pods policy limits", none, none, 1, 1000, null, rules(5, 60, 0, 0, 300), 10, 2, 5,
                "ScaleDownLimit");
        rate("scale down: percent policy allows it", none, none, 1, 1000, null, rules(0, 0, 50, 60, 300), 10, 5, 5,
                "DesiredWithinRange");
    }

    @Test
    void rateLimitsCountRecentScaleEvents() {
        List<ScaleEvent> none = List.of();
        List<ScaleEvent> ups = events(120, 1, 5, 9);
        rate("maxReplicas below a large pods policy", ups, none, 1, 200, rules(300, 60, 0, 0, 0), null, 100, 500, 200,
                "TooManyReplicas");
        rate("maxReplicas below a large percent policy", ups, none, 1, 200, rules(0, 0, 10000, 60, 0), null, 100, 500,
                200, "TooManyReplicas");
        // 120 s ago there were 85 replicas and 5 more are allowed: no scale-up, but never below the current count.
        rate("recent scale-ups used up the policy", ups, none, 1, 1000, rules(5, 120, 0, 0, 0), null, 100, 500, 100,
                "ScaleUpLimit");
        rate("pods policy after scale-ups", ups, none, 1, 1000, rules(150, 120, 0, 0, 0), null, 100, 500, 235,
                "ScaleUpLimit");
        rate("percent policy after scale-ups", ups, none, 1, 1000, rules(0, 0, 200, 120, 0), null, 100, 500, 255,
                "ScaleUpLimit");
        List<ScaleEvent> downs = events(120, 1, 5, 9);
        rate("default scale-down policy after scale-downs", none, downs, 1, 1000, null, null, 10, 5, 5,
                "DesiredWithinRange");
        rate("minReplicas below a large pods policy after scale-downs", none, downs, 1, 1000, null,
                rules(115, 120, 0, 0, 300), 100, 0, 1, "TooFewReplicas");
        rate("minReplicas 5 below a larger pods policy", none, downs, 5, 1000, null, rules(130, 120, 0, 0, 300), 100,
                0, 5, "TooFewReplicas");
        rate("minReplicas below a 100% policy", none, downs, 5, 1000, null, rules(0, 0, 100, 120, 300), 100, 2, 5,
                "TooFewReplicas");
        rate("recent scale-downs used up the pods policy", none, downs, 1, 1000, null, rules(5, 120, 0, 0, 300), 100, 2,
                100, "ScaleDownLimit");
        rate("percent of the period's start", none, events(120, 2, 4, 6), 1, 1000, null, rules(0, 0, 50, 120, 300), 100,
                0, 56, "ScaleDownLimit");
        rate("recent scale-downs prevent more", none, events(120, 10, 10, 10), 1, 1000, null,
                rules(0, 0, 10, 120, 300), 100, 0, 100, "ScaleDownLimit");
        rate("recent scale-downs still allow more", none, events(120, 10, 10, 10), 1, 1000, null,
                rules(0, 0, 1000, 120, 300), 10, 5, 5, "DesiredWithinRange");
        List<ScaleEvent> four = events(120, 8, 12, 9, 11);
        rate("outdated up events, one policy", four, none, 1, 1000, rules(1000, 60, 0, 0, 0), null, 100, 200, 200,
                "DesiredWithinRange");
        rate("up events, two policies", four, none, 1, 1000, rules(1000, 120, 100, 60, 0), null, 100, 200, 200,
                "DesiredWithinRange");
        rate("down events, two policies", none, four, 1, 1000, null, rules(1000, 30, 100, 60, 300), 100, 5, 5,
                "DesiredWithinRange");
    }

    @Test
    void disabledPolicyStopsThatDirection() {
        ScalingRules disabled = new ScalingRules(0, SelectPolicy.Disabled, DEFAULT_UP.policies(), OptionalDouble.empty());
        rate("scale-up disabled", List.of(), List.of(), 1, 100, disabled, null, 5, 50, 5, "ScaleUpLimit");
        rate("scale-down disabled", List.of(), List.of(), 1, 100, null, disabled, 5, 1, 5, "ScaleDownLimit");
    }

    @Test
    void minSelectPolicyTakesTheSmallestChange() {
        ScalingRules min = new ScalingRules(300, SelectPolicy.Min,
                List.of(new Policy(PolicyType.Pods, 2, 60), new Policy(PolicyType.Percent, 50, 60)), OptionalDouble.empty());
        assertThat(ReplicaNormalizer.scaleUpLimit(1, List.of(), List.of(), min, NOW)).isEqualTo(2);
        assertThat(ReplicaNormalizer.scaleDownLimit(5, List.of(), List.of(), min, NOW)).isEqualTo(3);
    }

    @Test
    void limitsWithoutBehavior() {
        assertThat(ReplicaNormalizer.limitWithRules(5, 7, 3, 8))
                .isEqualTo(new ReplicaNormalizer.Limited(7, "DesiredWithinRange", "the desired count is within the acceptable range"));
        assertThat(ReplicaNormalizer.limitWithRules(3, 1, 2, 8)).isEqualTo(new ReplicaNormalizer.Limited(2,
                "TooFewReplicas", "the desired replica count is less than the minimum replica count"));
        assertThat(ReplicaNormalizer.limitWithRules(1, 0, 0, 10).reason()).isEqualTo("DesiredWithinRange");
        assertThat(ReplicaNormalizer.limitWithRules(20, 1000, 1, 10)).isEqualTo(new ReplicaNormalizer.Limited(10,
                "TooManyReplicas", "the desired replica count is more than the maximum replica count"));
        // At most double (or four) per step.
        assertThat(ReplicaNormalizer.limitWithRules(3, 1000, 1, 2000)).isEqualTo(new ReplicaNormalizer.Limited(6,
                "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate"));
        assertThat(ReplicaNormalizer.limitWithRules(1, 1000, 1, 2000).replicas()).isEqualTo(4);
    }

    static ScalingHistory history(Object... replicasAndAge) {
        ScalingHistory h = new ScalingHistory();
        for (int i = 0; i < replicasAndAge.length; i += 2) {
            h.recommendations.add(new Recommendation((Integer) replicasAndAge[i], NOW.minus((Duration) replicasAndAge[i + 1])));
        }
        return h;
    }

    static List<Integer> recorded(ScalingHistory h) {
        return h.recommendations.stream().map(Recommendation::replicas).toList();
    }

    @Test
    void stabilizationWithoutBehavior() {
        Duration window = Duration.ofMinutes(5);
        ScalingHistory empty = history();
        assertThat(ReplicaNormalizer.stabilize(empty, 5, window, NOW)).isEqualTo(5);
        assertThat(recorded(empty)).containsExactly(5);

        ScalingHistory h = history(4, Duration.ofMinutes(2), 5, Duration.ofMinutes(1));
        assertThat(ReplicaNormalizer.stabilize(h, 3, window, NOW)).isEqualTo(5);
        assertThat(recorded(h)).containsExactly(4, 5, 3);

        h = history(1, Duration.ofMinutes(2), 2, Duration.ofMinutes(1));
        assertThat(ReplicaNormalizer.stabilize(h, 3, window, NOW)).isEqualTo(3);
        assertThat(recorded(h)).hasSize(3);

        // Recommendations older than the window do not count; the last of them is replaced.
        h = history(10, Duration.ofMinutes(10), 9, Duration.ofMinutes(9));
        assertThat(ReplicaNormalizer.stabilize(h, 3, window, NOW)).isEqualTo(3);
        assertThat(recorded(h)).containsExactly(10, 3);

        h = history(10, Duration.ofMinutes(10), 4, Duration.ofMinutes(1), 5, Duration.ofMinutes(2),
                9, Duration.ofMinutes(9));
        assertThat(ReplicaNormalizer.stabilize(h, 3, window, NOW)).isEqualTo(5);
        assertThat(recorded(h)).containsExactly(10, 4, 5, 3);
    }

    /** One case of upstream's TestNormalizeDesiredReplicasWithBehavior (windows default to 0 there). */
    static void stabilizeWithBehavior(ScalingHistory h, int upWindow, int downWindow, int current, int desired,
                                      int expected, Integer... expectedRecorded) {
        Behavior b = new Behavior(new ScalingRules(upWindow, SelectPolicy.Max, List.of(), OptionalDouble.empty()),
                new ScalingRules(downWindow, SelectPolicy.Max, List.of(), OptionalDouble.empty()));
        assertThat(ReplicaNormalizer.stabilizeWithBehavior(h, b, current, desired, NOW).replicas()).isEqualTo(expected);
        assertThat(recorded(h)).containsExactly(expectedRecorded);
    }

    @Test
    void stabilizationWithBehavior() {
        stabilizeWithBehavior(history(), 0, 0, 100, 5, 5, 5);
        stabilizeWithBehavior(history(4, Duration.ofMinutes(2), 5, Duration.ofMinutes(1)), 0, 180, 100, 3, 5, 4, 5, 3);
        stabilizeWithBehavior(history(4, Duration.ofMinutes(2), 5, Duration.ofMinutes(1)), 300, 0, 1, 7, 4, 4, 5, 7);
        stabilizeWithBehavior(history(1, Duration.ofMinutes(2), 2, Duration.ofMinutes(1)), 300, 0, 100, 3, 3, 1, 2, 3);
        stabilizeWithBehavior(history(4, Duration.ofMinutes(2), 5, Duration.ofMinutes(1)), 0, 300, 1, 3, 3, 4, 5, 3);
        stabilizeWithBehavior(history(10, Duration.ofMinutes(10), 9, Duration.ofMinutes(9)), 0, 0, 100, 3, 3, 10, 3);
        stabilizeWithBehavior(history(10, Duration.ofMinutes(10), 9, Duration.ofMinutes(9)), 0, 0, 1, 100, 100, 10, 100);
        stabilizeWithBehavior(history(10, Duration.ofMinutes(10), 4, Duration.ofMinutes(1), 5, Duration.ofMinutes(2),
                9, Duration.ofMinutes(9)), 0, 180, 100, 3, 5, 10, 4, 5, 3);
        // Only the first recommendation is older than both windows (300 s up, 0 s down), so only it is reused.
        stabilizeWithBehavior(history(10, Duration.ofMinutes(100), 6, Duration.ofMinutes(1), 5, Duration.ofMinutes(2),
                9, Duration.ofMinutes(3)), 300, 0, 1, 100, 5, 100, 6, 5, 9);
    }

    static List<ScaleEvent> aged(int... changeAndSecondsAgo) {
        List<ScaleEvent> events = new ArrayList<>();
        for (int i = 0; i < changeAndSecondsAgo.length; i += 2) {
            events.add(new ScaleEvent(changeAndSecondsAgo[i], NOW.minusSeconds(changeAndSecondsAgo[i + 1]), false));
        }
        return events;
    }

    /** One case of upstream's TestStoreScaleEvents, in both directions. */
    static void store(List<ScaleEvent> before, ScalingRules rules, int expectedChangeIn60s, String expectedAfter) {
        for (boolean up : new boolean[]{true, false}) {
            ScalingHistory h = new ScalingHistory();
            (up ? h.scaleUps : h.scaleDowns).addAll(before);
            List<ScaleEvent> events = up ? h.scaleUps : h.scaleDowns;
            assertThat(ReplicaNormalizer.changeInPeriod(60, events, NOW)).isEqualTo(expectedChangeIn60s);
            Behavior b = up ? new Behavior(rules, DEFAULT_DOWN) : new Behavior(DEFAULT_UP, rules);
            ReplicaNormalizer.storeScaleEvent(h, b, 10, up ? 15 : 5, NOW);
            assertThat(events.stream().map(e -> e.change() + (e.outdated() ? "!" : "")).toList())
                    .as(up ? "up" : "down").hasToString(expectedAfter);
        }
    }

    @Test
    void scaleEventsReuseOutdatedSlots() {
        store(aged(), rules(10, 60, 100, 60, 0), 0, "[5]");
        store(aged(7, 61), rules(10, 60, 100, 60, 0), 0, "[5]");
        store(aged(7, 58), rules(10, 60, 100, 60, 0), 7, "[7, 5]");
        store(aged(7, 61, 6, 59), rules(10, 60, 0, 0, 0), 6, "[5, 6]");
        // The last outdated event is replaced; an earlier one stays, marked outdated.
        store(aged(8, 29, 6, 59, 7, 61, 9, 61), rules(10, 60, 100, 30, 0), 14, "[8, 6, 7!, 5]");
        store(aged(7, 58, 6, 59), rules(10, 120, 100, 30, 0), 13, "[7, 6, 5]");
    }

    @Test
    void normalizeSaysWhy() {
        ScalingHistory h = history(5, Duration.ofSeconds(30));
        ReplicaNormalizer.Normalized n = ReplicaNormalizer.normalize(h, 5, 2, 1, 10, Duration.ofMinutes(5), NOW);
        assertThat(n.replicas()).isEqualTo(5);
        assertThat(n.ableToScale()).isEqualTo(Condition.isTrue("AbleToScale", "ScaleDownStabilized",
                "recent recommendations were higher than current one, applying the highest recent recommendation"));
        assertThat(n.scalingLimited()).isEqualTo(Condition.isFalse("ScalingLimited", "DesiredWithinRange",
                "the desired count is within the acceptable range"));

        n = ReplicaNormalizer.normalize(history(), 2, 100, 1, 10, Duration.ofMinutes(5), NOW);
        assertThat(n.replicas()).isEqualTo(4);
        assertThat(n.ableToScale().reason()).isEqualTo("ReadyForNewScale");
        assertThat(n.scalingLimited()).isEqualTo(Condition.isTrue("ScalingLimited", "ScaleUpLimit",
                "the desired replica count is increasing faster than the maximum scale rate"));

        Behavior slowUp = new Behavior(new ScalingRules(60, SelectPolicy.Max, DEFAULT_UP.policies(),
                OptionalDouble.empty()), DEFAULT_DOWN);
        n = ReplicaNormalizer.normalizeWithBehavior(history(2, Duration.ofSeconds(30)), slowUp, 2, 6, 1, 10, NOW);
        assertThat(n.replicas()).isEqualTo(2);
        assertThat(n.ableToScale()).isEqualTo(Condition.isTrue("AbleToScale", "ScaleUpStabilized",
                "recent recommendations were lower than current one, applying the lowest recent recommendation"));
    }

    @Test
    void behaviorComesFromTheStoredObjectWithDefaultsForWhatIsMissing() throws Exception {
        var spec = Json.parse("""
                {"behavior":{"scaleDown":{"policies":[{"type":"Pods","value":1,"periodSeconds":60}],"tolerance":"0.05"},
                             "scaleUp":{"stabilizationWindowSeconds":30,"selectPolicy":"Min"}}}
                """.getBytes());
        Behavior b = Behavior.of(spec, Duration.ofMinutes(4)).orElseThrow();
        assertThat(b.scaleUp()).isEqualTo(new ScalingRules(30, SelectPolicy.Min, DEFAULT_UP.policies(),
                OptionalDouble.empty()));
        assertThat(b.scaleDown()).isEqualTo(new ScalingRules(240, SelectPolicy.Max,
                List.of(new Policy(PolicyType.Pods, 1, 60)), OptionalDouble.of(0.05)));
        assertThat(Behavior.of(Json.parse("{}".getBytes()), Duration.ofMinutes(5))).isEmpty();
        Behavior onlyUp = Behavior.of(Json.parse("{\"behavior\":{\"scaleUp\":{}}}".getBytes()), Duration.ofMinutes(5))
                .orElseThrow();
        assertThat(onlyUp.scaleDown().stabilizationWindowSeconds()).isEqualTo(300);
        assertThat(onlyUp.scaleDown().policies()).isEqualTo(DEFAULT_DOWN.policies());
    }
}
