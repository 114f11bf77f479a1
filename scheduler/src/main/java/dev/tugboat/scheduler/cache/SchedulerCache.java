package dev.tugboat.scheduler.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.scheduler.framework.NodeInfo;
import dev.tugboat.scheduler.framework.PodInfo;
import dev.tugboat.scheduler.framework.Snapshot;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The scheduler's view of nodes and the pods on them (upstream's {@code internal/cache}): updated
 * incrementally from informer events, plus the pods the scheduler has <em>assumed</em> onto a node
 * while their binding is in flight, so that their requests count at once. An assumed pod is confirmed
 * when the informer delivers it bound, and forgotten if its binding fails.
 *
 * <p>Every change bumps a generation and moves the node to the front of a recently-changed list, so
 * that {@link #updateSnapshot} copies only the nodes changed since the snapshot's generation instead
 * of all of them. Thread-safe (one lock; all operations are in-memory and short).
 */
public final class SchedulerCache {

    /** A node's info in the recently-changed list (most recent first). */
    private static final class Item {
        final NodeInfo info;
        Item prev;
        Item next;

        Item(NodeInfo info) {
            this.info = info;
        }
    }

    private final Object lock = new Object();
    private final Map<String, Item> nodes = new HashMap<>();
    /** Every pod the cache holds, by key: bound ones and assumed ones. */
    private final Map<String, PodInfo> pods = new HashMap<>();
    private final Set<String> assumed = new HashSet<>();
    private Item head;
    private long generation;
    /** Bumped when a node appears or disappears (the snapshot's node list must be rebuilt). */
    private long nodeSetGeneration;
    /** Bumped when a change may alter the snapshot's affinity lists. */
    private long affinityGeneration;

    // ------------------------------------------------------------------ nodes

    public void addOrUpdateNode(JsonNode node) {
        synchronized (lock) {
            String name = Meta.name(node);
            Item item = nodes.get(name);
            if (item == null) {
                item = new Item(new NodeInfo(name));
                nodes.put(name, item);
            }
            boolean had = item.info.hasNode();
            item.info.setNode(node);
            if (!had) {
                nodeSetGeneration++;
            }
            touch(item);
        }
    }

    public void removeNode(String name) {
        synchronized (lock) {
            Item item = nodes.get(name);
            if (item == null) {
                return;
            }
            item.info.removeNode();
            nodeSetGeneration++;
            if (item.info.pods().isEmpty()) {
                unlink(item);
                nodes.remove(name);
            } else {
                touch(item);
            }
        }
    }

    // ------------------------------------------------------------------ pods

    /**
     * A bound pod was added or changed (informer). Confirms an assumed pod; moves the pod if its node
     * changed.
     */
    public void addOrUpdatePod(PodInfo pod) {
        synchronized (lock) {
            PodInfo old = pods.get(pod.key());
            if (old != null) {
                removeFromNode(old);
            }
            assumed.remove(pod.key());
            pods.put(pod.key(), pod);
            addToNode(pod);
        }
    }

    /** A bound pod was deleted (informer), or left the node. */
    public void removePod(String key) {
        synchronized (lock) {
            PodInfo old = pods.remove(key);
            assumed.remove(key);
            if (old != null) {
                removeFromNode(old);
            }
        }
    }

    /**
     * Places a pod on its (assumed) node before it is bound, so that the next cycles count it.
     *
     * @throws IllegalStateException if the cache holds the pod already
     */
    public void assumePod(PodInfo pod) {
        synchronized (lock) {
            if (pods.containsKey(pod.key())) {
                throw new IllegalStateException("pod " + pod.key() + " is already in the cache");
            }
            pods.put(pod.key(), pod);
            assumed.add(pod.key());
            addToNode(pod);
        }
    }

    /** Undoes {@link #assumePod} after a failed binding (no-op if the pod was confirmed meanwhile). */
    public void forgetPod(PodInfo pod) {
        synchronized (lock) {
            if (assumed.remove(pod.key())) {
                PodInfo old = pods.remove(pod.key());
                if (old != null) {
                    removeFromNode(old);
                }
            }
        }
    }

    public boolean isAssumed(String key) {
        synchronized (lock) {
            return assumed.contains(key);
        }
    }

    /** Whether the cache holds the pod (bound or assumed). */
    public boolean contains(String key) {
        synchronized (lock) {
            return pods.containsKey(key);
        }
    }

    public int nodeCount() {
        synchronized (lock) {
            return nodes.size();
        }
    }

    private void addToNode(PodInfo pod) {
        Item item = nodes.get(pod.nodeName());
        if (item == null) {
            // The pod's node is not known yet (or is gone): keep a node info without a Node object.
            item = new Item(new NodeInfo(pod.nodeName()));
            nodes.put(pod.nodeName(), item);
        }
        item.info.addPod(pod);
        if (pod.hasAffinity()) {
            affinityGeneration++;
        }
        touch(item);
    }

    private void removeFromNode(PodInfo pod) {
        Item item = nodes.get(pod.nodeName());
        if (item == null) {
            return;
        }
        item.info.removePod(pod);
        if (pod.hasAffinity()) {
            affinityGeneration++;
        }
        if (!item.info.hasNode() && item.info.pods().isEmpty()) {
            unlink(item);
            nodes.remove(pod.nodeName());
            nodeSetGeneration++;
        } else {
            touch(item);
        }
    }

    // ------------------------------------------------------------------ generations and the snapshot

    private void touch(Item item) {
        item.info.generation = ++generation;
        if (head == item) {
            return;
        }
        unlink(item);
        item.next = head;
        if (head != null) {
            head.prev = item;
        }
        head = item;
    }

    private void unlink(Item item) {
        if (item.prev != null) {
            item.prev.next = item.next;
        }
        if (item.next != null) {
            item.next.prev = item.prev;
        }
        if (head == item) {
            head = item.next;
        }
        item.prev = null;
        item.next = null;
    }

    /**
     * Brings the snapshot up to date (upstream's {@code UpdateSnapshot}): copies the node infos changed
     * since the snapshot's generation, walking the recently-changed list from its head; rebuilds the
     * node list only when nodes came or went, and the affinity lists only when pods with affinity did.
     */
    public void updateSnapshot(Snapshot snapshot) {
        synchronized (lock) {
            boolean nodeSetChanged = snapshot.nodeSetGeneration != nodeSetGeneration;
            for (Item item = head; item != null && item.info.generation > snapshot.generation; item = item.next) {
                NodeInfo copy = item.info.snapshotCopy();
                snapshot.put(copy);
            }
            if (nodeSetChanged) {
                Set<String> gone = new HashSet<>();
                for (String name : snapshot.names()) {
                    if (!nodes.containsKey(name)) {
                        gone.add(name);
                    }
                }
                gone.forEach(snapshot::remove);
                snapshot.rebuildLists();
                snapshot.nodeSetGeneration = nodeSetGeneration;
            } else if (snapshot.affinityGeneration != affinityGeneration) {
                snapshot.rebuildAffinityLists();
            }
            snapshot.affinityGeneration = affinityGeneration;
            snapshot.generation = generation;
        }
    }
}
