package dev.tugboat.scheduler.plugins;

import static dev.tugboat.scheduler.Objects.controlledBy;
import static dev.tugboat.scheduler.Objects.json;
import static dev.tugboat.scheduler.Objects.label;
import static dev.tugboat.scheduler.Objects.node;
import static dev.tugboat.scheduler.Objects.nodeInfo;
import static dev.tugboat.scheduler.Objects.pod;
import static dev.tugboat.scheduler.Objects.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.scheduler.FakeSpreadListers;
import dev.tugboat.scheduler.framework.CycleState;
import dev.tugboat.scheduler.framework.NamespaceLabels;
import dev.tugboat.scheduler.framework.NodeInfo;
import dev.tugboat.scheduler.framework.PodInfo;
import dev.tugboat.scheduler.framework.Snapshot;
import dev.tugboat.scheduler.framework.Status;
import dev.tugboat.scheduler.plugins.podtopologyspread.DefaultSelector;
import dev.tugboat.scheduler.plugins.podtopologyspread.PodTopologySpread;
import dev.tugboat.scheduler.plugins.podtopologyspread.SpreadListers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PodTopologySpread's system default constraints (hostname maxSkew 3 and zone maxSkew 5, ScheduleAnyway)
 * for pods without constraints of their own, and the selector upstream's helper.DefaultSelector builds.
 */
class DefaultSpreadTest {

    /** A pod of ReplicaSet web-abc (labels app=web, pod-template-hash=abc) in namespace ns. */
    static PodInfo webPod(String name) {
        ObjectNode p = label(label(pod("ns", name, null, null), "app", "web"), "pod-template-hash", "abc");
        return PodInfo.from(controlledBy(p, "apps/v1", "ReplicaSet", "web-abc"));
    }

    static final String RS_SELECTOR = "{'matchLabels':{'app':'web','pod-template-hash':'abc'}}";

    static FakeSpreadListers replicaSetWeb() {
        return new FakeSpreadListers().controller(SpreadListers.ControllerKind.REPLICA_SET, "ns", "web-abc",
                RS_SELECTOR);
    }

    // ------------------------------------------------------------------ the default selector

