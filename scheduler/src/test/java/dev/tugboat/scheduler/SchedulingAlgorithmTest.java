package dev.tugboat.scheduler;

import static dev.tugboat.scheduler.Objects.controlledBy;
import static dev.tugboat.scheduler.Objects.json;
import static dev.tugboat.scheduler.Objects.label;
import static dev.tugboat.scheduler.Objects.node;
import static dev.tugboat.scheduler.Objects.nodeInfo;
import static dev.tugboat.scheduler.Objects.pod;
import static dev.tugboat.scheduler.Objects.spec;
import static dev.tugboat.scheduler.Objects.taint;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.scheduler.cache.SchedulerCache;
import dev.tugboat.scheduler.framework.CycleState;
import dev.tugboat.scheduler.framework.FitError;
import dev.tugboat.scheduler.framework.Framework;
import dev.tugboat.scheduler.framework.NamespaceLabels;
import dev.tugboat.scheduler.framework.NodeInfo;
import dev.tugboat.scheduler.framework.PodInfo;
import dev.tugboat.scheduler.framework.Snapshot;
import dev.tugboat.scheduler.plugins.DefaultPlugins;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One pod's decision with the default plugins over snapshots built by hand or through the cache. */
class SchedulingAlgorithmTest {

    final SchedulingAlgorithm algorithm = new SchedulingAlgorithm(DefaultPlugins.pureFramework(), new Random(7), 0,
            n -> List.of());

    SchedulingAlgorithm.Result schedule(PodInfo pod, List<NodeInfo> nodes) {
        return algorithm.schedule(new CycleState(), pod, Snapshot.of(nodes, NamespaceLabels.NONE));
    }

    @Test
    void numFeasibleNodesToFindIsAdaptiveAsUpstream() {
        assertThat(algorithm.numFeasibleNodesToFind(50)).isEqualTo(50);
        assertThat(algorithm.numFeasibleNodesToFind(200)).isEqualTo(100);
        assertThat(algorithm.numFeasibleNodesToFind(1000)).isEqualTo(420);
        assertThat(algorithm.numFeasibleNodesToFind(5000)).isEqualTo(500);
        assertThat(algorithm.numFeasibleNodesToFind(6000)).isEqualTo(300);
        assertThat(algorithm.numFeasibleNodesToFind(20000)).isEqualTo(1000);
    }

