package dev.tugboat.scheduler.plugins;

import static dev.tugboat.scheduler.Objects.json;
import static dev.tugboat.scheduler.Objects.label;
import static dev.tugboat.scheduler.Objects.node;
import static dev.tugboat.scheduler.Objects.nodeInfo;
import static dev.tugboat.scheduler.Objects.pod;
import static dev.tugboat.scheduler.Objects.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.scheduler.SchedulingAlgorithm;
import dev.tugboat.scheduler.framework.CycleState;
import dev.tugboat.scheduler.framework.Framework;
import dev.tugboat.scheduler.framework.NamespaceLabels;
import dev.tugboat.scheduler.framework.NodeInfo;
import dev.tugboat.scheduler.framework.PodInfo;
import dev.tugboat.scheduler.framework.Snapshot;
import dev.tugboat.scheduler.framework.Status;
import dev.tugboat.scheduler.plugins.defaultpreemption.DisruptionBudget;
import dev.tugboat.scheduler.plugins.volumebinding.VolumeBinding;
import dev.tugboat.scheduler.plugins.volumebinding.VolumeListers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** DefaultPreemption's victim selection and VolumeBinding's basics, through the default framework. */
class PreemptionAndVolumesTest {

    record Preemption(PodInfo preemptor, String node, List<PodInfo> victims) {
    }

    final List<Preemption> preemptions = new ArrayList<>();
    final Map<String, ObjectNode> objects = new HashMap<>();
    final List<String> selected = new ArrayList<>();
    final List<DisruptionBudget> budgets = new ArrayList<>();

    final VolumeListers listers = new VolumeListers() {
        @Override
        public ObjectNode claim(String namespace, String name) {
            return objects.get("pvc/" + namespace + "/" + name);
        }

        @Override
        public ObjectNode volume(String name) {
            return objects.get("pv/" + name);
        }

        @Override
        public ObjectNode storageClass(String name) {
            return objects.get("sc/" + name);
        }

        @Override
        public void selectNode(String namespace, String claim, String node) {
            selected.add(namespace + "/" + claim + "@" + node);
        }
    };

    final Framework framework;
    final SchedulingAlgorithm algorithm;

    PreemptionAndVolumesTest() {
        Framework[] holder = new Framework[1];
        holder[0] = new Framework(DefaultPlugins.plugins(() -> holder[0],
                (p, n, v) -> preemptions.add(new Preemption(p, n, v)), () -> budgets, listers,
                dev.tugboat.scheduler.plugins.podtopologyspread.SpreadListers.NONE, (ns, b) -> { }),
                DefaultPlugins.SCORE_WEIGHTS);
        framework = holder[0];
        algorithm = new SchedulingAlgorithm(framework, new Random(3), 0, n -> List.of());
    }

    static PodInfo prio(String name, String cpu, int priority) {
        ObjectNode p = pod("ns", name, cpu, null);
        spec(p).put("priority", priority);
        return PodInfo.from(p);
    }

    SchedulingAlgorithm.Result schedule(PodInfo pod, NodeInfo... nodes) {
        return algorithm.schedule(new CycleState(), pod, Snapshot.of(List.of(nodes), NamespaceLabels.NONE));
    }

    @Test
    void preemptionEvictsTheFewestLowestPriorityPods() {
        NodeInfo n1 = nodeInfo(node("n1", "4", "8Gi", 110), prio("a", "2", 10), prio("b", "1", 5),
                prio("c", "1", 1));
        NodeInfo n2 = nodeInfo(node("n2", "4", "8Gi", 110), prio("d", "2", 50), prio("e", "2", 50));
        var r = (SchedulingAlgorithm.Unschedulable) schedule(prio("p", "2", 100), n1, n2);
        assertThat(r.nominatedNode()).isEqualTo("n1");
        assertThat(preemptions).hasSize(1);
        // Removing b and c (priorities 5 and 1) frees 2 cpu; a (10) is reprieved.
        assertThat(preemptions.get(0).victims()).extracting(PodInfo::name).containsExactlyInAnyOrder("b", "c");
        assertThat(r.fitError().message()).isEqualTo("0/2 nodes are available: 2 Insufficient cpu.");
    }

