package dev.tugboat.controllers.garbagecollector;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An object in the dependency graph: its identity, its owners (from its ownerReferences) and its
 * dependents (nodes whose ownerReferences name it). A <em>virtual</em> node stands for an owner that
 * dependents name but no informer has shown yet; it is observed once an informer reports the object.
 *
 * <p>The graph builder's single thread writes nodes; garbage collector workers read them concurrently.
 * Fields are volatile and the dependents set is guarded by the node's lock, so readers see consistent
 * snapshots without blocking the builder.
 */
final class Node {

    private volatile ObjectReference identity;
    private volatile List<OwnerReference> owners;
    private final Set<Node> dependents = new LinkedHashSet<>();
    private final boolean virtual;
    private volatile boolean observed;
    private volatile boolean beingDeleted;
    private volatile boolean deletingDependents;

    private Node(ObjectReference identity, List<OwnerReference> owners, boolean virtual) {
        this.identity = identity;
        this.owners = List.copyOf(owners);
        this.virtual = virtual;
        this.observed = !virtual;
    }

    /** A node for an object an informer reported. */
    static Node observed(ObjectReference identity, List<OwnerReference> owners, boolean beingDeleted,
                         boolean deletingDependents) {
        Node n = new Node(identity, owners, false);
        n.beingDeleted = beingDeleted;
        n.deletingDependents = deletingDependents;
        return n;
    }

    /** A placeholder for an owner only known from a dependent's reference. */
    static Node virtual(ObjectReference identity) {
        return new Node(identity, List.of(), true);
    }

    ObjectReference identity() {
        return identity;
    }

    String uid() {
        return identity.uid();
    }

    void setIdentity(ObjectReference id) {
        this.identity = id;
    }

    List<OwnerReference> owners() {
        return owners;
    }

    void setOwners(List<OwnerReference> o) {
        this.owners = List.copyOf(o);
    }

    /** Created as a placeholder (stays true after it is observed, as upstream's flag). */
    boolean isVirtual() {
        return virtual;
    }

    boolean isObserved() {
        return observed;
    }

    void markObserved() {
        observed = true;
    }

    boolean isBeingDeleted() {
        return beingDeleted;
    }

    void markBeingDeleted() {
        beingDeleted = true;
    }

    /** Being deleted in the foreground: waits for its blocking dependents to go. */
    boolean isDeletingDependents() {
        return deletingDependents;
    }

    void markDeletingDependents() {
        deletingDependents = true;
    }

    synchronized void addDependent(Node n) {
        dependents.add(n);
    }

    synchronized void removeDependent(Node n) {
        dependents.remove(n);
    }

    synchronized List<Node> dependents() {
        return new ArrayList<>(dependents);
    }

    synchronized int dependentsCount() {
        return dependents.size();
    }

    /** Dependents whose reference to this node has blockOwnerDeletion set. */
    List<Node> blockingDependents() {
        List<Node> out = new ArrayList<>();
        String uid = uid();
        for (Node dep : dependents()) {
            for (OwnerReference ref : dep.owners()) {
                if (ref.uid().equals(uid) && ref.blockOwnerDeletion()) {
                    out.add(dep);
                    break;
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return identity + (observed ? "" : " (virtual)");
    }
}
