package dev.tugboat.scheduler.plugins.defaultpreemption;

import dev.tugboat.scheduler.framework.CycleState;
import dev.tugboat.scheduler.framework.FitError;
import dev.tugboat.scheduler.framework.Framework;
import dev.tugboat.scheduler.framework.NodeInfo;
import dev.tugboat.scheduler.framework.PodInfo;
import dev.tugboat.scheduler.framework.PostFilterPlugin;
import dev.tugboat.scheduler.framework.Snapshot;
import dev.tugboat.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Upstream's DefaultPreemption PostFilter: for a pod that fits nowhere, finds nodes where removing
 * lower-priority pods would let it fit (trying to keep as many of them as possible, highest priority
 * first), picks the node whose victims have the lowest highest priority, then the lowest priority sum,
 * then the fewest victims, and hands the decision to a {@link Preemptor}. Nodes rejected as
 * unresolvable are not tried ("Preemption is not helpful for scheduling").
 */
public final class DefaultPreemption implements PostFilterPlugin {

    public static final String NAME = "DefaultPreemption";
    public static final String NO_VICTIMS = "No preemption victims found for incoming pod";
    public static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";

    /** A node where preemption works and the pods it evicts. */
    record Candidate(String node, List<PodInfo> victims) {
    }

    private final Supplier<Framework> framework;
    private final Preemptor preemptor;

    public DefaultPreemption(Supplier<Framework> framework, Preemptor preemptor) {
        this.framework = framework;
        this.preemptor = preemptor;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PostFilterResult postFilter(CycleState state, PodInfo pod, Snapshot snapshot,
                                       Map<String, Status> nodeStatuses) {
        if (pod.preemptNever()) {
            return new PostFilterResult("", Status.unschedulable("not eligible due to preemptionPolicy=Never."));
        }
        if (terminatingVictimOnNominatedNode(pod, snapshot, nodeStatuses)) {
            return new PostFilterResult("",
                    Status.unschedulable("not eligible due to a terminating pod on the nominated node."));
        }
        Map<String, Status> preemptionStatuses = new HashMap<>();
        List<Candidate> candidates = new ArrayList<>();
        for (NodeInfo node : snapshot.nodes()) {
            Status s = nodeStatuses.get(node.name());
            if (s == null || s.code() == Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
                preemptionStatuses.put(node.name(), Status.unresolvable(NOT_HELPFUL));
                continue;
            }
            List<PodInfo> victims = selectVictims(state, pod, node);
            if (victims == null) {
                preemptionStatuses.put(node.name(), Status.unschedulable(NO_VICTIMS));
            } else {
                candidates.add(new Candidate(node.name(), victims));
            }
        }
        if (candidates.isEmpty()) {
            return new PostFilterResult("", Status.unschedulable(
                    "preemption: " + FitError.histogram(snapshot.nodes().size(), preemptionStatuses)));
        }
        Candidate best = pick(candidates);
        preemptor.preempt(pod, best.node(), best.victims());
        return new PostFilterResult(best.node(), Status.SUCCESS);
    }

    private static boolean terminatingVictimOnNominatedNode(PodInfo pod, Snapshot snapshot,
                                                            Map<String, Status> nodeStatuses) {
        String nominated = pod.nominatedNodeName();
        if (nominated.isEmpty()) {
            return false;
        }
        Status s = nodeStatuses.get(nominated);
        NodeInfo node = snapshot.get(nominated);
        if (node == null || s == null || s.code() == Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
            return false;
        }
        for (PodInfo p : node.pods()) {
            if (p.deleting() && p.priority() < pod.priority()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The fewest lower-priority pods whose removal lets the pod pass the filters on this node (upstream's
     * {@code selectVictimsOnNode}); null if removing all of them is not enough.
     */
    List<PodInfo> selectVictims(CycleState state, PodInfo pod, NodeInfo original) {
        Framework fw = framework.get();
        CycleState st = state.copy();
        NodeInfo node = original.snapshotCopy();
        List<PodInfo> potential = new ArrayList<>();
        for (PodInfo p : original.pods()) {
            if (p.priority() < pod.priority()) {
                potential.add(p);
            }
        }
        if (potential.isEmpty()) {
            return null;
        }
        for (PodInfo p : potential) {
            node.removePod(p);
            fw.runRemovePod(st, pod, p, node);
        }
        if (!fw.runFilters(st, pod, node).isSuccess()) {
            return null;
        }
        // Reprieve as many as possible, most important first.
        potential.sort(Comparator.comparingInt(PodInfo::priority).reversed()
                .thenComparing(PodInfo::creationTime));
        List<PodInfo> victims = new ArrayList<>();
        for (PodInfo p : potential) {
            node.addPod(p);
            fw.runAddPod(st, pod, p, node);
            if (!fw.runFilters(st, pod, node).isSuccess()) {
                node.removePod(p);
                fw.runRemovePod(st, pod, p, node);
                victims.add(p);
            }
        }
        return victims;
    }

    /** Upstream's {@code pickOneNodeForPreemption}, without the PDB criterion. */
    static Candidate pick(List<Candidate> candidates) {
        Comparator<Candidate> order = Comparator
                .comparingLong((Candidate c) -> c.victims().stream().mapToLong(PodInfo::priority).max()
                        .orElse(Long.MIN_VALUE))
                .thenComparingLong(c -> c.victims().stream().mapToLong(p -> (long) p.priority() + Integer.MAX_VALUE
                        + 1).sum())
                .thenComparingInt(c -> c.victims().size());
        Candidate best = candidates.get(0);
        for (Candidate c : candidates) {
            if (order.compare(c, best) < 0) {
                best = c;
            }
        }
        return best;
    }
}
