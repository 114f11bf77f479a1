package dev.tugboat.scheduler.plugins;

import static dev.tugboat.scheduler.Objects.json;
import static dev.tugboat.scheduler.Objects.label;
import static dev.tugboat.scheduler.Objects.node;
import static dev.tugboat.scheduler.Objects.nodeInfo;
import static dev.tugboat.scheduler.Objects.pod;
import static dev.tugboat.scheduler.Objects.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.scheduler.framework.CycleState;
import dev.tugboat.scheduler.framework.NamespaceLabels;
import dev.tugboat.scheduler.framework.NodeInfo;
import dev.tugboat.scheduler.framework.PodInfo;
import dev.tugboat.scheduler.framework.Snapshot;
import dev.tugboat.scheduler.framework.Status;
import dev.tugboat.scheduler.plugins.interpodaffinity.InterPodAffinity;
import dev.tugboat.scheduler.plugins.podtopologyspread.PodTopologySpread;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** InterPodAffinity and PodTopologySpread over small hand-built clusters. */
class AffinityAndSpreadTest {

    static ObjectNode zoned(String name, String zone) {
        return label(node(name, "8", "16Gi", 110), "zone", zone);
    }

    static PodInfo app(String name, String app) {
        return PodInfo.from(label(pod("ns", name, null, null), "app", app));
    }

    static PodInfo withSpec(PodInfo base, String field, String jsonValue) {
        ObjectNode p = base.pod().deepCopy();
        spec(p).set(field, json("{'v':" + jsonValue + "}").get("v"));
        return PodInfo.from(p);
    }

    /** Runs PreFilter then Filter on every node; returns each node's status by name. */
    static Map<String, Status> filter(Object plugin, PodInfo pod, List<NodeInfo> nodes) {
        Snapshot snap = Snapshot.of(nodes, ns -> "ns".equals(ns) ? Map.of("team", "a") : Map.of());
        CycleState state = new CycleState();
        var pre = (dev.tugboat.scheduler.framework.PreFilterPlugin) plugin;
        Status s = pre.preFilter(state, pod, snap);
        Map<String, Status> out = new java.util.TreeMap<>();
        for (NodeInfo n : snap.nodes()) {
            out.put(n.name(), s.isSkip() ? Status.SUCCESS
                    : ((dev.tugboat.scheduler.framework.FilterPlugin) plugin).filter(state, pod, n));
        }
        return out;
    }

    static final String ANTI = "{'podAntiAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':"
            + "[{'labelSelector':{'matchLabels':{'app':'web'}},'topologyKey':'zone'}]}}";

    @Test
    void requiredAntiAffinityRejectsTheWholeZoneOfAMatchingPod() {
        List<NodeInfo> nodes = List.of(nodeInfo(zoned("a1", "a"), app("w1", "web")), nodeInfo(zoned("a2", "a")),
                nodeInfo(zoned("b1", "b")));
        Map<String, Status> r = filter(new InterPodAffinity(), withSpec(app("p", "web"), "affinity", ANTI), nodes);
        assertThat(r.get("a1").reasons()).containsExactly("node(s) didn't match pod anti-affinity rules");
        assertThat(r.get("a2").reasons()).containsExactly("node(s) didn't match pod anti-affinity rules");
        assertThat(r.get("b1").isSuccess()).isTrue();
    }

    @Test
    void anExistingPodsAntiAffinityKeepsMatchingPodsOutOfItsZone() {
        PodInfo guard = withSpec(app("guard", "db"), "affinity", ANTI);
        List<NodeInfo> nodes = List.of(nodeInfo(zoned("a1", "a"), guard), nodeInfo(zoned("b1", "b")));
        Map<String, Status> r = filter(new InterPodAffinity(), app("p", "web"), nodes);
        assertThat(r.get("a1").reasons()).containsExactly("node(s) didn't satisfy existing pods anti-affinity rules");
        assertThat(r.get("a1").code()).isEqualTo(Status.Code.UNSCHEDULABLE);
        assertThat(r.get("b1").isSuccess()).isTrue();
    }

    @Test
    void requiredAffinityNeedsAMatchingPodInTheDomainUnlessItIsTheFirstOfItsGroup() {
        String aff = "{'podAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':"
                + "[{'labelSelector':{'matchLabels':{'app':'cache'}},'topologyKey':'zone'}]}}";
        List<NodeInfo> nodes = List.of(nodeInfo(zoned("a1", "a"), app("c1", "cache")), nodeInfo(zoned("a2", "a")),
                nodeInfo(zoned("b1", "b")), nodeInfo(node("nozone", "8", "16Gi", 110)));
        Map<String, Status> r = filter(new InterPodAffinity(), withSpec(app("p", "web"), "affinity", aff), nodes);
        assertThat(r.get("a1").isSuccess()).isTrue();
        assertThat(r.get("a2").isSuccess()).isTrue();
        assertThat(r.get("b1").reasons()).containsExactly("node(s) didn't match pod affinity rules");
        assertThat(r.get("b1").code()).isEqualTo(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);

        // No cache pod anywhere, and the pod matches its own term: it may go to any zoned node.
        List<NodeInfo> empty = List.of(nodeInfo(zoned("a1", "a")), nodeInfo(node("nozone", "8", "16Gi", 110)));
        Map<String, Status> first = filter(new InterPodAffinity(), withSpec(app("p", "cache"), "affinity", aff), empty);
        assertThat(first.get("a1").isSuccess()).isTrue();
        assertThat(first.get("nozone").isSuccess()).isFalse();
    }

