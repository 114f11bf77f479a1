package dev.tugboat.scheduler.plugins.noderesources;

import dev.tugboat.scheduler.framework.ClusterEvent;
import dev.tugboat.scheduler.framework.CycleState;
import dev.tugboat.scheduler.framework.FilterPlugin;
import dev.tugboat.scheduler.framework.NodeInfo;
import dev.tugboat.scheduler.framework.PodInfo;
import dev.tugboat.scheduler.framework.Resource;
import dev.tugboat.scheduler.framework.ScorePlugin;
import dev.tugboat.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * NodeResourcesFit: rejects nodes without room for the pod's requests (pod count, cpu, memory,
 * ephemeral storage, extended resources; one "Insufficient x" reason per short resource) and scores
 * with the LeastAllocated strategy over cpu and memory (weight 1 each), using the non-zero requests
 * upstream assumes for containers that request nothing.
 */
public final class Fit implements FilterPlugin, ScorePlugin {

    public static final String NAME = "NodeResourcesFit";
    public static final String TOO_MANY_PODS = "Too many pods";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> events() {
        return Set.of(ClusterEvent.ASSIGNED_POD_DELETE, ClusterEvent.ASSIGNED_POD_UPDATE, ClusterEvent.NODE_ADD,
                ClusterEvent.NODE_UPDATE);
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        List<String> reasons = insufficient(pod.requests(), node);
        return reasons.isEmpty() ? Status.SUCCESS : new Status(Status.Code.UNSCHEDULABLE, reasons, NAME);
    }

    /** The reasons the node cannot hold the requests (upstream's {@code fitsRequest}); empty when it can. */
    static List<String> insufficient(Resource req, NodeInfo node) {
        Resource alloc = node.allocatable();
        Resource used = node.requested();
        List<String> reasons = List.of();
        if (node.pods().size() + 1 > alloc.allowedPodNumber) {
            reasons = add(reasons, TOO_MANY_PODS);
        }
        if (req.isZero()) {
            return reasons;
        }
        if (req.milliCpu > 0 && req.milliCpu > alloc.milliCpu - used.milliCpu) {
            reasons = add(reasons, "Insufficient cpu");
        }
        if (req.memory > 0 && req.memory > alloc.memory - used.memory) {
            reasons = add(reasons, "Insufficient memory");
        }
        if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
            reasons = add(reasons, "Insufficient ephemeral-storage");
        }
        for (var e : req.scalars().entrySet()) {
            if (e.getValue() > 0 && e.getValue() > alloc.scalar(e.getKey()) - used.scalar(e.getKey())) {
                reasons = add(reasons, "Insufficient " + e.getKey());
            }
        }
        return reasons;
    }

    private static List<String> add(List<String> reasons, String r) {
        List<String> out = reasons.isEmpty() ? new ArrayList<>(2) : reasons;
        out.add(r);
        return out;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        long sum = 0;
        int weights = 0;
        long cpuAlloc = node.allocatable().milliCpu;
        if (cpuAlloc > 0) {
            sum += leastRequested(node.nonZeroMilliCpu() + pod.nonZeroMilliCpu(), cpuAlloc);
            weights++;
        }
        long memAlloc = node.allocatable().memory;
        if (memAlloc > 0) {
            sum += leastRequested(node.nonZeroMemory() + pod.nonZeroMemory(), memAlloc);
            weights++;
        }
        return weights == 0 ? 0 : sum / weights;
    }

    /** (capacity − requested) × 100 / capacity; 0 when over-committed. */
    static long leastRequested(long requested, long capacity) {
        if (capacity == 0 || requested > capacity) {
            return 0;
        }
        return (capacity - requested) * MAX_NODE_SCORE / capacity;
    }
}
