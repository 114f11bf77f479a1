package dev.tugboat.scheduler.framework;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the plugins of one scheduler profile at each extension point, in registration order (upstream's
 * {@code frameworkImpl}). Filters stop at a node's first rejection; PreFilter and PreScore may skip a
 * plugin's later point for the current pod. Stateless apart from the plugins: per-pod data lives in the
 * {@link CycleState}.
 */
public final class Framework {

    /** A score plugin and its weight. */
    public record WeightedScore(ScorePlugin plugin, int weight) {
    }

    /** The filters (and pre-filters) not skipped for the current pod. */
    private record ActivePlugins(FilterPlugin[] filters, List<PreFilterPlugin> preFilters) {
    }

    private final List<Plugin> plugins;
    private final List<PreFilterPlugin> preFilters = new ArrayList<>();
    private final List<FilterPlugin> filters = new ArrayList<>();
    private final List<PostFilterPlugin> postFilters = new ArrayList<>();
    private final List<PreScorePlugin> preScores = new ArrayList<>();
    private final List<WeightedScore> scores = new ArrayList<>();
    private final List<ReservePlugin> reserves = new ArrayList<>();
    private final List<PreBindPlugin> preBinds = new ArrayList<>();
    private final List<BindPlugin> binds = new ArrayList<>();

    /**
     * @param plugins      in the order their extension points run
     * @param scoreWeights weight by plugin name for score plugins (1 when absent)
     */
    public Framework(List<Plugin> plugins, Map<String, Integer> scoreWeights) {
        this.plugins = List.copyOf(plugins);
        for (Plugin p : plugins) {
            if (p instanceof PreFilterPlugin x) {
                preFilters.add(x);
            }
            if (p instanceof FilterPlugin x) {
                filters.add(x);
            }
            if (p instanceof PostFilterPlugin x) {
                postFilters.add(x);
            }
            if (p instanceof PreScorePlugin x) {
                preScores.add(x);
            }
            if (p instanceof ScorePlugin x) {
                scores.add(new WeightedScore(x, scoreWeights.getOrDefault(p.name(), 1)));
            }
            if (p instanceof ReservePlugin x) {
                reserves.add(x);
            }
            if (p instanceof PreBindPlugin x) {
                preBinds.add(x);
            }
            if (p instanceof BindPlugin x) {
                binds.add(x);
            }
        }
    }

    public List<Plugin> plugins() {
        return plugins;
    }

    public boolean hasFilters() {
        return !filters.isEmpty();
    }

