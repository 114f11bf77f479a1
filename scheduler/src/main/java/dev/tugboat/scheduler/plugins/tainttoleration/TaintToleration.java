package dev.tugboat.scheduler.plugins.tainttoleration;

import dev.tugboat.scheduler.framework.ClusterEvent;
import dev.tugboat.scheduler.framework.CycleState;
import dev.tugboat.scheduler.framework.FilterPlugin;
import dev.tugboat.scheduler.framework.NodeInfo;
import dev.tugboat.scheduler.framework.PodInfo;
import dev.tugboat.scheduler.framework.PreScorePlugin;
import dev.tugboat.scheduler.framework.ScorePlugin;
import dev.tugboat.scheduler.framework.Snapshot;
import dev.tugboat.scheduler.framework.Status;
import dev.tugboat.scheduler.framework.Taint;
import dev.tugboat.scheduler.framework.Toleration;
import java.util.List;
import java.util.Set;

/**
 * Rejects nodes with a NoSchedule or NoExecute taint the pod does not tolerate (naming the first such
 * taint), and prefers nodes with fewer untolerated PreferNoSchedule taints.
 */
public final class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin {

    public static final String NAME = "TaintToleration";

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
        for (Taint t : node.taints()) {
            if ((t.effect().equals(Taint.NO_SCHEDULE) || t.effect().equals(Taint.NO_EXECUTE))
                    && !Toleration.anyTolerates(pod.tolerations(), t)) {
                return Status.unresolvable("node(s) had untolerated taint {" + t.key() + ": " + t.value() + "}");
            }
        }
        return Status.SUCCESS;
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, Snapshot snapshot, List<NodeInfo> feasible) {
        for (NodeInfo n : feasible) {
            for (Taint t : n.taints()) {
                if (t.effect().equals(Taint.PREFER_NO_SCHEDULE)) {
                    return Status.SUCCESS;
                }
            }
        }
        // No PreferNoSchedule taint anywhere: every node would score the same.
        return Status.SKIP;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        long count = 0;
        for (Taint t : node.taints()) {
            if (t.effect().equals(Taint.PREFER_NO_SCHEDULE) && !tolerates(pod.tolerations(), t)) {
                count++;
            }
        }
        return count;
    }

    /** Only tolerations with an empty effect or PreferNoSchedule count for scoring, as upstream. */
    private static boolean tolerates(List<Toleration> tolerations, Taint t) {
        for (Toleration tol : tolerations) {
            if ((tol.effect().isEmpty() || tol.effect().equals(Taint.PREFER_NO_SCHEDULE)) && tol.tolerates(t)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        ScorePlugin.defaultNormalize(scores, true);
    }
}
