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
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Upstream's DefaultPreemption PostFilter: for a pod that fits nowhere, finds nodes where removing
 * lower-priority pods would let it fit (trying to keep as many of them as possible, highest priority
 * first), picks the node whose victims have the lowest highest priority, then the lowest priority sum,
 * then the fewest victims, and hands the decision to a {@link Preemptor}. PodDisruptionBudgets are
 * respected where possible: pods whose eviction would exceed a budget are reprieved first, and nodes
 * with fewer such violations win. Nodes rejected as
 * unresolvable are not tried ("Preemption is not helpful for scheduling"); the search stops after 10%
 * of the nodes (at least 100) yielded candidates, starting at a random node.
 */
public final class DefaultPreemption implements PostFilterPlugin {

    public static final String NAME = "DefaultPreemption";
    public static final String NO_VICTIMS = "No preemption victims found for incoming pod";
    public static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";

    /** A node where preemption works and the pods it evicts. */
    record Candidate(String node, List<PodInfo> victims, int pdbViolations) {
    }

    private final Supplier<Framework> framework;
    private final Preemptor preemptor;
    private final Supplier<List<DisruptionBudget>> budgets;

    public DefaultPreemption(Supplier<Framework> framework, Preemptor preemptor,
                             Supplier<List<DisruptionBudget>> budgets) {
        this.framework = framework;
        this.preemptor = preemptor;
        this.budgets = budgets;
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
        List<DisruptionBudget> pdbs = budgets.get();
        List<NodeInfo> nodes = snapshot.nodes();
        int wanted = candidatesToFind(nodes.size());
        // Start at a random node so that preemptors do not all pick the first suitable nodes.
        int offset = nodes.isEmpty() ? 0 : ThreadLocalRandom.current().nextInt(nodes.size());
        for (int i = 0; i < nodes.size() && candidates.size() < wanted; i++) {
            NodeInfo node = nodes.get((offset + i) % nodes.size());
            Status s = nodeStatuses.get(node.name());
            if (s == null || s.code() == Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
                preemptionStatuses.put(node.name(), Status.unresolvable(NOT_HELPFUL));
                continue;
            }
            Candidate c = selectVictims(state, pod, node, pdbs);
            if (c == null) {
                preemptionStatuses.put(node.name(), Status.unschedulable(NO_VICTIMS));
            } else {
                candidates.add(c);
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

    /** Upstream's defaults: 10% of the nodes, at least 100 (minCandidateNodesAbsolute). */
    static int candidatesToFind(int numNodes) {
        return Math.min(numNodes, Math.max(numNodes / 10, 100));
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
     * {@code selectVictimsOnNode}); null if removing all of them is not enough. Pods protected by a
     * budget are reprieved first.
     */
    Candidate selectVictims(CycleState state, PodInfo pod, NodeInfo original, List<DisruptionBudget> pdbs) {
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
        potential.sort(Comparator.comparingInt(PodInfo::priority).reversed()
                .thenComparing(PodInfo::creationTime));
        List<PodInfo> violating = new ArrayList<>();
        List<PodInfo> nonViolating = new ArrayList<>();
        splitByBudgets(potential, pdbs, violating, nonViolating);
        List<PodInfo> victims = new ArrayList<>();
        int violations = 0;
        // Reprieve as many as possible, budget-protected pods first, most important first.
        for (PodInfo p : violating) {
            if (!reprieve(fw, st, pod, p, node)) {
                victims.add(p);
                violations++;
            }
        }
        for (PodInfo p : nonViolating) {
            if (!reprieve(fw, st, pod, p, node)) {
                victims.add(p);
            }
        }
        return new Candidate(original.name(), victims, violations);
    }

    private static boolean reprieve(Framework fw, CycleState st, PodInfo pod, PodInfo p, NodeInfo node) {
        node.addPod(p);
        fw.runAddPod(st, pod, p, node);
        if (fw.runFilters(st, pod, node).isSuccess()) {
            return true;
        }
        node.removePod(p);
        fw.runRemovePod(st, pod, p, node);
        return false;
    }

    /** Upstream's {@code filterPodsWithPDBViolation}: evicting which pods, in order, would exceed a budget. */
    static void splitByBudgets(List<PodInfo> pods, List<DisruptionBudget> pdbs, List<PodInfo> violating,
                               List<PodInfo> nonViolating) {
        int[] allowed = new int[pdbs.size()];
        for (int i = 0; i < allowed.length; i++) {
            allowed[i] = pdbs.get(i).disruptionsAllowed();
        }
        for (PodInfo p : pods) {
            boolean violates = false;
            for (int i = 0; i < allowed.length; i++) {
                DisruptionBudget b = pdbs.get(i);
                if (!b.namespace().equals(p.namespace()) || b.selector().isEmpty()
                        || !b.selector().matches(p.labels()) || b.disruptedPods().contains(p.name())) {
                    continue;
                }
                allowed[i]--;
                if (allowed[i] < 0) {
                    violates = true;
                }
            }
            (violates ? violating : nonViolating).add(p);
        }
    }

    /**
     * Upstream's {@code pickOneNodeForPreemption}: fewest budget violations, then the lowest highest
     * victim priority, the lowest priority sum, the fewest victims.
     */
    static Candidate pick(List<Candidate> candidates) {
        Comparator<Candidate> order = Comparator
                .comparingInt(Candidate::pdbViolations)
                .thenComparingLong((Candidate c) -> c.victims().stream().mapToLong(PodInfo::priority).max()
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