    /** Runs every PreFilter; the first rejection (attributed to its plugin) ends the cycle for all nodes. */
    public Status runPreFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        Set<String> skipped = new HashSet<>();
        List<PreFilterPlugin> active = new ArrayList<>(preFilters.size());
        for (PreFilterPlugin p : preFilters) {
            Status s = p.preFilter(state, pod, snapshot);
            if (s.isSkip()) {
                skipped.add(p.name());
                continue;
            }
            if (!s.isSuccess()) {
                return s.withPlugin(p.name());
            }
            active.add(p);
        }
        List<FilterPlugin> fs = new ArrayList<>(filters.size());
        for (FilterPlugin f : filters) {
            if (!skipped.contains(f.name())) {
                fs.add(f);
            }
        }
        state.write(ActivePlugins.class, new ActivePlugins(fs.toArray(FilterPlugin[]::new), active));
        return Status.SUCCESS;
    }

    /** Runs the active filters on one node; returns the first rejection (attributed) or SUCCESS. */
    public Status runFilters(CycleState state, PodInfo pod, NodeInfo node) {
        ActivePlugins active = state.read(ActivePlugins.class);
        FilterPlugin[] fs = active == null ? filters.toArray(FilterPlugin[]::new) : active.filters();
        for (FilterPlugin f : fs) {
            Status s = f.filter(state, pod, node);
            if (!s.isSuccess()) {
                return s.withPlugin(f.name());
            }
        }
        return Status.SUCCESS;
    }

    /** Tells the active PreFilter plugins that {@code added} is (hypothetically) placed on {@code node}. */
    public void runAddPod(CycleState state, PodInfo pod, PodInfo added, NodeInfo node) {
        ActivePlugins active = state.read(ActivePlugins.class);
        for (PreFilterPlugin p : active == null ? preFilters : active.preFilters()) {
            p.addPod(state, pod, added, node);
        }
    }

    /** Tells the active PreFilter plugins that {@code removed} (hypothetically) left {@code node}. */
    public void runRemovePod(CycleState state, PodInfo pod, PodInfo removed, NodeInfo node) {
        ActivePlugins active = state.read(ActivePlugins.class);
        for (PreFilterPlugin p : active == null ? preFilters : active.preFilters()) {
            p.removePod(state, pod, removed, node);
        }
    }

    /** Runs PostFilter plugins until one nominates a node; returns the last result otherwise. */
    public PostFilterPlugin.PostFilterResult runPostFilter(CycleState state, PodInfo pod, Snapshot snapshot,
                                                           Map<String, Status> nodeStatuses) {
        PostFilterPlugin.PostFilterResult last = new PostFilterPlugin.PostFilterResult("",
                Status.unschedulable());
        for (PostFilterPlugin p : postFilters) {
            PostFilterPlugin.PostFilterResult r = p.postFilter(state, pod, snapshot, nodeStatuses);
            if (r.status().isSuccess()) {
                return r;
            }
            last = r;
        }
        return last;
    }

    /**
     * Runs PreScore and Score for the feasible nodes and returns each node's weighted total
     * (parallel to {@code feasible}).
     */
    public long[] runScore(CycleState state, PodInfo pod, Snapshot snapshot, List<NodeInfo> feasible) {
        Set<String> skipped = new HashSet<>();
        for (PreScorePlugin p : preScores) {
            Status s = p.preScore(state, pod, snapshot, feasible);
            if (s.isSkip()) {
                skipped.add(p.name());
            }
        }
        long[] total = new long[feasible.size()];
        long[] scratch = new long[feasible.size()];
        for (WeightedScore ws : scores) {
            ScorePlugin p = ws.plugin();
            if (skipped.contains(p.name())) {
                continue;
            }
            for (int i = 0; i < scratch.length; i++) {
                scratch[i] = p.score(state, pod, feasible.get(i));
            }
            p.normalize(state, pod, feasible, scratch);
            for (int i = 0; i < scratch.length; i++) {
                total[i] += scratch[i] * ws.weight();
            }
        }
        return total;
    }

    /** Runs Reserve plugins; on a failure the ones already run are unreserved. */
    public Status runReserve(CycleState state, PodInfo pod, String nodeName) {
        for (int i = 0; i < reserves.size(); i++) {
            Status s = reserves.get(i).reserve(state, pod, nodeName);
            if (!s.isSuccess()) {
                for (int j = i; j >= 0; j--) {
                    reserves.get(j).unreserve(state, pod, nodeName);
                }
                return s.withPlugin(reserves.get(i).name());
            }
        }
        return Status.SUCCESS;
    }

    public void runUnreserve(CycleState state, PodInfo pod, String nodeName) {
        for (int j = reserves.size() - 1; j >= 0; j--) {
            reserves.get(j).unreserve(state, pod, nodeName);
        }
    }

    public Status runPreBind(CycleState state, PodInfo pod, String nodeName) {
        for (PreBindPlugin p : preBinds) {
            Status s = p.preBind(state, pod, nodeName);
            if (!s.isSuccess()) {
                return s.withPlugin(p.name());
            }
        }
        return Status.SUCCESS;
    }

    /** Runs the first bind plugin that does not skip the pod. */
    public Status runBind(CycleState state, PodInfo pod, String nodeName) {
        for (BindPlugin p : binds) {
            Status s = p.bind(state, pod, nodeName);
            if (!s.isSkip()) {
                return s.withPlugin(p.name());
            }
        }
        return Status.error("no bind plugin bound the pod");
    }
}
