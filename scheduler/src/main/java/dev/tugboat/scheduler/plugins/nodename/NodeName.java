package dev.tugboat.scheduler.plugins.nodename;

import dev.tugboat.scheduler.framework.ClusterEvent;
import dev.tugboat.scheduler.framework.CycleState;
import dev.tugboat.scheduler.framework.FilterPlugin;
import dev.tugboat.scheduler.framework.NodeInfo;
import dev.tugboat.scheduler.framework.PodInfo;
import dev.tugboat.scheduler.framework.Status;
import java.util.Set;

/**
 * Admits only the node a pod names in {@code spec.nodeName}. The scheduler only sees pods without a
 * node name, so this matters for callers that evaluate bound pods (as upstream's DaemonSet checks do).
 */
public final class NodeName implements FilterPlugin {

    public static final String NAME = "NodeName";
    public static final String REASON = "node(s) didn't match the requested node name";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> events() {
        return Set.of(ClusterEvent.NODE_ADD);
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        if (pod.nodeName().isEmpty() || pod.nodeName().equals(node.name())) {
            return Status.SUCCESS;
        }
        return Status.unresolvable(REASON);
    }
}
