package dev.tugboat.scheduler.framework;

/**
 * Decides whether a pod can run on one node. Called for many nodes per cycle: must be fast, must not
 * mutate the node, and must return the same answer for the same inputs.
 */
public interface FilterPlugin extends Plugin {

    /** @return SUCCESS, or UNSCHEDULABLE / UNSCHEDULABLE_AND_UNRESOLVABLE with upstream's reason text */
    Status filter(CycleState state, PodInfo pod, NodeInfo node);
}