    record SelectorCase(String name, ObjectNode pod, FakeSpreadListers listers, String want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<SelectorCase> selectorCases() {
        ObjectNode labelled = label(label(pod("ns", "p", null, null), "app", "web"), "tier", "front");
        return Stream.of(
                new SelectorCase("nothing selects a pod without services or controller", labelled.deepCopy(),
                        new FakeSpreadListers(), ""),
                new SelectorCase("the matching services of its namespace are merged, others ignored",
                        labelled.deepCopy(),
                        new FakeSpreadListers().service("ns", Map.of("app", "web"))
                                .service("ns", Map.of("tier", "front"))
                                .service("ns", Map.of("app", "db")).service("other", Map.of("tier", "front")),
                        "app=web,tier=front"),
                new SelectorCase("a service with an empty selector adds nothing", labelled.deepCopy(),
                        new FakeSpreadListers().service("ns", Map.of()), ""),
                new SelectorCase("a ReplicaSet controller adds its selector's requirements",
                        controlledBy(labelled.deepCopy(), "apps/v1", "ReplicaSet", "rs"),
                        new FakeSpreadListers().service("ns", Map.of("tier", "front")).controller(
                                SpreadListers.ControllerKind.REPLICA_SET, "ns", "rs",
                                "{'matchExpressions':[{'key':'app','operator':'In','values':['web','api']}]}"),
                        "app in (api,web),tier=front"),
                new SelectorCase("a StatefulSet controller adds its selector",
                        controlledBy(labelled.deepCopy(), "apps/v1", "StatefulSet", "ss"),
                        new FakeSpreadListers().controller(SpreadListers.ControllerKind.STATEFUL_SET, "ns", "ss",
                                "{'matchLabels':{'app':'web'}}"),
                        "app=web"),
                new SelectorCase("a ReplicationController's selector map is merged with the services'",
                        controlledBy(labelled.deepCopy(), "v1", "ReplicationController", "rc"),
                        new FakeSpreadListers().service("ns", Map.of("tier", "front")).controller(
                                SpreadListers.ControllerKind.REPLICATION_CONTROLLER, "ns", "rc", "{'app':'web'}"),
                        "app=web,tier=front"),
                new SelectorCase("a controller not in the cache adds nothing",
                        controlledBy(labelled.deepCopy(), "apps/v1", "ReplicaSet", "gone"),
                        new FakeSpreadListers().service("ns", Map.of("tier", "front")), "tier=front"),
                new SelectorCase("other controller kinds (a Job) add nothing",
                        controlledBy(labelled.deepCopy(), "batch/v1", "Job", "rs"),
                        new FakeSpreadListers().controller(SpreadListers.ControllerKind.REPLICA_SET, "ns", "rs",
                                "{'matchLabels':{'app':'web'}}"),
                        ""),
                new SelectorCase("a ReplicaSet of another group version adds nothing",
                        controlledBy(labelled.deepCopy(), "extensions/v1beta1", "ReplicaSet", "rs"),
                        new FakeSpreadListers().controller(SpreadListers.ControllerKind.REPLICA_SET, "ns", "rs",
                                "{'matchLabels':{'app':'web'}}"),
                        ""));
    }

    @ParameterizedTest
    @MethodSource("selectorCases")
    void theDefaultSelectorComesFromServicesAndTheController(SelectorCase c) {
        LabelSelector s = DefaultSelector.of(PodInfo.from(c.pod()), c.listers());
        assertThat(s.toString()).isEqualTo(c.want());
        assertThat(s.matchesNothing()).isFalse();
    }

    // ------------------------------------------------------------------ scoring

    static long[] score(PodTopologySpread pts, PodInfo pod, List<NodeInfo> nodes) {
        Snapshot snap = Snapshot.of(nodes, NamespaceLabels.NONE);
        CycleState state = new CycleState();
        List<NodeInfo> feasible = new ArrayList<>(snap.nodes());
        assertThat(pts.preScore(state, pod, snap, feasible)).isEqualTo(Status.SUCCESS);
        long[] scores = new long[feasible.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = pts.score(state, pod, feasible.get(i));
        }
        pts.normalize(state, pod, feasible, scores);
        return scores;
    }

    static ObjectNode zoned(String name, String zone) {
        return label(node(name, "32", "256Gi", 110), PodTopologySpread.ZONE, zone);
    }

    @Test
    void withoutZonesTheHostnameConstraintPrefersNodesWithFewerSiblings() {
        // hostname weight log(3 + 2): 1 sibling scores round(1.609 + 2) = 4, none scores 2; the zone
        // constraint adds nothing to nodes without the zone label. Normalized: 100 × (max + min − s) / max.
        List<NodeInfo> nodes = List.of(nodeInfo(node("n0", "32", "256Gi", 110), webPod("w0")),
                nodeInfo(node("n1", "32", "256Gi", 110)), nodeInfo(node("n2", "32", "256Gi", 110)));
        assertThat(score(new PodTopologySpread(replicaSetWeb()), webPod("p"), nodes)).containsExactly(50, 100, 100);
    }

    @Test
    void countsRememberedAcrossCyclesFollowChangedAndMovedNodes() {
        PodTopologySpread pts = new PodTopologySpread(replicaSetWeb());
        NodeInfo n0 = nodeInfo(node("n0", "32", "256Gi", 110), webPod("w0"));
        NodeInfo n1 = nodeInfo(node("n1", "32", "256Gi", 110));
        NodeInfo n2 = nodeInfo(node("n2", "32", "256Gi", 110));
        assertThat(score(pts, webPod("p"), List.of(n0, n1, n2))).containsExactly(50, 100, 100);
        // Next cycle: n2 got a pod (a new info), node "a" sorts first and shifts the others' indexes.
        NodeInfo n2WithPod = nodeInfo(node("n2", "32", "256Gi", 110), webPod("w1"));
        assertThat(score(pts, webPod("q"), List.of(n0, n1, n2WithPod, nodeInfo(node("a", "32", "256Gi", 110)))))
                .containsExactly(100, 50, 100, 50);
    }

    @Test
    void podsOfOtherSelectorsAndNamespacesAreNotCounted() {
        PodInfo otherHash = PodInfo.from(label(label(pod("ns", "o", null, null), "app", "web"),
                "pod-template-hash", "old"));
        PodInfo otherNs = PodInfo.from(label(label(pod("other", "x", null, null), "app", "web"),
                "pod-template-hash", "abc"));
        List<NodeInfo> nodes = List.of(nodeInfo(node("n0", "32", "256Gi", 110), otherHash, otherNs),
                nodeInfo(node("n1", "32", "256Gi", 110)));
        assertThat(score(new PodTopologySpread(replicaSetWeb()), webPod("p"), nodes)).containsExactly(100, 100);
    }

    @Test
    void zonesAndHostnamesAreWeightedByTheirNumberOfDomains() {
        // hostname: 3 nodes, weight log 5 = 1.609; zone: 2 domains, weight log 4 = 1.386.
        // a1: 2 × 1.609 + 2 + 2 × 1.386 + 4 = 11.99 → 12; a2: 2 + 6.77 → 9; b1: 3.61 + 5.39 → 9.
        List<NodeInfo> nodes = List.of(nodeInfo(zoned("a1", "a"), webPod("w0"), webPod("w1")),
                nodeInfo(zoned("a2", "a")), nodeInfo(zoned("b1", "b"), webPod("w2")));
        assertThat(score(new PodTopologySpread(replicaSetWeb()), webPod("p"), nodes)).containsExactly(75, 100, 100);
    }

    @Test
    void aNodeWithoutTheZoneLabelIsStillScoredByHostnameAndCountsAsOneMoreZone() {
        // As upstream, the defaults do not ignore nodes missing the zone key; such nodes form the "" zone
        // (3 zone domains: weight log 5) and get no zone term. hostname: 4 nodes, weight log 6.
        // a1: 2 × 1.792 + 2 + 2 × 1.609 + 4 = 12.80 → 13; a2: 2 + 7.22 → 9; b1: 3.79 + 5.61 → 9; nozone: 2.
        List<NodeInfo> nodes = List.of(nodeInfo(zoned("a1", "a"), webPod("w0"), webPod("w1")),
                nodeInfo(zoned("a2", "a")), nodeInfo(zoned("b1", "b"), webPod("w2")),
                nodeInfo(node("nozone", "32", "256Gi", 110)));
        assertThat(score(new PodTopologySpread(replicaSetWeb()), webPod("p"), nodes))
                .containsExactly(15, 46, 46, 100);
    }

    @Test
    void explicitConstraintsAddMaxSkewMinusOneOutsideTheWeightAndIgnoreNodesMissingTheKey() {
        // zone weight log(2 + 2) = 1.386: a1 = 2 × 1.386 + (3 − 1) = 4.77 → 5; b1 = 0 + 2 = 2.
        String tsc = "{'t':[{'maxSkew':3,'topologyKey':'" + PodTopologySpread.ZONE + "','whenUnsatisfiable':"
                + "'ScheduleAnyway','labelSelector':{'matchLabels':{'app':'web'}}}]}";
        ObjectNode p = webPod("p").pod().deepCopy();
        spec(p).set("topologySpreadConstraints", json(tsc).get("t"));
        List<NodeInfo> nodes = List.of(nodeInfo(zoned("a1", "a"), webPod("w0"), webPod("w1")),
                nodeInfo(zoned("b1", "b")), nodeInfo(node("nozone", "32", "256Gi", 110)));
        assertThat(score(new PodTopologySpread(replicaSetWeb()), PodInfo.from(p), nodes))
                .containsExactly(40, 100, 0);
    }

    @Test
    void noDefaultsWhenNothingSelectsThePodOrItHasConstraintsOfItsOwn() {
        Snapshot snap = Snapshot.of(List.of(nodeInfo(node("n0", "32", "256Gi", 110))), NamespaceLabels.NONE);
        List<NodeInfo> feasible = snap.nodes();
        PodTopologySpread pts = new PodTopologySpread(replicaSetWeb());
        PodInfo orphan = PodInfo.from(label(pod("ns", "o", null, null), "app", "web"));
        assertThat(pts.preScore(new CycleState(), orphan, snap, feasible).isSkip()).isTrue();

        ObjectNode hardOnly = webPod("h").pod().deepCopy();
        spec(hardOnly).set("topologySpreadConstraints", json("{'t':[{'maxSkew':1,'topologyKey':'zone',"
                + "'whenUnsatisfiable':'DoNotSchedule','labelSelector':{'matchLabels':{'app':'web'}}}]}").get("t"));
        assertThat(pts.preScore(new CycleState(), PodInfo.from(hardOnly), snap, feasible).isSkip()).isTrue();

        // The defaults only score: PreFilter skips a pod without constraints of its own.
        assertThat(pts.preFilter(new CycleState(), webPod("p"), snap).isSkip()).isTrue();
    }
}
