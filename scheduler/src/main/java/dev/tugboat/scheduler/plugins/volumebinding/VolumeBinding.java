package dev.tugboat.scheduler.plugins.volumebinding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.scheduler.framework.ClusterEvent;
import dev.tugboat.scheduler.framework.CycleState;
import dev.tugboat.scheduler.framework.FilterPlugin;
import dev.tugboat.scheduler.framework.NodeInfo;
import dev.tugboat.scheduler.framework.NodeSelector;
import dev.tugboat.scheduler.framework.PodInfo;
import dev.tugboat.scheduler.framework.PreBindPlugin;
import dev.tugboat.scheduler.framework.PreFilterPlugin;
import dev.tugboat.scheduler.framework.Snapshot;
import dev.tugboat.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The basics of upstream's VolumeBinding: a pod's claims must exist and not be terminating; an
 * unbound claim whose class binds immediately makes the pod unschedulable until the PV controller
 * binds it; a bound volume's node affinity must admit the node; a claim whose class waits for the
 * first consumer gets the chosen node in its {@code volume.kubernetes.io/selected-node} annotation
 * before the pod is bound, so that the provisioner can create a volume there.
 */
public final class VolumeBinding implements PreFilterPlugin, FilterPlugin, PreBindPlugin {

    public static final String NAME = "VolumeBinding";
    public static final String UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";
    public static final String NODE_CONFLICT = "node(s) had volume node affinity conflict";
    public static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";

    /** Bound volumes' node affinities and claims that wait for a node. */
    record State(List<NodeSelector> volumeAffinities, List<String> delayedClaims) {
    }

    private final VolumeListers listers;

    public VolumeBinding(VolumeListers listers) {
        this.listers = listers;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> events() {
        return Set.of(ClusterEvent.PVC_CHANGE, ClusterEvent.PV_CHANGE, ClusterEvent.STORAGE_CLASS_CHANGE,
                ClusterEvent.NODE_ADD, ClusterEvent.NODE_UPDATE);
    }

    @Override
    public Status preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        if (pod.claimNames().isEmpty()) {
            return Status.SKIP;
        }
        List<NodeSelector> affinities = new ArrayList<>();
        List<String> delayed = new ArrayList<>();
        boolean unboundImmediate = false;
        for (String claimName : pod.claimNames()) {
            ObjectNode claim = listers.claim(pod.namespace(), claimName);
            if (claim == null) {
                return Status.unresolvable("persistentvolumeclaim \"" + claimName + "\" not found");
            }
            if (Meta.isDeleting(claim)) {
                return Status.unresolvable("persistentvolumeclaim \"" + claimName + "\" is being deleted");
            }
            String volumeName = claim.path("spec").path("volumeName").asText("");
            if (!volumeName.isEmpty()) {
                ObjectNode pv = listers.volume(volumeName);
                if (pv == null) {
                    return Status.unresolvable("persistentvolume \"" + volumeName + "\" not found");
                }
                JsonNode required = pv.path("spec").path("nodeAffinity").path("required");
                if (required.isObject()) {
                    affinities.add(NodeSelector.fromTerms(required.path("nodeSelectorTerms")));
                }
                continue;
            }
            ObjectNode sc = listers.storageClass(claim.path("spec").path("storageClassName").asText(""));
            if (sc != null && "WaitForFirstConsumer".equals(sc.path("volumeBindingMode").asText(""))) {
                delayed.add(claimName);
            } else {
                unboundImmediate = true;
            }
        }
        if (unboundImmediate) {
            return Status.unresolvable(UNBOUND_IMMEDIATE);
        }
        state.write(State.class, new State(List.copyOf(affinities), List.copyOf(delayed)));
        return Status.SUCCESS;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        State s = state.read(State.class);
        if (s == null) {
            return Status.SUCCESS;
        }
        for (NodeSelector affinity : s.volumeAffinities()) {
            if (!affinity.matches(node.labels(), node.name())) {
                return Status.unresolvable(NODE_CONFLICT);
            }
        }
        return Status.SUCCESS;
    }

    @Override
    public Status preBind(CycleState state, PodInfo pod, String nodeName) {
        State s = state.read(State.class);
        if (s == null) {
            return Status.SUCCESS;
        }
        for (String claim : s.delayedClaims()) {
            ObjectNode current = listers.claim(pod.namespace(), claim);
            if (current != null && current.path("spec").path("volumeName").asText("").isEmpty()
                    && !nodeName.equals(Meta.annotations(current).get(SELECTED_NODE))) {
                listers.selectNode(pod.namespace(), claim, nodeName);
            }
        }
        return Status.SUCCESS;
    }
}
