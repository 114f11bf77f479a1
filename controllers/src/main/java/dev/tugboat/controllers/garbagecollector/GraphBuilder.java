package dev.tugboat.controllers.garbagecollector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.events.EventRecorder;
import dev.tugboat.client.queue.WorkQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintains the dependency graph from ownerReferences (upstream's GraphBuilder) and decides which
 * nodes the collector must look at: it consumes {@link GraphEvent}s on one thread, in order, and adds
 * node uids to the attempt-to-delete and attempt-to-orphan queues.
 *
 * <p>Only the builder thread mutates the graph ({@link #process} is its body, and tests call it
 * directly); {@link #node} and {@link #submit} are safe from any thread.
 */
final class GraphBuilder {

    static final String FOREGROUND_FINALIZER = "foregroundDeletion";
    static final String ORPHAN_FINALIZER = "orphan";
    private static final Logger LOG = LoggerFactory.getLogger(GraphBuilder.class);

    private final Map<String, Node> uidToNode = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<GraphEvent> changes = new LinkedBlockingQueue<>();
    private final WorkQueue<String> attemptToDelete;
    private final WorkQueue<String> attemptToOrphan;
    private final AbsentOwnerCache absentOwners;
    private final EventRecorder events;
    private volatile boolean stopped;
    private Thread thread;

    GraphBuilder(WorkQueue<String> attemptToDelete, WorkQueue<String> attemptToOrphan, AbsentOwnerCache absentOwners,
                 EventRecorder events) {
        this.attemptToDelete = attemptToDelete;
        this.attemptToOrphan = attemptToOrphan;
        this.absentOwners = absentOwners;
        this.events = events;
    }

    Optional<Node> node(String uid) {
        return Optional.ofNullable(uidToNode.get(uid));
    }

    /** Queues a change for the builder thread. */
    void submit(GraphEvent e) {
        changes.add(e);
    }

    /** Tells the builder that the server confirmed {@code identity} does not exist. */
    void submitVirtualDelete(ObjectReference identity) {
        submit(virtualDelete(identity));
    }

    /** The event of a confirmed absence of {@code identity}. */
    static GraphEvent virtualDelete(ObjectReference identity) {
        ObjectNode obj = Json.object();
        obj.putObject("metadata").put("name", identity.name()).put("namespace", identity.namespace())
                .put("uid", identity.uid());
        return new GraphEvent(GraphEvent.Type.DELETE, obj, null, identity.groupVersionKind(), true);
    }

    void start() {
        thread = Thread.ofVirtual().name("gc-graph-builder").start(() -> {
            while (!stopped) {
                try {
                    process(changes.take());
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.error("graph builder: failed to process a change", e);
                }
            }
        });
    }

    void stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    // ------------------------------------------------------------------ processing

    /** Applies one change to the graph. Builder thread only. */
    void process(GraphEvent e) {
        String uid = Meta.uid(e.obj());
        Node existing = uidToNode.get(uid);
        if (existing != null && !e.virtual() && !existing.isObserved()) {
            observe(existing, ObjectReference.of(e.kind(), e.obj()));
        }
        switch (e.type()) {
            case ADD, UPDATE -> {
                if (existing == null) {
                    addNode(e);
                } else {
                    updateNode(existing, e);
                }
            }
            case DELETE -> {
                if (existing != null) {
                    deleteNode(existing, e);
                }
            }
        }
    }

    /** A virtual node's object was seen: its real identity replaces the guessed one. */
    private void observe(Node n, ObjectReference observed) {
        if (!observed.equals(n.identity())) {
            // Dependents that named it with other coordinates may be wrong: let the collector check them.
            Partition p = partitionDependents(n.dependents(), observed);
            for (Node dep : p.nonMatching()) {
                if (!observed.namespace().isEmpty() && !dep.identity().namespace().equals(observed.namespace())) {
                    reportInvalidNamespaceOwnerRef(dep, observed.uid());
                }
                attemptToDelete.add(dep.uid());
            }
            n.setIdentity(observed);
        }
        n.markObserved();
    }

    private void addNode(GraphEvent e) {
        JsonNode obj = e.obj();
        boolean deleting = Meta.isDeleting(obj);
        Node n = Node.observed(ObjectReference.of(e.kind(), obj), OwnerReference.of(obj), deleting,
                deleting && Meta.finalizers(obj).contains(FOREGROUND_FINALIZER));
        uidToNode.put(n.uid(), n);
        addDependentToOwners(n, n.owners());
        processTransitions(e.oldObj(), obj, n);
    }

    private void updateNode(Node n, GraphEvent e) {
        JsonNode obj = e.obj();
        ObjectReference id = n.identity();
        if (!e.virtual() && (!id.apiVersion().equals(e.kind().apiVersion()) || !id.kind().equals(e.kind().kind()))) {
            n.setIdentity(id.withKind(e.kind()));
        }
        List<OwnerReference> newOwners = OwnerReference.of(obj);
        Diff d = diff(n.owners(), newOwners);
        if (!d.isEmpty()) {
            addUnblockedOwnersToDeleteQueue(d);
            n.setOwners(newOwners);
            addDependentToOwners(n, d.added());
            removeDependentFromOwners(n, d.removed());
        }
        if (Meta.isDeleting(obj)) {
            n.markBeingDeleted();
        }
        processTransitions(e.oldObj(), obj, n);
    }

    private void deleteNode(Node existing, GraphEvent e) {
        boolean remove = true;
        if (e.virtual()) {
            ObjectReference deleted = identityOfVirtualDelete(e);
            if (existing.isVirtual()) {
                Partition p = partitionDependents(existing.dependents(), deleted);
                if (!p.nonMatching().isEmpty()) {
                    // Some dependents name this uid with other coordinates: keep the node for them.
                    remove = false;
                    if (!p.matching().isEmpty()) {
                        absentOwners.add(deleted);
                        p.matching().forEach(dep -> attemptToDelete.add(dep.uid()));
                    }
                    if (existing.identity().equals(deleted)) {
                        ObjectReference alternate = alternateOwnerIdentity(p.nonMatching(), deleted);
                        if (alternate != null) {
                            existing.setIdentity(alternate);
                            attemptToDelete.addRateLimited(existing.uid());
                        }
                    }
                }
            } else if (!existing.identity().equals(deleted)) {
                // The real node exists under other coordinates; only dependents using these are dangling.
                remove = false;
                Partition p = partitionDependents(existing.dependents(), deleted);
                if (!p.matching().isEmpty()) {
                    absentOwners.add(deleted);
                    p.matching().forEach(dep -> attemptToDelete.add(dep.uid()));
                }
            }
        }
        if (!remove) {
            return;
        }
        removeNode(existing);
        List<Node> dependents = existing.dependents();
        if (!dependents.isEmpty()) {
            absentOwners.add(e.virtual() ? identityOfVirtualDelete(e) : ObjectReference.of(e.kind(), e.obj()));
        }
        dependents.forEach(dep -> attemptToDelete.add(dep.uid()));
        for (OwnerReference ref : existing.owners()) {
            Node owner = uidToNode.get(ref.uid());
            if (owner != null && owner.isDeletingDependents()) {
                // Maybe that was the owner's last blocking dependent.
                attemptToDelete.add(owner.uid());
            }
        }
    }

    private static ObjectReference identityOfVirtualDelete(GraphEvent e) {
        return ObjectReference.of(e.kind(), e.obj());
    }

    // ------------------------------------------------------------------ graph edits

    /**
     * Adds {@code n} to its owners' dependents, creating virtual nodes for owners not in the graph
     * (the collector then checks whether they exist). References whose coordinates disagree with an
     * owner already in the graph put {@code n} in the delete queue, to be verified against the server.
     */
    private void addDependentToOwners(Node n, List<OwnerReference> owners) {
        boolean potentiallyInvalid = false;
        for (OwnerReference ref : owners) {
            Node owner = uidToNode.get(ref.uid());
            if (owner == null) {
                owner = Node.virtual(ObjectReference.of(ref, n.identity().namespace()));
                uidToNode.put(owner.uid(), owner);
                owner.addDependent(n);
                attemptToDelete.add(owner.uid());
                continue;
            }
            owner.addDependent(n);
            if (potentiallyInvalid) {
                continue;
            }
            ObjectReference oid = owner.identity();
            boolean ownerNamespaced = !oid.namespace().isEmpty();
            String depNs = n.identity().namespace();
            if (ownerNamespaced && !oid.namespace().equals(depNs)) {
                if (owner.isObserved()) {
                    reportInvalidNamespaceOwnerRef(n, ref.uid());
                }
                potentiallyInvalid = true;
            } else if (!ref.matchesCoordinates(oid)) {
                potentiallyInvalid = true;
            } else if (!ownerNamespaced && !oid.namespace().equals(depNs) && !owner.isObserved()) {
                // A virtual cluster-scoped guess could be a namespaced owner named from a cluster-scoped object.
                potentiallyInvalid = true;
            }
        }
        if (potentiallyInvalid) {
            attemptToDelete.add(n.uid());
        }
    }

    /** A Warning event on a dependent naming a namespaced owner from another namespace (as upstream). */
    private void reportInvalidNamespaceOwnerRef(Node dependent, String ownerUid) {
        ObjectReference dep = dependent.identity();
        for (OwnerReference ref : dependent.owners()) {
            if (ref.uid().equals(ownerUid)) {
                LOG.info("{} references owner {} in another namespace", dep, ObjectReference.of(ref, dep.namespace()));
                events.record(new EventRecorder.ObjectRef(dep.apiVersion(), dep.kind(), dep.namespace(), dep.name(),
                        dep.uid()), EventRecorder.WARNING, "OwnerRefInvalidNamespace", "ownerRef "
                        + ObjectReference.of(ref, dep.namespace()) + " does not exist in namespace \""
                        + dep.namespace() + "\"");
                return;
            }
        }
    }

    private void removeDependentFromOwners(Node n, List<OwnerReference> owners) {
        for (OwnerReference ref : owners) {
            Node owner = uidToNode.get(ref.uid());
            if (owner != null) {
                owner.removeDependent(n);
            }
        }
    }

    private void removeNode(Node n) {
        uidToNode.remove(n.uid());
        removeDependentFromOwners(n, n.owners());
    }

    /** A removed blocking reference, or one no longer blocking, may release an owner waiting in foreground. */
    private void addUnblockedOwnersToDeleteQueue(Diff d) {
        for (OwnerReference ref : d.removed()) {
            if (ref.blockOwnerDeletion() && uidToNode.containsKey(ref.uid())) {
                attemptToDelete.add(ref.uid());
            }
        }
        for (Change c : d.changed()) {
            if (c.before().blockOwnerDeletion() && !c.after().blockOwnerDeletion()
                    && uidToNode.containsKey(c.after().uid())) {
                attemptToDelete.add(c.after().uid());
            }
        }
    }

    /** Orphan or foreground deletion starting: hand the owner (and its dependents) to the collector. */
    private void processTransitions(JsonNode oldObj, JsonNode newObj, Node n) {
        if (deletionStartsWithFinalizer(oldObj, newObj, ORPHAN_FINALIZER)) {
            attemptToOrphan.add(n.uid());
            return;
        }
        if (deletionStartsWithFinalizer(oldObj, newObj, FOREGROUND_FINALIZER)) {
            n.markDeletingDependents();
            n.dependents().forEach(dep -> attemptToDelete.add(dep.uid()));
            attemptToDelete.add(n.uid());
        }
    }

    static boolean deletionStartsWithFinalizer(JsonNode oldObj, JsonNode newObj, String finalizer) {
        if (!Meta.isDeleting(newObj) || !Meta.finalizers(newObj).contains(finalizer)) {
            return false;
        }
        return oldObj == null || !Meta.isDeleting(oldObj) || !Meta.finalizers(oldObj).contains(finalizer);
    }

    // ------------------------------------------------------------------ pure helpers

    /** One owner reference whose fields changed (same uid). */
    record Change(OwnerReference before, OwnerReference after) {
    }

    /** Added, removed and changed owner references (by uid). */
    record Diff(List<OwnerReference> added, List<OwnerReference> removed, List<Change> changed) {
        boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
        }
    }

    static Diff diff(List<OwnerReference> before, List<OwnerReference> after) {
        Map<String, OwnerReference> old = new HashMap<>();
        before.forEach(r -> old.put(r.uid(), r));
        List<OwnerReference> added = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        for (OwnerReference r : after) {
            OwnerReference prev = old.remove(r.uid());
            if (prev == null) {
                added.add(r);
            } else if (!prev.equals(r)) {
                changed.add(new Change(prev, r));
            }
        }
        return new Diff(added, new ArrayList<>(old.values()), changed);
    }

    /** Dependents whose reference to {@code owner}'s uid matches its coordinates, and those that do not. */
    record Partition(List<Node> matching, List<Node> nonMatching) {
    }

    static Partition partitionDependents(List<Node> dependents, ObjectReference owner) {
        boolean ownerNamespaced = !owner.namespace().isEmpty();
        List<Node> matching = new ArrayList<>();
        List<Node> nonMatching = new ArrayList<>();
        for (Node dep : dependents) {
            boolean match = false;
            boolean mismatch = false;
            if (ownerNamespaced && !owner.namespace().equals(dep.identity().namespace())) {
                mismatch = true;
            } else {
                for (OwnerReference ref : dep.owners()) {
                    if (ref.uid().equals(owner.uid())) {
                        if (ref.matchesCoordinates(owner)) {
                            match = true;
                        } else {
                            mismatch = true;
                        }
                    }
                }
            }
            if (match) {
                matching.add(dep);
            }
            if (mismatch) {
                nonMatching.add(dep);
            }
        }
        return new Partition(matching, nonMatching);
    }

    /**
     * Another identity dependents use for {@code absent}'s uid: the first following it in
     * {@link ObjectReference#ORDER}, else the first overall; null if there is none.
     */
    static ObjectReference alternateOwnerIdentity(List<Node> dependents, ObjectReference absent) {
        boolean absentClusterScoped = absent.namespace().isEmpty();
        Set<ObjectReference> seen = new HashSet<>();
        seen.add(absent);
        ObjectReference first = null;
        ObjectReference firstFollowing = null;
        for (Node dep : dependents) {
            for (OwnerReference ref : dep.owners()) {
                if (!ref.uid().equals(absent.uid())) {
                    continue;
                }
                String depNs = dep.identity().namespace();
                if (ref.matchesCoordinates(absent) && (absentClusterScoped || absent.namespace().equals(depNs))) {
                    continue;
                }
                ObjectReference candidate = ObjectReference.of(ref, depNs);
                if (absentClusterScoped && candidate.apiVersion().equals(absent.apiVersion())
                        && candidate.kind().equals(absent.kind())) {
                    // That apiVersion/kind is known to be cluster-scoped.
                    candidate = candidate.withNamespace("");
                }
                if (!seen.add(candidate)) {
                    continue;
                }
                if (first == null || ObjectReference.ORDER.compare(candidate, first) < 0) {
                    first = candidate;
                }
                if (ObjectReference.ORDER.compare(absent, candidate) < 0
                        && (firstFollowing == null || ObjectReference.ORDER.compare(candidate, firstFollowing) < 0)) {
                    firstFollowing = candidate;
                }
            }
        }
        return firstFollowing != null ? firstFollowing : first;
    }
}
