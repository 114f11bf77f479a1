package dev.tugboat.scheduler.plugins;

import static dev.tugboat.scheduler.Objects.json;
import static dev.tugboat.scheduler.Objects.label;
import static dev.tugboat.scheduler.Objects.node;
import static dev.tugboat.scheduler.Objects.nodeInfo;
import static dev.tugboat.scheduler.Objects.pod;
import static dev.tugboat.scheduler.Objects.spec;
import static dev.tugboat.scheduler.Objects.taint;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.scheduler.framework.CycleState;
import dev.tugboat.scheduler.framework.NodeInfo;
import dev.tugboat.scheduler.framework.PodInfo;
import dev.tugboat.scheduler.framework.ScorePlugin;
import dev.tugboat.scheduler.plugins.nodeaffinity.NodeAffinity;
import dev.tugboat.scheduler.plugins.noderesources.BalancedAllocation;
import dev.tugboat.scheduler.plugins.noderesources.Fit;
import dev.tugboat.scheduler.plugins.tainttoleration.TaintToleration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Score plugins and their normalization, with upstream's arithmetic. */
class ScorePluginsTest {

    static long[] scores(ScorePlugin p, PodInfo pod, List<NodeInfo> nodes) {
        CycleState state = new CycleState();
        long[] s = new long[nodes.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = p.score(state, pod, nodes.get(i));
        }
        p.normalize(state, pod, nodes, s);
        return s;
    }

    @Test
    void leastAllocatedAveragesTheFreeShareOfCpuAndMemory() {
        // 4 cpu / 8Gi node with 1 cpu / 2Gi used; pod asks 1 cpu / 2Gi → 50% free of each → 50.
        NodeInfo n = nodeInfo(node("n", "4", "8Gi", 110), PodInfo.from(pod("ns", "a", "1", "2Gi")));
        assertThat(new Fit().score(new CycleState(), PodInfo.from(pod("ns", "p", "1", "2Gi")), n)).isEqualTo(50);
    }

    @Test
    void leastAllocatedCountsNonZeroDefaultsForPodsWithoutRequests() {
        // 1 cpu node: the pod counts as 100m → 90 for cpu; 2000Mi memory: 200Mi → 90.
        NodeInfo n = nodeInfo(node("n", "1", "2000Mi", 110));
        assertThat(new Fit().score(new CycleState(), PodInfo.from(pod("ns", "p", null, null)), n)).isEqualTo(90);
    }

    @Test
    void balancedAllocationPrefersEqualCpuAndMemoryFractions() {
        NodeInfo balanced = nodeInfo(node("b", "4", "4Gi", 110));
        NodeInfo skewed = nodeInfo(node("s", "4", "16Gi", 110));
        PodInfo p = PodInfo.from(pod("ns", "p", "2", "2Gi"));
        assertThat(new BalancedAllocation().score(new CycleState(), p, balanced)).isEqualTo(100);
        // cpu 50%, memory 12.5% → stddev 0.1875 → 81.
        assertThat(new BalancedAllocation().score(new CycleState(), p, skewed)).isEqualTo(81);
    }

    @Test
    void preferredNodeAffinitySumsWeightsAndNormalizesToTheBest() {
        ObjectNode p = pod("ns", "p", null, null);
        spec(p).set("affinity", json("{'nodeAffinity':{'preferredDuringSchedulingIgnoredDuringExecution':["
                + "{'weight':20,'preference':{'matchExpressions':[{'key':'disk','operator':'In','values':['ssd']}]}},"
                + "{'weight':60,'preference':{'matchExpressions':[{'key':'zone','operator':'In','values':['a']}]}}]}}"));
        List<NodeInfo> nodes = List.of(nodeInfo(label(node("n1", "1", "1Gi", 110), "disk", "ssd")),
                nodeInfo(label(label(node("n2", "1", "1Gi", 110), "disk", "ssd"), "zone", "a")),
                nodeInfo(node("n3", "1", "1Gi", 110)));
        assertThat(scores(new NodeAffinity(), PodInfo.from(p), nodes)).containsExactly(25, 100, 0);
    }

    @Test
    void preferNoScheduleTaintsScoreInReverse() {
        List<NodeInfo> nodes = List.of(nodeInfo(node("clean", "1", "1Gi", 110)),
                nodeInfo(taint(node("one", "1", "1Gi", 110), "a", "1", "PreferNoSchedule")),
                nodeInfo(taint(taint(node("two", "1", "1Gi", 110), "a", "1", "PreferNoSchedule"), "b", "2",
                        "PreferNoSchedule")));
        assertThat(scores(new TaintToleration(), PodInfo.from(pod("ns", "p", null, null)), nodes))
                .containsExactly(100, 50, 0);
    }

    @Test
    void defaultNormalizeScalesToTheMaximumAndReverses() {
        long[] s = {0, 5, 10};
        ScorePlugin.defaultNormalize(s, false);
        assertThat(s).containsExactly(0, 50, 100);
        long[] zero = {0, 0};
        ScorePlugin.defaultNormalize(zero, true);
        assertThat(zero).containsExactly(100, 100);
    }
}
