package dev.tugboat.scheduler.plugins.interpodaffinity;

import dev.tugboat.scheduler.framework.AffinityTerm;
import dev.tugboat.scheduler.framework.ClusterEvent;
import dev.tugboat.scheduler.framework.CycleState;
import dev.tugboat.scheduler.framework.FilterPlugin;
import dev.tugboat.scheduler.framework.NamespaceLabels;
import dev.tugboat.scheduler.framework.NodeInfo;
import dev.tugboat.scheduler.framework.PodInfo;
import dev.tugboat.scheduler.framework.PreFilterPlugin;
import dev.tugboat.scheduler.framework.PreScorePlugin;
import dev.tugboat.scheduler.framework.ScorePlugin;
import dev.tugboat.scheduler.framework.Snapshot;
import dev.tugboat.scheduler.framework.Status;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Inter-pod affinity and anti-affinity (upstream's InterPodAffinity). The filter enforces existing
 * pods' required anti-affinity against the incoming pod, and the incoming pod's required anti-affinity
 * and affinity, per topology domain (counts precomputed once per cycle by PreFilter). The score adds
 * the weights of matching preferred terms (both directions; existing pods' required affinity counts
 * with weight 1) per domain and normalizes min..max to 0..100.
 */
public final class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {

    public static final String NAME = "InterPodAffinity";
    public static final String AFFINITY_REASON = "node(s) didn't match pod affinity rules";
    public static final String ANTI_AFFINITY_REASON = "node(s) didn't match pod anti-affinity rules";
    public static final String EXISTING_ANTI_AFFINITY_REASON = "node(s) didn't satisfy existing pods anti-affinity rules";
    /** Weight of existing pods' required affinity terms in scoring (upstream's hardPodAffinityWeight). */
    static final int HARD_POD_AFFINITY_WEIGHT = 1;

    /** Pod counts per topology domain, computed by PreFilter and adjusted by preemption dry runs. */
    static final class FilterState implements CycleState.StateData {
        final Map<TopologyPair, Integer> existingAntiAffinity;
        final Map<TopologyPair, Integer> affinity;
        final Map<TopologyPair, Integer> antiAffinity;
        final NamespaceLabels ns;

        FilterState(Map<TopologyPair, Integer> existing, Map<TopologyPair, Integer> affinity,
                    Map<TopologyPair, Integer> anti, NamespaceLabels ns) {
            this.ns = ns;
            this.existingAntiAffinity = existing;
            this.affinity = affinity;
            this.antiAffinity = anti;
        }

        @Override
        public FilterState copy() {
            return new FilterState(new HashMap<>(existingAntiAffinity), new HashMap<>(affinity),
                    new HashMap<>(antiAffinity), ns);
        }
    }

    /** Summed preferred weights per topology key and value. */
    record ScoreState(Map<String, Map<String, Long>> topologyScore) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> events() {
        return Set.of(ClusterEvent.ASSIGNED_POD_ADD, ClusterEvent.ASSIGNED_POD_UPDATE, ClusterEvent.ASSIGNED_POD_DELETE,
                ClusterEvent.NODE_ADD, ClusterEvent.NODE_UPDATE, ClusterEvent.NAMESPACE_CHANGE);
    }

    // ------------------------------------------------------------------ filter

    @Override
    public Status preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        boolean ownTerms = !pod.requiredAffinity().isEmpty() || !pod.requiredAntiAffinity().isEmpty();
        if (!ownTerms && snapshot.havePodsWithRequiredAntiAffinity().isEmpty()) {
            return Status.SKIP;
        }
        NamespaceLabels ns = snapshot.namespaceLabels();
        FilterState fs = new FilterState(new HashMap<>(), new HashMap<>(), new HashMap<>(), ns);
        for (NodeInfo node : snapshot.havePodsWithRequiredAntiAffinity()) {
            for (PodInfo existing : node.podsWithRequiredAntiAffinity()) {
                countExistingAntiAffinity(fs, pod, existing, node, ns, 1);
            }
        }
        if (ownTerms) {
            for (NodeInfo node : snapshot.nodes()) {
                for (PodInfo existing : node.pods()) {
                    countIncomingTerms(fs, pod, existing, node, ns, 1);
                }
            }
        }
        state.write(FilterState.class, fs);
        return Status.SUCCESS;
    }

    private static void countExistingAntiAffinity(FilterState fs, PodInfo pod, PodInfo existing, NodeInfo node,
                                                  NamespaceLabels ns, int delta) {
        for (AffinityTerm t : existing.requiredAntiAffinity()) {
            String value = node.labels().get(t.topologyKey());
            if (value != null && t.matches(pod, ns)) {
                fs.existingAntiAffinity.merge(new TopologyPair(t.topologyKey(), value), delta, Integer::sum);
            }
        }
    }

    private static void countIncomingTerms(FilterState fs, PodInfo pod, PodInfo existing, NodeInfo node,
                                           NamespaceLabels ns, int delta) {
        if (!pod.requiredAffinity().isEmpty() && matchesAll(pod.requiredAffinity(), existing, ns)) {
            for (AffinityTerm t : pod.requiredAffinity()) {
                String value = node.labels().get(t.topologyKey());
                if (value != null) {
                    fs.affinity.merge(new TopologyPair(t.topologyKey(), value), delta, Integer::sum);
                }
            }
        }
        for (AffinityTerm t : pod.requiredAntiAffinity()) {
            String value = node.labels().get(t.topologyKey());
            if (value != null && t.matches(existing, ns)) {
                fs.antiAffinity.merge(new TopologyPair(t.topologyKey(), value), delta, Integer::sum);
            }
        }
    }

    private static boolean matchesAll(List<AffinityTerm> terms, PodInfo pod, NamespaceLabels ns) {
        for (AffinityTerm t : terms) {
            if (!t.matches(pod, ns)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void addPod(CycleState state, PodInfo pod, PodInfo added, NodeInfo node) {
        update(state, pod, added, node, 1);
    }

    @Override
    public void removePod(CycleState state, PodInfo pod, PodInfo removed, NodeInfo node) {
        update(state, pod, removed, node, -1);
    }

    private void update(CycleState state, PodInfo pod, PodInfo other, NodeInfo node, int delta) {
        FilterState fs = state.read(FilterState.class);
        if (fs == null) {
            return;
        }
        countExistingAntiAffinity(fs, pod, other, node, fs.ns, delta);
        countIncomingTerms(fs, pod, other, node, fs.ns, delta);
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        FilterState fs = state.read(FilterState.class);
        if (fs == null) {
            return Status.SUCCESS;
        }
        if (!pod.requiredAffinity().isEmpty() && !satisfiesAffinity(fs, pod, node)) {
            return Status.unresolvable(AFFINITY_REASON);
        }
        if (!fs.antiAffinity.isEmpty()) {
            for (AffinityTerm t : pod.requiredAntiAffinity()) {
                String value = node.labels().get(t.topologyKey());
                if (value != null && fs.antiAffinity.getOrDefault(new TopologyPair(t.topologyKey(), value), 0) > 0) {
                    return Status.unschedulable(ANTI_AFFINITY_REASON);
                }
            }
        }
        if (!fs.existingAntiAffinity.isEmpty()) {
            for (var label : node.labels().entrySet()) {
                if (fs.existingAntiAffinity.getOrDefault(new TopologyPair(label.getKey(), label.getValue()), 0) > 0) {
                    return Status.unschedulable(EXISTING_ANTI_AFFINITY_REASON);
                }
            }
        }
        return Status.SUCCESS;
    }

    private static boolean satisfiesAffinity(FilterState fs, PodInfo pod, NodeInfo node) {
        boolean podsExist = true;
        for (AffinityTerm t : pod.requiredAffinity()) {
            String value = node.labels().get(t.topologyKey());
            if (value == null) {
                return false;
            }
            if (fs.affinity.getOrDefault(new TopologyPair(t.topologyKey(), value), 0) <= 0) {
                podsExist = false;
            }
        }
        if (podsExist) {
            return true;
        }
        // The first pod of a group that selects itself may go anywhere the topology keys exist.
        return fs.affinity.isEmpty() && matchesAll(pod.requiredAffinity(), pod, fs.ns);
    }

    // ------------------------------------------------------------------ score

    @Override
    public Status preScore(CycleState state, PodInfo pod, Snapshot snapshot, List<NodeInfo> feasible) {
        boolean own = !pod.preferredAffinity().isEmpty() || !pod.preferredAntiAffinity().isEmpty();
        if (!own && snapshot.havePodsWithAffinity().isEmpty()) {
            return Status.SKIP;
        }
        NamespaceLabels ns = snapshot.namespaceLabels();
        Map<String, Map<String, Long>> scores = new HashMap<>();
        for (NodeInfo node : own ? snapshot.nodes() : snapshot.havePodsWithAffinity()) {
            for (PodInfo existing : own ? node.pods() : node.podsWithAffinity()) {
                for (AffinityTerm t : pod.preferredAffinity()) {
                    if (t.matches(existing, ns)) {
                        add(scores, node, t.topologyKey(), t.weight());
                    }
                }
                for (AffinityTerm t : pod.preferredAntiAffinity()) {
                    if (t.matches(existing, ns)) {
                        add(scores, node, t.topologyKey(), -t.weight());
                    }
                }
                for (AffinityTerm t : existing.requiredAffinity()) {
                    if (t.matches(pod, ns)) {
                        add(scores, node, t.topologyKey(), HARD_POD_AFFINITY_WEIGHT);
                    }
                }
                for (AffinityTerm t : existing.preferredAffinity()) {
                    if (t.matches(pod, ns)) {
                        add(scores, node, t.topologyKey(), t.weight());
                    }
                }
                for (AffinityTerm t : existing.preferredAntiAffinity()) {
                    if (t.matches(pod, ns)) {
                        add(scores, node, t.topologyKey(), -t.weight());
                    }
                }
            }
        }
        if (scores.isEmpty()) {
            return Status.SKIP;
        }
        state.write(ScoreState.class, new ScoreState(scores));
        return Status.SUCCESS;
    }

    private static void add(Map<String, Map<String, Long>> scores, NodeInfo node, String key, long weight) {
        String value = node.labels().get(key);
        if (key.isEmpty() || value == null || weight == 0) {
            return;
        }
        scores.computeIfAbsent(key, k -> new HashMap<>()).merge(value, weight, Long::sum);
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        ScoreState ss = state.read(ScoreState.class);
        long score = 0;
        for (var e : ss.topologyScore().entrySet()) {
            String value = node.labels().get(e.getKey());
            if (value != null) {
                score += e.getValue().getOrDefault(value, 0L);
            }
        }
        return score;
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long s : scores) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        long diff = max - min;
        for (int i = 0; i < scores.length; i++) {
            scores[i] = diff > 0 ? (long) (MAX_NODE_SCORE * ((double) (scores[i] - min) / diff)) : 0;
        }
    }
}
