package dev.tugboat.scheduler.framework;

/** Reserves resources for a pod once a node is chosen; {@link #unreserve} undoes it when binding fails. */
public interface ReservePlugin extends Plugin {

    Status reserve(CycleState state, PodInfo pod, String nodeName);

    void unreserve(CycleState state, PodInfo pod, String nodeName);
}