    @Test
    void namespaceSelectorsSelectNamespacesByLabel() {
        String anti = "{'podAntiAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':"
                + "[{'labelSelector':{'matchLabels':{'app':'web'}},'namespaceSelector':{'matchLabels':{'team':'a'}},"
                + "'topologyKey':'zone'}]}}";
        PodInfo incoming = PodInfo.from(label(pod("other", "p", null, null), "app", "web"));
        ObjectNode p = incoming.pod().deepCopy();
        spec(p).set("affinity", json(anti));
        List<NodeInfo> nodes = List.of(nodeInfo(zoned("a1", "a"), app("w1", "web")), nodeInfo(zoned("b1", "b")));
        Map<String, Status> r = filter(new InterPodAffinity(), PodInfo.from(p), nodes);
        assertThat(r.get("a1").isSuccess()).isFalse();
        assertThat(r.get("b1").isSuccess()).isTrue();
    }

    @Test
    void topologySpreadKeepsTheSkewWithinMaxSkew() {
        String tsc = "[{'maxSkew':1,'topologyKey':'zone','whenUnsatisfiable':'DoNotSchedule',"
                + "'labelSelector':{'matchLabels':{'app':'web'}}}]";
        List<NodeInfo> nodes = List.of(nodeInfo(zoned("a1", "a"), app("w1", "web"), app("w2", "web")),
                nodeInfo(zoned("b1", "b"), app("w3", "web")), nodeInfo(node("nozone", "8", "16Gi", 110)));
        Map<String, Status> r = filter(new PodTopologySpread(), withSpec(app("p", "web"), "topologySpreadConstraints", tsc),
                nodes);
        assertThat(r.get("a1").reasons()).containsExactly("node(s) didn't match pod topology spread constraints");
        assertThat(r.get("b1").isSuccess()).isTrue();
        assertThat(r.get("nozone").reasons())
                .containsExactly("node(s) didn't match pod topology spread constraints (missing required label)");
    }

    @Test
    void minDomainsTreatsTheGlobalMinimumAsZeroWhileDomainsAreMissing() {
        String tsc = "[{'maxSkew':1,'topologyKey':'zone','whenUnsatisfiable':'DoNotSchedule','minDomains':3,"
                + "'labelSelector':{'matchLabels':{'app':'web'}}}]";
        List<NodeInfo> nodes = List.of(nodeInfo(zoned("a1", "a"), app("w1", "web")),
                nodeInfo(zoned("b1", "b"), app("w2", "web")));
        Map<String, Status> r = filter(new PodTopologySpread(), withSpec(app("p", "web"), "topologySpreadConstraints", tsc),
                nodes);
        assertThat(r.values()).allSatisfy(s -> assertThat(s.isSuccess()).isFalse());
    }

    @Test
    void nodeAffinityPolicyHonorIgnoresNodesThePodCannotGoTo() {
        String tsc = "[{'maxSkew':1,'topologyKey':'zone','whenUnsatisfiable':'DoNotSchedule',"
                + "'labelSelector':{'matchLabels':{'app':'web'}}}]";
        List<NodeInfo> nodes = List.of(nodeInfo(label(zoned("a1", "a"), "pool", "x"), app("w1", "web")),
                nodeInfo(zoned("b1", "b")));
        PodInfo p = withSpec(withSpec(app("p", "web"), "topologySpreadConstraints", tsc), "nodeSelector", "{'pool':'x'}");
        // Zone b is not counted (the pod cannot go there), so zone a is the minimum: a1 passes.
        assertThat(filter(new PodTopologySpread(), p, nodes).get("a1").isSuccess()).isTrue();
    }

    @Test
    void scheduleAnywaySpreadPrefersTheEmptierDomain() {
        String tsc = "[{'maxSkew':1,'topologyKey':'zone','whenUnsatisfiable':'ScheduleAnyway',"
                + "'labelSelector':{'matchLabels':{'app':'web'}}}]";
        List<NodeInfo> nodes = List.of(nodeInfo(zoned("a1", "a"), app("w1", "web"), app("w2", "web")),
                nodeInfo(zoned("b1", "b")));
        PodTopologySpread pts = new PodTopologySpread();
        PodInfo p = withSpec(app("p", "web"), "topologySpreadConstraints", tsc);
        long[] scores = score(pts, p, nodes);
        assertThat(scores[1]).isEqualTo(100);
        assertThat(scores[0]).isLessThan(scores[1]);
    }

    @Test
    void preferredAffinityScoresTheZoneWithMatchingPodsHighest() {
        String pref = "{'podAffinity':{'preferredDuringSchedulingIgnoredDuringExecution':[{'weight':10,"
                + "'podAffinityTerm':{'labelSelector':{'matchLabels':{'app':'cache'}},'topologyKey':'zone'}}]}}";
        List<NodeInfo> nodes = List.of(nodeInfo(zoned("a1", "a")), nodeInfo(zoned("b1", "b"), app("c", "cache")),
                nodeInfo(zoned("b2", "b")));
        long[] scores = score(new InterPodAffinity(), withSpec(app("p", "web"), "affinity", pref), nodes);
        assertThat(scores).containsExactly(0, 100, 100);
    }

    static long[] score(Object plugin, PodInfo pod, List<NodeInfo> nodes) {
        Snapshot snap = Snapshot.of(nodes, NamespaceLabels.NONE);
        CycleState state = new CycleState();
        List<NodeInfo> feasible = new ArrayList<>(snap.nodes());
        var pre = (dev.tugboat.scheduler.framework.PreScorePlugin) plugin;
        assertThat(pre.preScore(state, pod, snap, feasible).isSuccess()).isTrue();
        var sp = (dev.tugboat.scheduler.framework.ScorePlugin) plugin;
        long[] scores = new long[feasible.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = sp.score(state, pod, feasible.get(i));
        }
        sp.normalize(state, pod, feasible, scores);
        return scores;
    }
}
