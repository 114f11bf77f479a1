package dev.tugboat.controllers.daemonset;

import static dev.tugboat.controllers.Json5.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RollingUpdateTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final String NEW = "newhash";

    /** A pod on a node: hash NEW or "old", ready or not. */
    static ObjectNode pod(String name, String node, String hash, boolean ready) {
        return obj("{'metadata':{'name':'" + name + "','creationTimestamp':'2025-01-01T00:00:00Z',"
                + "'labels':{'controller-revision-hash':'" + hash + "','pod-template-generation':'1'}},"
                + "'spec':{'nodeName':'" + node + "'},'status':{'phase':'Running','conditions':[{'type':'Ready','status':'"
                + (ready ? "True" : "False") + "','lastTransitionTime':'2025-01-01T00:00:00Z'}]}}");
    }

    static NodePlan.NodePods on(String node, JsonNode... pods) {
        return new NodePlan.NodePods(obj("{'metadata':{'name':'" + node + "'}}"), NodeEligibility.YES, List.of(pods));
    }

    static List<String> names(List<JsonNode> pods) {
        return pods.stream().map(Meta::name).toList();
    }

    static RollingUpdate step(List<NodePlan.NodePods> nodes, int surge, int unavailable) {
        // generation 2: the old pods' generation label (1) does not count as updated
        return RollingUpdate.step(nodes, 2, NEW, new RollingUpdate.Limits(surge, unavailable), 0, NOW);
    }

    @Test
    void limitsScalePercentagesUpAndNeverBothZero() {
        assertThat(RollingUpdate.limits(obj("{'spec':{'updateStrategy':{'rollingUpdate':{'maxUnavailable':'25%'}}}}"), 10))
                .isEqualTo(new RollingUpdate.Limits(0, 3));
        assertThat(RollingUpdate.limits(obj("{'spec':{'updateStrategy':{'rollingUpdate':{'maxSurge':'10%','maxUnavailable':0}}}}"), 5))
                .isEqualTo(new RollingUpdate.Limits(1, 0));
        assertThat(RollingUpdate.limits(obj("{'spec':{'updateStrategy':{'rollingUpdate':{'maxSurge':0,'maxUnavailable':0}}}}"), 5))
                .isEqualTo(new RollingUpdate.Limits(0, 1));
        assertThat(RollingUpdate.limits(obj("{'spec':{}}"), 5)).isEqualTo(new RollingUpdate.Limits(0, 1));
    }

    @Test
    void withoutSurgeOldPodsGoOneAtATimeFromTheFirstNode() {
        RollingUpdate s = step(List.of(on("a", pod("pa", "a", "old", true)), on("b", pod("pb", "b", "old", true)),
                on("c", pod("pc", "c", "old", true))), 0, 1);
        assertThat(names(s.podsToDelete())).containsExactly("pa");
        assertThat(s.nodesToCreate()).isEmpty();
    }

    @Test
    void withoutSurgeAnUnavailableUpdatedPodUsesUpTheBudget() {
        RollingUpdate s = step(List.of(on("a", pod("pa", "a", NEW, false)), on("b", pod("pb", "b", "old", true))), 0, 1);
        assertThat(s.podsToDelete()).isEmpty();
        RollingUpdate twoAllowed = step(List.of(on("a", pod("pa", "a", NEW, false)), on("b", pod("pb", "b", "old", true)),
                on("c", pod("pc", "c", "old", true))), 0, 2);
        assertThat(names(twoAllowed.podsToDelete())).containsExactly("pb");
    }

    @Test
    void withoutSurgeOldPodsThatAreNotAvailableAnywayAreReplacedAtOnce() {
        RollingUpdate s = step(List.of(on("a", pod("pa", "a", NEW, false)), on("b", pod("pb", "b", "old", false)),
                on("c", pod("pc", "c", "old", false))), 0, 1);
        assertThat(names(s.podsToDelete())).containsExactly("pb", "pc");
    }

    @Test
    void withSurgeANewPodComesFirstAndTheOldGoesOnceItIsAvailable() {
        RollingUpdate first = step(List.of(on("a", pod("pa", "a", "old", true)), on("b", pod("pb", "b", "old", true))), 1, 0);
        assertThat(first.nodesToCreate()).containsExactly("a");
        assertThat(first.podsToDelete()).isEmpty();

        RollingUpdate waiting = step(List.of(on("a", pod("pa", "a", "old", true), pod("na", "a", NEW, false)),
                on("b", pod("pb", "b", "old", true))), 1, 0);
        assertThat(waiting.nodesToCreate()).isEmpty();
        assertThat(waiting.podsToDelete()).isEmpty();

        RollingUpdate ready = step(List.of(on("a", pod("pa", "a", "old", true), pod("na", "a", NEW, true)),
                on("b", pod("pb", "b", "old", true))), 1, 0);
        assertThat(names(ready.podsToDelete())).containsExactly("pa");
        assertThat(ready.nodesToCreate()).containsExactly("b");
    }

    @Test
    void nodePlanCreatesDeletesAndBacksOffFailedPods() {
        FakeClock clock = new FakeClock(NOW);
        FailedPodBackoff backoff = new FailedPodBackoff(clock, Duration.ofSeconds(1), Duration.ofSeconds(8));
        ObjectNode failed = pod("fa", "a", NEW, false);
        ((ObjectNode) failed.get("status")).put("phase", "Failed");
        List<NodePlan.NodePods> nodes = new ArrayList<>(List.of(on("a", failed), on("b"),
                on("c", pod("c1", "c", NEW, true), pod("c2", "c", NEW, true)),
                new NodePlan.NodePods(obj("{'metadata':{'name':'d'}}"), NodeEligibility.NO,
                        List.of(pod("d1", "d", NEW, true)))));
        ObjectNode unscheduledOnGoneNode = pod("g1", "", NEW, false);
        Map<String, List<JsonNode>> byNode = Map.of("gone", List.of(unscheduledOnGoneNode));

        NodePlan plan = NodePlan.compute("uid", nodes, byNode, NEW, false, backoff);
        assertThat(plan.nodesNeedingPods()).containsExactly("b");
        assertThat(names(plan.podsToDelete())).containsExactlyInAnyOrder("fa", "c2", "d1", "g1");
        assertThat(names(plan.failedPods())).containsExactly("fa");
        assertThat(plan.retryAfter()).isEmpty();

        // A second failure within the backoff waits.
        NodePlan again = NodePlan.compute("uid", List.of(on("a", failed)), Map.of(), NEW, false, backoff);
        assertThat(again.podsToDelete()).isEmpty();
        assertThat(again.retryAfter()).isEqualTo(Optional.of(Duration.ofSeconds(1)));
        clock.advance(Duration.ofMillis(1500));
        NodePlan later = NodePlan.compute("uid", List.of(on("a", failed)), Map.of(), NEW, false, backoff);
        assertThat(names(later.podsToDelete())).containsExactly("fa");
        // The backoff doubled.
        assertThat(backoff.remaining(FailedPodBackoff.key("uid", "a"))).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void withSurgeAnUpdatedAndAnOldPodMayShareANode() {
        List<JsonNode> extra = NodePlan.extraPods(List.of(pod("o1", "a", "old", true), pod("n1", "a", NEW, true),
                pod("n2", "a", NEW, true)), NEW, true);
        assertThat(extra).hasSize(1);
        assertThat(NodePlan.extraPods(List.of(pod("o1", "a", "old", true), pod("n1", "a", NEW, true)), NEW, false))
                .hasSize(1);
    }
}
