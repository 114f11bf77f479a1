package dev.tugboat.scheduler.framework;

import java.util.List;

/** Runs once before scoring with the feasible nodes; may return SKIP to skip the plugin's Score. */
public interface PreScorePlugin extends Plugin {

    Status preScore(CycleState state, PodInfo pod, Snapshot snapshot, List<NodeInfo> feasible);
}
