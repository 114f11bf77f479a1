package dev.tugboat.scheduler.framework;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node and the pods on it, with running totals (upstream's {@code framework.NodeInfo}): allocatable,
 * requested and non-zero requested resources, used host ports, and the pods that carry affinity terms.
 * Updated incrementally by the scheduler cache; the snapshot holds clones, which the scheduling cycle
 * reads without locks. Not thread-safe.
 */
public final class NodeInfo {

    private String name;
    private Map<String, String> labels = Map.of();
    private List<Taint> taints = List.of();
    private boolean unschedulable;
    private boolean hasNode;
    private Resource allocatable = new Resource();
    private final Resource requested;
    private long nonZeroMilliCpu;
    private long nonZeroMemory;
    private final List<PodInfo> pods;
    private final List<PodInfo> podsWithAffinity;
    private final List<PodInfo> podsWithRequiredAntiAffinity;
    private final List<HostPort> usedPorts;
    /** The cache's generation at this node's last change. */
    public long generation;

    public NodeInfo(String name) {
        this.name = name;
        this.requested = new Resource();
        this.pods = new ArrayList<>();
        this.podsWithAffinity = new ArrayList<>(0);
        this.podsWithRequiredAntiAffinity = new ArrayList<>(0);
        this.usedPorts = new ArrayList<>(0);
    }

    private NodeInfo(NodeInfo o) {
        this.name = o.name;
        this.labels = o.labels;
        this.taints = o.taints;
        this.unschedulable = o.unschedulable;
        this.hasNode = o.hasNode;
        this.allocatable = o.allocatable;
        this.requested = o.requested.copy();
        this.nonZeroMilliCpu = o.nonZeroMilliCpu;
        this.nonZeroMemory = o.nonZeroMemory;
        this.pods = new ArrayList<>(o.pods);
        this.podsWithAffinity = new ArrayList<>(o.podsWithAffinity);
        this.podsWithRequiredAntiAffinity = new ArrayList<>(o.podsWithRequiredAntiAffinity);
        this.usedPorts = new ArrayList<>(o.usedPorts);
        this.generation = o.generation;
    }

    /** A node of the given shape (for tests and callers that build nodes by hand). */
    public static NodeInfo of(String name, Map<String, String> labels, List<Taint> taints, boolean unschedulable,
                              Resource allocatable) {
        NodeInfo n = new NodeInfo(name);
        n.labels = Map.copyOf(labels);
        n.taints = List.copyOf(taints);
        n.unschedulable = unschedulable;
        n.allocatable = allocatable;
        n.hasNode = true;
        return n;
    }

    /** An independent copy (the pod objects are shared: they are immutable). */
    public NodeInfo snapshotCopy() {
        return new NodeInfo(this);
    }

    /** Takes the node's labels, taints, unschedulable flag and allocatable from its JSON. */
    public void setNode(JsonNode node) {
        this.name = Meta.name(node);
        this.labels = Map.copyOf(Meta.labels(node));
        this.taints = Taint.listFrom(node.path("spec").path("taints"));
        this.unschedulable = node.path("spec").path("unschedulable").asBoolean(false);
        JsonNode alloc = node.path("status").path("allocatable");
        this.allocatable = Resource.fromResourceList(alloc.isObject() && !alloc.isEmpty()
                ? alloc : node.path("status").path("capacity"));
        this.hasNode = true;
    }

    /** Forgets the node object; the pods stay until they are removed (upstream keeps such "ghost" nodes). */
    public void removeNode() {
        this.hasNode = false;
    }

    public void addPod(PodInfo pod) {
        pods.add(pod);
        if (pod.hasAffinity()) {
            podsWithAffinity.add(pod);
        }
        if (!pod.requiredAntiAffinity().isEmpty()) {
            podsWithRequiredAntiAffinity.add(pod);
        }
        requested.add(pod.requests());
        nonZeroMilliCpu += pod.nonZeroMilliCpu();
        nonZeroMemory += pod.nonZeroMemory();
        usedPorts.addAll(pod.hostPorts());
    }

    /** Removes the pod with the same key; returns false if it is not on this node. */
    public boolean removePod(PodInfo pod) {
        for (int i = 0; i < pods.size(); i++) {
            PodInfo p = pods.get(i);
            if (p.key().equals(pod.key())) {
                pods.remove(i);
                podsWithAffinity.removeIf(a -> a.key().equals(p.key()));
                podsWithRequiredAntiAffinity.removeIf(a -> a.key().equals(p.key()));
                requested.subtract(p.requests());
                nonZeroMilliCpu -= p.nonZeroMilliCpu();
                nonZeroMemory -= p.nonZeroMemory();
                for (HostPort hp : p.hostPorts()) {
                    usedPorts.remove(hp);
                }
                return true;
            }
        }
        return false;
    }

    public String name() {
        return name;
    }

    public boolean hasNode() {
        return hasNode;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public List<Taint> taints() {
        return taints;
    }

    public boolean unschedulable() {
        return unschedulable;
    }

    /** Allocatable resources; allowedPodNumber is the node's pod capacity. Never mutate. */
    public Resource allocatable() {
        return allocatable;
    }

    /** Sum of the pods' requests. Never mutate. */
    public Resource requested() {
        return requested;
    }

    public long nonZeroMilliCpu() {
        return nonZeroMilliCpu;
    }

    public long nonZeroMemory() {
        return nonZeroMemory;
    }

    public List<PodInfo> pods() {
        return pods;
    }

    public List<PodInfo> podsWithAffinity() {
        return podsWithAffinity;
    }

    public List<PodInfo> podsWithRequiredAntiAffinity() {
        return podsWithRequiredAntiAffinity;
    }

    public List<HostPort> usedPorts() {
        return usedPorts;
    }

    @Override
    public String toString() {
        return "NodeInfo{" + name + ", pods=" + pods.size() + ", requested=" + requested + "}";
    }
}