    @Test
    void aNodeWhoseVictimsABudgetProtectsLosesToOneWithoutViolations() {
        ObjectNode guarded = label(pod("ns", "guarded", "2", null), "app", "db");
        spec(guarded).put("priority", 1);
        NodeInfo n1 = nodeInfo(node("n1", "2", "8Gi", 110), PodInfo.from(guarded));
        NodeInfo n2 = nodeInfo(node("n2", "2", "8Gi", 110), prio("free", "2", 50));
        budgets.add(DisruptionBudget.from(json("{'metadata':{'namespace':'ns','name':'db'},"
                + "'spec':{'selector':{'matchLabels':{'app':'db'}}},'status':{'disruptionsAllowed':0}}")));
        var r = (SchedulingAlgorithm.Unschedulable) schedule(prio("p", "2", 100), n1, n2);
        assertThat(r.nominatedNode()).isEqualTo("n2");
        assertThat(preemptions.get(0).victims()).extracting(PodInfo::name).containsExactly("free");
    }

    @Test
    void noVictimsWhenOnlyEqualOrHigherPriorityPodsRun() {
        NodeInfo n1 = nodeInfo(node("n1", "1", "8Gi", 110), prio("a", "1", 100));
        var r = (SchedulingAlgorithm.Unschedulable) schedule(prio("p", "1", 100), n1);
        assertThat(r.nominatedNode()).isEmpty();
        assertThat(r.fitError().message()).isEqualTo("0/1 nodes are available: 1 Insufficient cpu. preemption: "
                + "0/1 nodes are available: 1 No preemption victims found for incoming pod.");
    }

    @Test
    void preemptionPolicyNeverIsNotEligible() {
        ObjectNode p = pod("ns", "p", "1", null);
        spec(p).put("priority", 100).put("preemptionPolicy", "Never");
        NodeInfo n1 = nodeInfo(node("n1", "1", "8Gi", 110), prio("a", "1", 0));
        var r = (SchedulingAlgorithm.Unschedulable) schedule(PodInfo.from(p), n1);
        assertThat(r.fitError().message()).isEqualTo(
                "0/1 nodes are available: 1 Insufficient cpu. not eligible due to preemptionPolicy=Never.");
        assertThat(preemptions).isEmpty();
    }

    static ObjectNode withClaim(ObjectNode pod, String claim) {
        spec(pod).putArray("volumes").addObject().put("name", "v").putObject("persistentVolumeClaim")
                .put("claimName", claim);
        return pod;
    }

    void put(String key, String json) {
        objects.put(key, json(json));
    }

    @Test
    void anUnboundImmediateClaimMakesThePodUnschedulable() {
        put("pvc/ns/data", "{'metadata':{'name':'data'},'spec':{'storageClassName':'fast'}}");
        put("sc/fast", "{'metadata':{'name':'fast'},'volumeBindingMode':'Immediate'}");
        var r = (SchedulingAlgorithm.Unschedulable) schedule(PodInfo.from(withClaim(pod("ns", "p", null, null), "data")),
                nodeInfo(node("n1", "1", "1Gi", 110)));
        assertThat(r.fitError().message()).startsWith(
                "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.");
    }

    @Test
    void aBoundVolumesNodeAffinityChoosesTheNodeAndADelayedClaimGetsTheSelectedNode() {
        put("pvc/ns/data", "{'metadata':{'name':'data'},'spec':{'volumeName':'pv1'}}");
        put("pv/pv1", "{'metadata':{'name':'pv1'},'spec':{'nodeAffinity':{'required':{'nodeSelectorTerms':"
                + "[{'matchExpressions':[{'key':'kubernetes.io/hostname','operator':'In','values':['n2']}]}]}}}}");
        var r = (SchedulingAlgorithm.Scheduled) schedule(PodInfo.from(withClaim(pod("ns", "p", null, null), "data")),
                nodeInfo(node("n1", "1", "1Gi", 110)), nodeInfo(node("n2", "1", "1Gi", 110)));
        assertThat(r.node()).isEqualTo("n2");

        put("pvc/ns/late", "{'metadata':{'name':'late'},'spec':{'storageClassName':'local'}}");
        put("sc/local", "{'metadata':{'name':'local'},'volumeBindingMode':'WaitForFirstConsumer'}");
        CycleState state = new CycleState();
        PodInfo p = PodInfo.from(withClaim(pod("ns", "q", null, null), "late"));
        var s = (SchedulingAlgorithm.Scheduled) algorithm.schedule(state, p,
                Snapshot.of(List.of(nodeInfo(label(node("n1", "1", "1Gi", 110), "a", "b"))), NamespaceLabels.NONE));
        assertThat(framework.runPreBind(state, p, s.node())).isEqualTo(Status.SUCCESS);
        assertThat(selected).containsExactly("ns/late@n1");
        assertThat(VolumeBinding.SELECTED_NODE).isEqualTo("volume.kubernetes.io/selected-node");
    }
}