    @Test
    void theFitErrorCountsSortsAndJoinsReasons() {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            nodes.add(nodeInfo(node("small-" + i, "1", "1Gi", 110)));
        }
        nodes.add(nodeInfo(taint(node("tainted", "8", "8Gi", 110), "k", "v", "NoSchedule")));
        nodes.add(nodeInfo(taint(node("tainted2", "8", "8Gi", 110), "k", "v", "NoSchedule")));
        var r = (SchedulingAlgorithm.Unschedulable) schedule(PodInfo.from(pod("ns", "p", "2", "2Gi")), nodes);
        assertThat(r.fitError().message()).isEqualTo("0/12 nodes are available: 10 Insufficient cpu, "
                + "10 Insufficient memory, 2 node(s) had untolerated taint {k: v}. preemption: 0/12 nodes are "
                + "available: 10 No preemption victims found for incoming pod, 2 Preemption is not helpful for "
                + "scheduling.");
        assertThat(r.nominatedNode()).isEmpty();
    }

    @Test
    void aPreFilterRejectionIsReportedOnce() {
        ObjectNode p = pod("ns", "p", null, null);
        spec(p).putArray("volumes").addObject().put("name", "data").putObject("persistentVolumeClaim")
                .put("claimName", "data");
        var r = (SchedulingAlgorithm.Unschedulable) schedule(PodInfo.from(p),
                List.of(nodeInfo(node("n1", "1", "1Gi", 110)), nodeInfo(node("n2", "1", "1Gi", 110))));
        assertThat(r.fitError().message()).isEqualTo("0/2 nodes are available: persistentvolumeclaim \"data\" not "
                + "found. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
    }

    @Test
    void noNodesAtAll() {
        var r = (SchedulingAlgorithm.Unschedulable) schedule(PodInfo.from(pod("ns", "p", null, null)), List.of());
        assertThat(r.fitError().message()).isEqualTo(FitError.NO_NODES);
    }

    @Test
    void equalNodesSharePodsThroughAssumedRequestsAndRandomTies() {
        SchedulerCache cache = new SchedulerCache();
        for (int i = 0; i < 4; i++) {
            cache.addOrUpdateNode(node("n" + i, "4", "8Gi", 110));
        }
        Snapshot snapshot = new Snapshot(NamespaceLabels.NONE);
        Map<String, Integer> perNode = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            PodInfo p = PodInfo.from(pod("ns", "p" + i, "100m", "100Mi"));
            cache.updateSnapshot(snapshot);
            var r = (SchedulingAlgorithm.Scheduled) algorithm.schedule(new CycleState(), p, snapshot);
            cache.assumePod(p.withNodeName(r.node()));
            perNode.merge(r.node(), 1, Integer::sum);
        }
        assertThat(perNode).hasSize(4).allSatisfy((n, c) -> assertThat(c).isEqualTo(10));
    }

    @Test
    void onlyEnoughNodesAreEvaluatedAndTheStartRotates() {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            nodes.add(nodeInfo(node(String.format("n%04d", i), "4", "8Gi", 110)));
        }
        Snapshot snap = Snapshot.of(nodes, NamespaceLabels.NONE);
        var first = (SchedulingAlgorithm.Scheduled) algorithm.schedule(new CycleState(),
                PodInfo.from(pod("ns", "a", null, null)), snap);
        assertThat(first.feasibleNodes()).isEqualTo(420);
        assertThat(first.evaluatedNodes()).isEqualTo(420);
    }

    @Test
    void aPreemptorGoesToItsNominatedNodeWhenItFits() {
        ObjectNode p = pod("ns", "p", "100m", null);
        p.putObject("status").put("nominatedNodeName", "n2");
        var r = (SchedulingAlgorithm.Scheduled) schedule(PodInfo.from(p),
                List.of(nodeInfo(node("n1", "4", "8Gi", 110)), nodeInfo(node("n2", "4", "8Gi", 110))));
        assertThat(r.node()).isEqualTo("n2");
    }

    @Test
    void roomNominatedToAHigherPriorityPodIsKeptForIt() {
        ObjectNode nominated = pod("ns", "vip", "3", null);
        spec(nominated).put("priority", 100);
        SchedulingAlgorithm withNomination = new SchedulingAlgorithm(DefaultPlugins.pureFramework(), new Random(1),
                0, n -> n.equals("n1") ? List.of(PodInfo.from(nominated)) : List.of());
        var r = withNomination.schedule(new CycleState(), PodInfo.from(pod("ns", "p", "2", null)),
                Snapshot.of(List.of(nodeInfo(node("n1", "4", "8Gi", 110))), NamespaceLabels.NONE));
        assertThat(r).isInstanceOf(SchedulingAlgorithm.Unschedulable.class);
    }

    @Test
    void podsWithoutRequestsCountTheirNonZeroDefaultsOnceAssumed() {
        // 100m and 200Mi per pod: on 4-cpu, 8Gi nodes an assumed pod lowers its node's least-allocated score.
        SchedulerCache cache = new SchedulerCache();
        for (int i = 0; i < 3; i++) {
            cache.addOrUpdateNode(node("n" + i, "4", "8Gi", 110));
        }
        Snapshot snapshot = new Snapshot(NamespaceLabels.NONE);
        Map<String, Integer> perNode = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            PodInfo p = PodInfo.from(pod("ns", "p" + i, null, null));
            cache.updateSnapshot(snapshot);
            var r = (SchedulingAlgorithm.Scheduled) algorithm.schedule(new CycleState(), p, snapshot);
            cache.assumePod(p.withNodeName(r.node()));
            perNode.merge(r.node(), 1, Integer::sum);
        }
        assertThat(perNode).containsOnlyKeys("n0", "n1", "n2").allSatisfy((n, c) -> assertThat(c).isEqualTo(1));
    }

    @Test
    void replicaSetPodsSpreadEvenlyOnNodesTooLargeForTheResourceScoresToTell() {
        // On 32-cpu, 256Gi nodes 100m and 200Mi do not move the least-allocated score (99 for 0 to 2
        // pods): only the default hostname spreading over the ReplicaSet's pods does.
        var listers = new FakeSpreadListers().controller(
                dev.tugboat.scheduler.plugins.podtopologyspread.SpreadListers.ControllerKind.REPLICA_SET, "ns",
                "web-abc", "{'matchLabels':{'app':'web','pod-template-hash':'abc'}}");
        for (int seed = 0; seed < 5; seed++) {
            SchedulingAlgorithm spreading = new SchedulingAlgorithm(DefaultPlugins.pureFramework(listers),
                    new Random(seed), 0, n -> List.of());
            SchedulerCache cache = new SchedulerCache();
            for (int i = 0; i < 3; i++) {
                cache.addOrUpdateNode(node("n" + i, "32", "256Gi", 110));
            }
            Snapshot snapshot = new Snapshot(NamespaceLabels.NONE);
            Map<String, Integer> perNode = new HashMap<>();
            for (int i = 0; i < 6; i++) {
                PodInfo p = PodInfo.from(controlledBy(label(label(pod("ns", "w" + i, null, null), "app", "web"),
                        "pod-template-hash", "abc"), "apps/v1", "ReplicaSet", "web-abc"));
                cache.updateSnapshot(snapshot);
                var r = (SchedulingAlgorithm.Scheduled) spreading.schedule(new CycleState(), p, snapshot);
                cache.assumePod(p.withNodeName(r.node()));
                perNode.merge(r.node(), 1, Integer::sum);
            }
            assertThat(perNode).containsOnlyKeys("n0", "n1", "n2").allSatisfy((n, c) -> assertThat(c).isEqualTo(2));
        }
    }

    @Test
    void tiesAreBrokenUniformlyAtRandom() {
        List<NodeInfo> nodes = List.of(nodeInfo(node("a", "4", "8Gi", 110)), nodeInfo(node("b", "4", "8Gi", 110)),
                nodeInfo(node("c", "4", "8Gi", 110)), nodeInfo(node("low", "4", "8Gi", 110)));
        Map<String, Integer> picks = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            picks.merge(algorithm.selectHost(nodes, new long[] {7, 7, 7, 6}), 1, Integer::sum);
        }
        assertThat(picks).containsOnlyKeys("a", "b", "c").allSatisfy((n, c) -> assertThat(c).isBetween(850, 1150));
    }

    /** Two zoned nodes with {@code assumed} assumed (not bound) on a1, as the cycle's snapshot sees them. */
    static Snapshot withAssumedOnA1(ObjectNode assumed) {
        SchedulerCache cache = new SchedulerCache();
        cache.addOrUpdateNode(label(node("a1", "4", "8Gi", 110), "zone", "a"));
        cache.addOrUpdateNode(label(node("b1", "4", "8Gi", 110), "zone", "b"));
        cache.assumePod(PodInfo.from(assumed).withNodeName("a1"));
        Snapshot snapshot = new Snapshot(NamespaceLabels.NONE);
        cache.updateSnapshot(snapshot);
        return snapshot;
    }

    @Test
    void assumedPodsCountForTheSpreadAndAntiAffinityFilters() {
        Framework framework = DefaultPlugins.pureFramework();
        ObjectNode web = label(pod("ns", "web", null, null), "app", "web");

        // An assumed pod's required anti-affinity keeps matching pods off its node.
        ObjectNode guard = web.deepCopy();
        spec(guard).set("affinity", json("{'podAntiAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':"
                + "[{'labelSelector':{'matchLabels':{'app':'web'}},'topologyKey':'kubernetes.io/hostname'}]}}"));
        Snapshot guarded = withAssumedOnA1(guard);
        PodInfo plain = PodInfo.from(label(pod("ns", "p", null, null), "app", "web"));
        assertThat(filterReasons(framework, plain, guarded, "a1"))
                .containsExactly("node(s) didn't satisfy existing pods anti-affinity rules");
        assertThat(filterReasons(framework, plain, guarded, "b1")).isEmpty();

        // An assumed pod counts in its zone for a DoNotSchedule spread and for the incoming anti-affinity.
        Snapshot occupied = withAssumedOnA1(web);
        ObjectNode spread = label(pod("ns", "spread", null, null), "app", "web");
        spec(spread).set("topologySpreadConstraints", json("{'t':[{'maxSkew':1,'topologyKey':'zone',"
                + "'whenUnsatisfiable':'DoNotSchedule','labelSelector':{'matchLabels':{'app':'web'}}}]}").get("t"));
        assertThat(filterReasons(framework, PodInfo.from(spread), occupied, "a1"))
                .containsExactly("node(s) didn't match pod topology spread constraints");
        assertThat(filterReasons(framework, PodInfo.from(spread), occupied, "b1")).isEmpty();
        ObjectNode anti = label(pod("ns", "anti", null, null), "app", "api");
        spec(anti).set("affinity", json("{'podAntiAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':"
                + "[{'labelSelector':{'matchLabels':{'app':'web'}},'topologyKey':'zone'}]}}"));
        assertThat(filterReasons(framework, PodInfo.from(anti), occupied, "a1"))
                .containsExactly("node(s) didn't match pod anti-affinity rules");
        assertThat(filterReasons(framework, PodInfo.from(anti), occupied, "b1")).isEmpty();
    }

    static List<String> filterReasons(Framework framework, PodInfo pod, Snapshot snapshot, String node) {
        CycleState state = new CycleState();
        assertThat(framework.runPreFilter(state, pod, snapshot).isSuccess()).isTrue();
        return framework.runFilters(state, pod, snapshot.get(node)).reasons();
    }
}
