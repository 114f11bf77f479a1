package dev.tugboat.scheduler.plugins.nodeaffinity;

import dev.tugboat.scheduler.framework.ClusterEvent;
import dev.tugboat.scheduler.framework.CycleState;
import dev.tugboat.scheduler.framework.FilterPlugin;
import dev.tugboat.scheduler.framework.NodeInfo;
import dev.tugboat.scheduler.framework.NodeSelector;
import dev.tugboat.scheduler.framework.PodInfo;
import dev.tugboat.scheduler.framework.PreScorePlugin;
import dev.tugboat.scheduler.framework.ScorePlugin;
import dev.tugboat.scheduler.framework.Snapshot;
import dev.tugboat.scheduler.framework.Status;
import java.util.List;
import java.util.Set;

/**
 * Filters nodes by the pod's nodeSelector and required node affinity (label expressions and
 * {@code metadata.name} field expressions), and scores them by the summed weights of the preferred
 * terms they match, normalized so the best node gets 100.
 */
public final class NodeAffinity implements FilterPlugin, PreScorePlugin, ScorePlugin {

    public static final String NAME = "NodeAffinity";
    public static final String REASON = "node(s) didn't match Pod's node affinity/selector";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> events() {
        return Set.of(ClusterEvent.NODE_ADD, ClusterEvent.NODE_UPDATE);
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        if (pod.matchesNodeSelectorAndAffinity(node.labels(), node.name())) {
            return Status.SUCCESS;
        }
        return Status.unresolvable(REASON);
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, Snapshot snapshot, List<NodeInfo> feasible) {
        return pod.preferredNodeAffinity().isEmpty() ? Status.SKIP : Status.SUCCESS;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        long score = 0;
        List<NodeSelector.Term> terms = pod.preferredNodeAffinity();
        for (int i = 0; i < terms.size(); i++) {
            int weight = pod.preferredNodeAffinityWeights().get(i);
            if (weight != 0 && terms.get(i).matches(node.labels(), node.name())) {
                score += weight;
            }
        }
        return score;
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        ScorePlugin.defaultNormalize(scores, false);
    }
}
