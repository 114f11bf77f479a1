package dev.tugboat.scheduler.plugins.noderesources;

import dev.tugboat.scheduler.framework.CycleState;
import dev.tugboat.scheduler.framework.NodeInfo;
import dev.tugboat.scheduler.framework.PodInfo;
import dev.tugboat.scheduler.framework.PreScorePlugin;
import dev.tugboat.scheduler.framework.ScorePlugin;
import dev.tugboat.scheduler.framework.Snapshot;
import dev.tugboat.scheduler.framework.Status;
import java.util.List;

/**
 * NodeResourcesBalancedAllocation: prefers nodes whose cpu and memory would be used in similar
 * proportions after placing the pod: {@code (1 − stddev of the fractions) × 100}. Counts actual
 * requests (not the non-zero defaults); skipped for pods that request neither cpu nor memory.
 */
public final class BalancedAllocation implements PreScorePlugin, ScorePlugin {

    public static final String NAME = "NodeResourcesBalancedAllocation";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, Snapshot snapshot, List<NodeInfo> feasible) {
        return pod.requests().milliCpu == 0 && pod.requests().memory == 0 ? Status.SKIP : Status.SUCCESS;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        long cpuAlloc = node.allocatable().milliCpu;
        long memAlloc = node.allocatable().memory;
        double std = 0;
        if (cpuAlloc > 0 && memAlloc > 0) {
            double cpu = Math.min(1.0, (double) (node.requested().milliCpu + pod.requests().milliCpu) / cpuAlloc);
            double mem = Math.min(1.0, (double) (node.requested().memory + pod.requests().memory) / memAlloc);
            // For two resources the standard deviation is half their difference.
            std = Math.abs(cpu - mem) / 2;
        }
        return (long) ((1 - std) * MAX_NODE_SCORE);
    }
}
