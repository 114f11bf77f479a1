package dev.tugboat.scheduler.plugins.podtopologyspread;

import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.scheduler.framework.ClusterEvent;
import dev.tugboat.scheduler.framework.CycleState;
import dev.tugboat.scheduler.framework.FilterPlugin;
import dev.tugboat.scheduler.framework.NodeInfo;
import dev.tugboat.scheduler.framework.PodInfo;
import dev.tugboat.scheduler.framework.PreFilterPlugin;
import dev.tugboat.scheduler.framework.PreScorePlugin;
import dev.tugboat.scheduler.framework.ScorePlugin;
import dev.tugboat.scheduler.framework.Snapshot;
import dev.tugboat.scheduler.framework.Status;
import dev.tugboat.scheduler.framework.Taint;
import dev.tugboat.scheduler.framework.Toleration;
import dev.tugboat.scheduler.framework.TopologySpreadConstraint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pod topology spread constraints (upstream's PodTopologySpread). DoNotSchedule constraints filter:
 * placing the pod must keep {@code count(domain) + self − min(count over domains)} within maxSkew, with
 * the global minimum taken as 0 while fewer than minDomains domains exist. ScheduleAnyway constraints
 * score: fewer matching pods in the node's domain is better, each constraint weighted by
 * {@code log(domains + 2)}. Only nodes carrying every constraint's topology key, and admitted by the
 * nodeAffinityPolicy (Honor) and nodeTaintsPolicy (Ignore) defaults, are counted. A pod without
 * constraints of its own is scored with upstream's system defaults over the pods its Services and
 * controller select ({@link DefaultSelector}). Pods assumed onto a node count like bound ones: the
 * cache places them in the snapshot. Scoring remembers per-node match counts across cycles
 * ({@link MatchingPodCounts}), so PreScore and Score run on one thread (the scheduling thread); the
 * filter side keeps no state outside the {@link CycleState}.
 */
public final class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {

    public static final String NAME = "PodTopologySpread";
    public static final String REASON = "node(s) didn't match pod topology spread constraints";
    public static final String MISSING_LABEL_REASON =
            "node(s) didn't match pod topology spread constraints (missing required label)";

    /** Matching pods per domain for each DoNotSchedule constraint. */
    static final class FilterState implements CycleState.StateData {
        final List<TopologySpreadConstraint> constraints;
        final List<Map<String, Integer>> counts;
        final int[] min;

        FilterState(List<TopologySpreadConstraint> constraints, List<Map<String, Integer>> counts) {
            this.constraints = constraints;
            this.counts = counts;
            this.min = new int[constraints.size()];
            recomputeMin();
        }

        void recomputeMin() {
            for (int i = 0; i < constraints.size(); i++) {
                Map<String, Integer> c = counts.get(i);
                if (c.size() < constraints.get(i).minDomains() || c.isEmpty()) {
                    min[i] = 0;
                    continue;
                }
                int m = Integer.MAX_VALUE;
                for (int v : c.values()) {
                    m = Math.min(m, v);
                }
                min[i] = m;
            }
        }

        @Override
        public FilterState copy() {
            List<Map<String, Integer>> c = new ArrayList<>();
            counts.forEach(m -> c.add(new HashMap<>(m)));
            return new FilterState(constraints, c);
        }
    }

    /**
     * ScheduleAnyway constraints; matching pods per domain of each constraint other than hostname
     * (hostname counts are taken from the scored node itself); {@code log(domains + 2)} per constraint;
     * and the feasible nodes not scored because they miss a topology key.
     */
    record ScoreState(List<TopologySpreadConstraint> constraints, List<Map<String, Integer>> counts,
                      double[] weights, Set<String> ignoredNodes, List<MatchingPodCounts.Counter> counters,
                      Snapshot snapshot) {
    }

    /** Upstream's {@code v1.LabelHostname}: each node is its own domain. */
    public static final String HOSTNAME = "kubernetes.io/hostname";
    /** Upstream's {@code v1.LabelTopologyZone}. */
    public static final String ZONE = "topology.kubernetes.io/zone";

    private final SpreadListers listers;
    private final MatchingPodCounts matchingPods = new MatchingPodCounts();

    /** Without listers: pods without constraints of their own are never spread by default. */
    public PodTopologySpread() {
        this(SpreadListers.NONE);
    }

    /**
     * @param listers the Services and controllers that give pods without constraints of their own the
     *                system default constraints (upstream's {@code defaultingType: System})
     */
    public PodTopologySpread(SpreadListers listers) {
        this.listers = listers;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> events() {
        return Set.of(ClusterEvent.ASSIGNED_POD_ADD, ClusterEvent.ASSIGNED_POD_UPDATE, ClusterEvent.ASSIGNED_POD_DELETE,
                ClusterEvent.NODE_ADD, ClusterEvent.NODE_UPDATE, ClusterEvent.NODE_DELETE);
    }

    // ------------------------------------------------------------------ filter

    @Override
    public Status preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        List<TopologySpreadConstraint> cs = constraints(pod, true);
        if (cs.isEmpty()) {
            return Status.SKIP;
        }
        List<Map<String, Integer>> counts = new ArrayList<>();
        cs.forEach(c -> counts.add(new HashMap<>()));
        for (NodeInfo node : snapshot.nodes()) {
            if (!hasAllKeys(node, cs)) {
                continue;
            }
            for (int i = 0; i < cs.size(); i++) {
                TopologySpreadConstraint c = cs.get(i);
                if (admits(c, pod, node)) {
                    counts.get(i).merge(node.labels().get(c.topologyKey()), countMatching(node, c, pod),
                            Integer::sum);
                }
            }
        }
        state.write(FilterState.class, new FilterState(cs, counts));
        return Status.SUCCESS;
    }

    @Override
    public void addPod(CycleState state, PodInfo pod, PodInfo added, NodeInfo node) {
        update(state, pod, added, node, 1);
    }

    @Override
    public void removePod(CycleState state, PodInfo pod, PodInfo removed, NodeInfo node) {
        update(state, pod, removed, node, -1);
    }

    private static void update(CycleState state, PodInfo pod, PodInfo other, NodeInfo node, int delta) {
        FilterState fs = state.read(FilterState.class);
        if (fs == null || !hasAllKeys(node, fs.constraints) || !other.namespace().equals(pod.namespace())) {
            return;
        }
        for (int i = 0; i < fs.constraints.size(); i++) {
            TopologySpreadConstraint c = fs.constraints.get(i);
            if (admits(c, pod, node) && c.selector().matches(other.labels())) {
                fs.counts.get(i).merge(node.labels().get(c.topologyKey()), delta, Integer::sum);
            }
        }
        fs.recomputeMin();
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        FilterState fs = state.read(FilterState.class);
        if (fs == null) {
            return Status.SUCCESS;
        }
        for (int i = 0; i < fs.constraints.size(); i++) {
            TopologySpreadConstraint c = fs.constraints.get(i);
            String value = node.labels().get(c.topologyKey());
            if (value == null) {
                return Status.unresolvable(MISSING_LABEL_REASON);
            }
            int self = c.selector().matches(pod.labels()) ? 1 : 0;
            int skew = fs.counts.get(i).getOrDefault(value, 0) + self - fs.min[i];
            if (skew > c.maxSkew()) {
                return Status.unschedulable(REASON);
            }
        }
        return Status.SUCCESS;
    }

    // ------------------------------------------------------------------ score

    /**
     * Upstream's PreScore: the pod's ScheduleAnyway constraints, or the system defaults if it has no
     * constraints at all. Explicit constraints ignore feasible nodes that miss any topology key; the
     * defaults do not (so that nodes without a zone label are still spread by hostname).
     */
    @Override
    public Status preScore(CycleState state, PodInfo pod, Snapshot snapshot, List<NodeInfo> feasible) {
        boolean systemDefaulted = pod.spreadConstraints().isEmpty();
        List<TopologySpreadConstraint> cs = systemDefaulted ? systemDefaultConstraints(pod)
                : constraints(pod, false);
        if (cs.isEmpty() || snapshot.nodes().isEmpty()) {
            return Status.SKIP;
        }
        boolean requireAllTopologies = !systemDefaulted;
        Set<String> ignored = new HashSet<>();
        List<Map<String, Integer>> counts = new ArrayList<>(cs.size());
        cs.forEach(c -> counts.add(new HashMap<>()));
        // A node missing a (default) key is in upstream's "" domain: it counts as one more domain for
        // the weight, but its count is never read (Score skips keys the node lacks), so it is not kept.
        boolean[] missingDomain = new boolean[cs.size()];
        for (NodeInfo node : feasible) {
            if (requireAllTopologies && !hasAllKeys(node, cs)) {
                ignored.add(node.name());
                continue;
            }
            for (int i = 0; i < cs.size(); i++) {
                String key = cs.get(i).topologyKey();
                if (key.equals(HOSTNAME)) {
                    continue;
                }
                String value = node.labels().get(key);
                if (value == null) {
                    missingDomain[i] = true;
                } else {
                    counts.get(i).putIfAbsent(value, 0);
                }
            }
        }
        double[] weights = new double[cs.size()];
        boolean anyDomainToCount = false;
        for (int i = 0; i < cs.size(); i++) {
            int domains = cs.get(i).topologyKey().equals(HOSTNAME) ? feasible.size() - ignored.size()
                    : counts.get(i).size() + (missingDomain[i] ? 1 : 0);
            weights[i] = Math.log(domains + 2);
            anyDomainToCount |= !counts.get(i).isEmpty();
        }
        List<MatchingPodCounts.Counter> counters = new ArrayList<>(cs.size());
        for (TopologySpreadConstraint c : cs) {
            counters.add(matchingPods.counter(pod.namespace(), c.selector()));
        }
        if (anyDomainToCount) {
            countDomains(pod, snapshot, cs, counts, counters, requireAllTopologies);
        }
        state.write(ScoreState.class, new ScoreState(cs, counts, weights, ignored, counters, snapshot));
        return Status.SUCCESS;
    }

    /** Adds the matching pods of every qualifying node to the domains the feasible nodes are in. */
    private static void countDomains(PodInfo pod, Snapshot snapshot, List<TopologySpreadConstraint> cs,
                                     List<Map<String, Integer>> counts, List<MatchingPodCounts.Counter> counters,
                                     boolean requireAllTopologies) {
        List<NodeInfo> nodes = snapshot.nodes();
        for (int n = 0; n < nodes.size(); n++) {
            NodeInfo node = nodes.get(n);
            if (requireAllTopologies && !hasAllKeys(node, cs)) {
                continue;
            }
            for (int i = 0; i < cs.size(); i++) {
                TopologySpreadConstraint c = cs.get(i);
                String value = node.labels().get(c.topologyKey());
                Integer sum = value == null ? null : counts.get(i).get(value);
                if (sum != null && admits(c, pod, node)) {
                    counts.get(i).put(value, sum + counters.get(i).count(node, n));
                }
            }
        }
    }

    /** Sums {@code count × weight + (maxSkew − 1)} over the constraints whose key the node has. */
    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        ScoreState ss = state.read(ScoreState.class);
        if (ss.ignoredNodes().contains(node.name())) {
            return 0;
        }
        double score = 0;
        for (int i = 0; i < ss.constraints().size(); i++) {
            TopologySpreadConstraint c = ss.constraints().get(i);
            String value = node.labels().get(c.topologyKey());
            if (value == null) {
                continue;
            }
            int count = c.topologyKey().equals(HOSTNAME)
                    ? ss.counters().get(i).count(node, ss.snapshot().indexOf(node.name()))
                    : ss.counts().get(i).getOrDefault(value, 0);
            // maxSkew − 1 waters down the differences between domains (upstream's scoreForCount).
            score += count * ss.weights()[i] + (c.maxSkew() - 1);
        }
        return Math.round(score);
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        ScoreState ss = state.read(ScoreState.class);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < scores.length; i++) {
            if (ss.ignoredNodes().contains(nodes.get(i).name())) {
                continue;
            }
            min = Math.min(min, scores[i]);
            max = Math.max(max, scores[i]);
        }
        for (int i = 0; i < scores.length; i++) {
            if (ss.ignoredNodes().contains(nodes.get(i).name())) {
                scores[i] = 0;
            } else if (max == 0) {
                scores[i] = MAX_NODE_SCORE;
            } else {
                scores[i] = MAX_NODE_SCORE * (max + min - scores[i]) / max;
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Upstream's {@code defaultingType: System} constraints (hostname maxSkew 3, zone maxSkew 5, both
     * ScheduleAnyway) selecting the pod's siblings, or none when no Service or controller selects it.
     */
    private List<TopologySpreadConstraint> systemDefaultConstraints(PodInfo pod) {
        LabelSelector selector = DefaultSelector.of(pod, listers);
        if (selector.isEmpty()) {
            return List.of();
        }
        return List.of(
                new TopologySpreadConstraint(3, HOSTNAME, false, selector, 1, true, false),
                new TopologySpreadConstraint(5, ZONE, false, selector, 1, true, false));
    }

    private static List<TopologySpreadConstraint> constraints(PodInfo pod, boolean doNotSchedule) {
        List<TopologySpreadConstraint> out = new ArrayList<>(0);
        for (TopologySpreadConstraint c : pod.spreadConstraints()) {
            if (c.doNotSchedule() == doNotSchedule) {
                out.add(c);
            }
        }
        return out;
    }

    private static boolean hasAllKeys(NodeInfo node, List<TopologySpreadConstraint> cs) {
        for (TopologySpreadConstraint c : cs) {
            if (!node.labels().containsKey(c.topologyKey())) {
                return false;
            }
        }
        return true;
    }

    /** The node inclusion policies: node affinity honored by default, taints ignored by default. */
    private static boolean admits(TopologySpreadConstraint c, PodInfo pod, NodeInfo node) {
        if (c.honorNodeAffinity() && (!pod.nodeSelector().isEmpty() || pod.requiredNodeAffinity() != null)
                && !pod.matchesNodeSelectorAndAffinity(node.labels(), node.name())) {
            return false;
        }
        if (c.honorNodeTaints()) {
            for (Taint t : node.taints()) {
                if ((t.effect().equals(Taint.NO_SCHEDULE) || t.effect().equals(Taint.NO_EXECUTE))
                        && !Toleration.anyTolerates(pod.tolerations(), t)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int countMatching(NodeInfo node, TopologySpreadConstraint c, PodInfo pod) {
        return MatchingPodCounts.countMatching(node, pod.namespace(), c.selector());
    }
}
