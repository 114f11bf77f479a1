package dev.tugboat.scheduler.plugins;

import dev.tugboat.scheduler.framework.Framework;
import dev.tugboat.scheduler.framework.Plugin;
import dev.tugboat.scheduler.plugins.defaultbinder.DefaultBinder;
import dev.tugboat.scheduler.plugins.defaultpreemption.DefaultPreemption;
import dev.tugboat.scheduler.plugins.defaultpreemption.DisruptionBudget;
import dev.tugboat.scheduler.plugins.defaultpreemption.Preemptor;
import dev.tugboat.scheduler.plugins.interpodaffinity.InterPodAffinity;
import dev.tugboat.scheduler.plugins.nodeaffinity.NodeAffinity;
import dev.tugboat.scheduler.plugins.nodename.NodeName;
import dev.tugboat.scheduler.plugins.nodeports.NodePorts;
import dev.tugboat.scheduler.plugins.noderesources.BalancedAllocation;
import dev.tugboat.scheduler.plugins.noderesources.Fit;
import dev.tugboat.scheduler.plugins.nodeunschedulable.NodeUnschedulable;
import dev.tugboat.scheduler.plugins.podtopologyspread.PodTopologySpread;
import dev.tugboat.scheduler.plugins.podtopologyspread.SpreadListers;
import dev.tugboat.scheduler.plugins.tainttoleration.TaintToleration;
import dev.tugboat.scheduler.plugins.volumebinding.VolumeBinding;
import dev.tugboat.scheduler.plugins.volumebinding.VolumeListers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The default profile: upstream's default plugins in upstream's order, with upstream's score weights
 * (TaintToleration 3; NodeAffinity, PodTopologySpread and InterPodAffinity 2; the resource scores 1).
 */
public final class DefaultPlugins {

    public static final Map<String, Integer> SCORE_WEIGHTS = Map.of(
            TaintToleration.NAME, 3,
            NodeAffinity.NAME, 2,
            Fit.NAME, 1,
            PodTopologySpread.NAME, 2,
            InterPodAffinity.NAME, 2,
            BalancedAllocation.NAME, 1);

    private DefaultPlugins() {
    }

    /**
     * The plugins in extension-point order.
     *
     * @param framework   the framework they end up in (preemption runs its filters)
     * @param preemptor   carries out preemption decisions
     * @param budgets     the current PodDisruptionBudgets
     * @param volumes     claim, volume and class listers
     * @param spread      Services and controllers, for the default topology spreading
     * @param postBinding POSTs a Binding in a namespace
     */
    public static List<Plugin> plugins(Supplier<Framework> framework, Preemptor preemptor,
                                       Supplier<List<DisruptionBudget>> budgets, VolumeListers volumes,
                                       SpreadListers spread, BiConsumer<String, ObjectNode> postBinding) {
        return List.of(
                new NodeUnschedulable(),
                new NodeName(),
                new TaintToleration(),
                new NodeAffinity(),
                new NodePorts(),
                new Fit(),
                new VolumeBinding(volumes),
                new PodTopologySpread(spread),
                new InterPodAffinity(),
                new BalancedAllocation(),
                new DefaultPreemption(framework, preemptor, budgets),
                new DefaultBinder(postBinding));
    }

    /**
     * The default framework without I/O (tests): no preemption hand-off, no volumes, no binding, and
     * no Services or controllers for default spreading.
     */
    public static Framework pureFramework() {
        return pureFramework(SpreadListers.NONE);
    }

    /** The default framework without I/O, with the given Services and controllers (tests). */
    public static Framework pureFramework(SpreadListers spread) {
        Framework[] holder = new Framework[1];
        holder[0] = new Framework(plugins(() -> holder[0], (p, n, v) -> { }, List::of, NO_VOLUMES, spread,
                (ns, b) -> { }), SCORE_WEIGHTS);
        return holder[0];
    }

    /** Listers that know no claims, volumes or classes. */
    public static final VolumeListers NO_VOLUMES = new VolumeListers() {
        @Override
        public ObjectNode claim(String namespace, String name) {
            return null;
        }

        @Override
        public ObjectNode volume(String name) {
            return null;
        }

        @Override
        public ObjectNode storageClass(String name) {
            return null;
        }

        @Override
        public void selectNode(String namespace, String claim, String node) {
        }
    };
}
