package dev.tugboat.scheduler.plugins.nodeunschedulable;

import dev.tugboat.scheduler.framework.ClusterEvent;
import dev.tugboat.scheduler.framework.CycleState;
import dev.tugboat.scheduler.framework.FilterPlugin;
import dev.tugboat.scheduler.framework.NodeInfo;
import dev.tugboat.scheduler.framework.PodInfo;
import dev.tugboat.scheduler.framework.Status;
import dev.tugboat.scheduler.framework.Taint;
import dev.tugboat.scheduler.framework.Toleration;
import java.util.Set;

/**
 * Rejects cordoned nodes ({@code spec.unschedulable}) unless the pod tolerates the
 * {@code node.kubernetes.io/unschedulable:NoSchedule} taint.
 */
public final class NodeUnschedulable implements FilterPlugin {

    public static final String NAME = "NodeUnschedulable";
    public static final String REASON = "node(s) were unschedulable";
    private static final Taint UNSCHEDULABLE_TAINT = new Taint("node.kubernetes.io/unschedulable", "",
            Taint.NO_SCHEDULE);

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
        if (!node.unschedulable() || Toleration.anyTolerates(pod.tolerations(), UNSCHEDULABLE_TAINT)) {
            return Status.SUCCESS;
        }
        return Status.unresolvable(REASON);
    }
}
