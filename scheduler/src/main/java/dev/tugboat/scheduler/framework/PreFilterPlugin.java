package dev.tugboat.scheduler.framework;

/**
 * Runs once per scheduling cycle before any filter: precomputes what the filters need, or rejects the
 * pod for every node at once.
 */
public interface PreFilterPlugin extends Plugin {

    /**
     * @return SUCCESS, SKIP (the plugin's filter is not needed for this pod), or a rejection that applies
     *         to all nodes
     */
    Status preFilter(CycleState state, PodInfo pod, Snapshot snapshot);

    /** Updates the precomputed state as if {@code added} were placed on {@code node} (preemption dry runs). */
    default void addPod(CycleState state, PodInfo pod, PodInfo added, NodeInfo node) {
    }

    /** Updates the precomputed state as if {@code removed} left {@code node} (preemption dry runs). */
    default void removePod(CycleState state, PodInfo pod, PodInfo removed, NodeInfo node) {
    }
}
