package dev.tugboat.scheduler;

import dev.tugboat.scheduler.framework.CycleState;
import dev.tugboat.scheduler.framework.FitError;
import dev.tugboat.scheduler.framework.Framework;
import dev.tugboat.scheduler.framework.NodeInfo;
import dev.tugboat.scheduler.framework.PodInfo;
import dev.tugboat.scheduler.framework.PostFilterPlugin.PostFilterResult;
import dev.tugboat.scheduler.framework.Snapshot;
import dev.tugboat.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * One pod's scheduling decision over a snapshot (upstream's {@code schedulePod} plus the PostFilter
 * step): PreFilter, then Filter over the nodes from a rotating start until enough feasible nodes are
 * found (adaptive percentageOfNodesToScore), then Score and a random pick among the best; when no node
 * fits, PostFilter (preemption). Pure apart from the preemption plugin's hand-off; used by the single
 * scheduling thread only.
 */
public final class SchedulingAlgorithm {

    /** Upstream's minFeasibleNodesToFind. */
    static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
    /** Upstream's minFeasibleNodesPercentageToFind. */
    static final int MIN_FEASIBLE_NODES_PERCENTAGE = 5;

    /** The outcome of one attempt. */
    public sealed interface Result {
    }

    /** The pod goes to {@code node}. */
    public record Scheduled(String node, int evaluatedNodes, int feasibleNodes) implements Result {
    }

    /** No node fits; {@code nominatedNode} is set when preemption made room on one. */
    public record Unschedulable(FitError fitError, String nominatedNode) implements Result {
    }

    /** An internal error (a plugin failed). */
    public record Failed(String message) implements Result {
    }

    private final Framework framework;
    private final RandomGenerator random;
    private final int percentageOfNodesToScore;
    /** The pods nominated to a node (preemptors waiting for room), considered when filtering it. */
    private final Function<String, List<PodInfo>> nominatedPods;
    private int nextStartNodeIndex;

    /**
     * @param percentageOfNodesToScore 0 for upstream's adaptive default
     */
    public SchedulingAlgorithm(Framework framework, RandomGenerator random, int percentageOfNodesToScore,
                               Function<String, List<PodInfo>> nominatedPods) {
        this.framework = framework;
        this.random = random;
        this.percentageOfNodesToScore = percentageOfNodesToScore;
        this.nominatedPods = nominatedPods;
    }

    public Result schedule(CycleState state, PodInfo pod, Snapshot snapshot) {
        List<NodeInfo> nodes = snapshot.nodes();
        if (nodes.isEmpty()) {
            return new Unschedulable(new FitError(0, null, Map.of(), ""), "");
        }
        Status pre = framework.runPreFilter(state, pod, snapshot);
        if (pre.code() == Status.Code.ERROR) {
            return new Failed(pre.message());
        }
        Map<String, Status> statuses = new HashMap<>();
        if (!pre.isSuccess()) {
            for (NodeInfo n : nodes) {
                statuses.put(n.name(), pre);
            }
            return postFilter(state, pod, snapshot, pre, statuses);
        }
        List<NodeInfo> feasible = new ArrayList<>();
        String error = findFeasible(state, pod, snapshot, feasible, statuses);
        if (error != null) {
            return new Failed(error);
        }
        if (feasible.isEmpty()) {
            return postFilter(state, pod, snapshot, null, statuses);
        }
        int evaluated = feasible.size() + statuses.size();
        if (feasible.size() == 1) {
            return new Scheduled(feasible.get(0).name(), evaluated, 1);
        }
        long[] scores = framework.runScore(state, pod, snapshot, feasible);
        return new Scheduled(selectHost(feasible, scores), evaluated, feasible.size());
    }

    private Result postFilter(CycleState state, PodInfo pod, Snapshot snapshot, Status preFilterStatus,
                              Map<String, Status> statuses) {
        PostFilterResult r = framework.runPostFilter(state, pod, snapshot, statuses);
        String msg = r.status().isSuccess() ? "" : r.status().message();
        FitError fitError = new FitError(snapshot.nodes().size(), preFilterStatus, statuses, msg);
        return new Unschedulable(fitError, r.nominatedNodeName());
    }

    /** Fills {@code feasible} and {@code statuses}; returns an error message if a filter failed. */
    private String findFeasible(CycleState state, PodInfo pod, Snapshot snapshot, List<NodeInfo> feasible,
                                Map<String, Status> statuses) {
        List<NodeInfo> nodes = snapshot.nodes();
        int n = nodes.size();
        // A preemptor tries its nominated node first (upstream's evaluateNominatedNode).
        if (!pod.nominatedNodeName().isEmpty()) {
            NodeInfo nominated = snapshot.get(pod.nominatedNodeName());
            if (nominated != null && nominated.hasNode()
                    && filter(state, pod, nominated).isSuccess()) {
                feasible.add(nominated);
                return null;
            }
        }
        int want = numFeasibleNodesToFind(n);
        int processed = 0;
        for (int i = 0; i < n && feasible.size() < want; i++) {
            NodeInfo node = nodes.get((nextStartNodeIndex + i) % n);
            Status s = filter(state, pod, node);
            processed++;
            if (s.isSuccess()) {
                feasible.add(node);
            } else if (s.isRejected()) {
                statuses.put(node.name(), s);
            } else {
                return s.message();
            }
        }
        nextStartNodeIndex = (nextStartNodeIndex + processed) % n;
        return null;
    }

    /**
     * Runs the filters with the node's nominated pods of at least this pod's priority added (so that
     * room made by preemption is kept for its preemptor), as upstream's {@code RunFilterPluginsWithNominatedPods}.
     */
    private Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        List<PodInfo> nominated = nominatedPods.apply(node.name());
        if (nominated.isEmpty()) {
            return framework.runFilters(state, pod, node);
        }
        NodeInfo withNominated = null;
        CycleState st = null;
        for (PodInfo p : nominated) {
            if (p.key().equals(pod.key()) || p.priority() < pod.priority()) {
                continue;
            }
            if (withNominated == null) {
                withNominated = node.snapshotCopy();
                st = state.copy();
            }
            PodInfo placed = p.withNodeName(node.name());
            withNominated.addPod(placed);
            framework.runAddPod(st, pod, placed, withNominated);
        }
        if (withNominated == null) {
            return framework.runFilters(state, pod, node);
        }
        Status s = framework.runFilters(st, pod, withNominated);
        return s.isSuccess() ? framework.runFilters(state, pod, node) : s;
    }

    /** Upstream's numFeasibleNodesToFind: all of small clusters, else an adaptive share, at least 100. */
    int numFeasibleNodesToFind(int numAllNodes) {
        if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND || percentageOfNodesToScore >= 100) {
            return numAllNodes;
        }
        int pct = percentageOfNodesToScore;
        if (pct <= 0) {
            pct = 50 - numAllNodes / 125;
            if (pct < MIN_FEASIBLE_NODES_PERCENTAGE) {
                pct = MIN_FEASIBLE_NODES_PERCENTAGE;
            }
        }
        int num = (int) ((long) numAllNodes * pct / 100);
        return Math.max(num, MIN_FEASIBLE_NODES_TO_FIND);
    }

    /** The node with the highest total, ties broken uniformly at random (reservoir sampling). */
    String selectHost(List<NodeInfo> nodes, long[] scores) {
        int best = 0;
        int ties = 1;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
                ties = 1;
            } else if (scores[i] == scores[best]) {
                ties++;
                if (random.nextInt(ties) == 0) {
                    best = i;
                }
            }
        }
        return nodes.get(best).name();
    }
}
