package dev.tugboat.scheduler.framework;

import java.util.Map;

/** Runs when no node passed the filters, e.g. preemption. */
public interface PostFilterPlugin extends Plugin {

    /**
     * @param nodeStatuses why each node was rejected (node name → status)
     * @return a nominated node on success; otherwise why nothing could be done
     */
    PostFilterResult postFilter(CycleState state, PodInfo pod, Snapshot snapshot, Map<String, Status> nodeStatuses);

    /** A nominated node name (empty when none) and the status. */
    record PostFilterResult(String nominatedNodeName, Status status) {
    }
}
