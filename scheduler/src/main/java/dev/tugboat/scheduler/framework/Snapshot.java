package dev.tugboat.scheduler.framework;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster as one scheduling cycle sees it (upstream's {@code cache.Snapshot}): node infos in a
 * stable order, by name, and the nodes that hold pods with (anti-)affinity terms. Updated
 * incrementally by the scheduler cache between cycles; read-only during a cycle.
 */
public final class Snapshot {

    final List<NodeInfo> nodes = new ArrayList<>();
    final Map<String, NodeInfo> byName = new HashMap<>();
    private final Map<String, Integer> position = new HashMap<>();
    List<NodeInfo> withAffinity = List.of();
    List<NodeInfo> withRequiredAntiAffinity = List.of();
    /** The cache generation this snapshot reflects. */
    public long generation;
    /** The cache's node-set generation this snapshot reflects (nodes added or removed). */
    public long nodeSetGeneration = -1;
    /** The cache's generation of pods with affinity terms this snapshot reflects. */
    public long affinityGeneration = -1;
    private final NamespaceLabels namespaceLabels;

    public Snapshot(NamespaceLabels namespaceLabels) {
        this.namespaceLabels = namespaceLabels;
    }

    /** A snapshot of fixed nodes (tests, preemption simulations). */
    public static Snapshot of(List<NodeInfo> nodeInfos, NamespaceLabels namespaceLabels) {
        Snapshot s = new Snapshot(namespaceLabels);
        for (NodeInfo n : nodeInfos) {
            s.byName.put(n.name(), n);
        }
        s.rebuildLists();
        return s;
    }

    /** The nodes (those with a Node object), in a stable order. */
    public List<NodeInfo> nodes() {
        return nodes;
    }

    public NodeInfo get(String name) {
        return byName.get(name);
    }

    /** The node's index in {@link #nodes()}, or -1 if it is not there. */
    public int indexOf(String name) {
        Integer i = position.get(name);
        return i == null ? -1 : i;
    }

    public List<NodeInfo> havePodsWithAffinity() {
        return withAffinity;
    }

    public List<NodeInfo> havePodsWithRequiredAntiAffinity() {
        return withRequiredAntiAffinity;
    }

    public NamespaceLabels namespaceLabels() {
        return namespaceLabels;
    }

    /** Replaces (or adds) one node's info; call {@link #rebuildLists} afterwards if the node set
     * (or a node's having a Node object) changed. */
    public void put(NodeInfo info) {
        NodeInfo old = byName.put(info.name(), info);
        Integer i = old == null ? null : position.get(info.name());
        if (i != null && info.hasNode()) {
            nodes.set(i, info);
        }
    }

    public void remove(String name) {
        byName.remove(name);
    }

    public Iterable<String> names() {
        return byName.keySet();
    }

    /** Recomputes the node order and the affinity lists from {@code byName}. */
    public void rebuildLists() {
        nodes.clear();
        for (NodeInfo n : byName.values()) {
            if (n.hasNode()) {
                nodes.add(n);
            }
        }
        nodes.sort((a, b) -> a.name().compareTo(b.name()));
        position.clear();
        for (int i = 0; i < nodes.size(); i++) {
            position.put(nodes.get(i).name(), i);
        }
        rebuildAffinityLists();
    }

    /** Recomputes only the lists of nodes that hold pods with affinity terms. */
    public void rebuildAffinityLists() {
        List<NodeInfo> aff = new ArrayList<>();
        List<NodeInfo> anti = new ArrayList<>();
        for (NodeInfo n : nodes) {
            if (!n.podsWithAffinity().isEmpty()) {
                aff.add(n);
            }
            if (!n.podsWithRequiredAntiAffinity().isEmpty()) {
                anti.add(n);
            }
        }
        withAffinity = aff;
        withRequiredAntiAffinity = anti;
    }
}
