package dev.tugboat.controllers.garbagecollector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.resource.ApiResource;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Controller;
import dev.tugboat.client.controller.Result;
import dev.tugboat.client.discovery.ApiResources;
import dev.tugboat.client.discovery.CachedDiscovery;
import dev.tugboat.client.discovery.DiscoveryClient;
import dev.tugboat.client.events.ApiEventRecorder;
import dev.tugboat.client.informer.InformerFactory;
import dev.tugboat.client.queue.WorkQueue;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.PropagationPolicy;
import dev.tugboat.client.rest.StatusException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The garbage collector (upstream's pkg/controller/garbagecollector), an API client like any other
 * controller:
 * <ul>
 *   <li><b>Background</b>: when an owner is gone, its dependents are deleted (after a live check that
 *       no owner of theirs remains).</li>
 *   <li><b>Foreground</b>: an owner deleting with the {@code foregroundDeletion} finalizer has its
 *       dependents deleted (those with dependents of their own in the foreground too); once no
 *       dependent with {@code blockOwnerDeletion} remains, the finalizer is removed and the owner
 *       goes.</li>
 *   <li><b>Orphan</b>: an owner deleting with the {@code orphan} finalizer has its ownerReference
 *       removed from every dependent, then the finalizer.</li>
 *   <li><b>Dangling references</b>: a dependent whose owner uid does not exist (looked up live, by the
 *       reference's own coordinates) is deleted when it has no other owner, or loses the reference
 *       when it has.</li>
 * </ul>
 * Structure: metadata informers on every deletable, listable, watchable resource ({@link Monitors},
 * re-synced with discovery), a dependency graph ({@link GraphBuilder}), and two work queues of node
 * uids drained by workers ({@code attemptToDelete}, {@code attemptToOrphan}). All writes go through
 * the API with uid and resourceVersion preconditions.
 */
public final class GarbageCollector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
    private static final List<String> MONITORED_VERBS = List.of("delete", "list", "watch");

    /** How an attempt to delete ended when it did not fail. */
    private enum Outcome {
        /** Handled (or nothing to do) for now. */
        DONE,
        /** The object does not exist: the graph was told, nothing more to do for this item. */
        VIRTUAL_DELETE
    }

    /** A cluster-scoped object naming a namespaced owner: never resolvable, so never retried. */
    private static final class NamespacedOwnerOfClusterScopedObject extends RuntimeException {
        NamespacedOwnerOfClusterScopedObject() {
            super("cluster-scoped objects cannot refer to namespaced owners", null, false, false);
        }
    }

    private final GarbageCollectorConfig config;
    private final Clock clock;
    private final CachedDiscovery discovery;
    private final Operations ops;
    private final AbsentOwnerCache absentOwners = new AbsentOwnerCache(500);
    private final WorkQueue<String> attemptToDelete;
    private final WorkQueue<String> attemptToOrphan;
    private final ApiEventRecorder events;
    private final GraphBuilder graph;
    private final Monitors monitors;
    private final Controller<String> deleters;
    private final Controller<String> orphaners;
    private volatile boolean closed;
    private volatile long startedNanos;
    private volatile boolean proceeding;
    private Thread discoveryLoop;

    /** With metadata informers of its own for every monitored resource. */
    public GarbageCollector(ApiClient api, Clock clock, GarbageCollectorConfig config) {
        this(api, clock, config, Optional.empty());
    }

    /**
     * Monitoring through {@code informers}' informers of the resources other controllers cache already
     * (the caller starts and closes the factory; construct this after those controllers), with metadata
     * informers of its own for the rest.
     */
    public GarbageCollector(ApiClient api, Clock clock, GarbageCollectorConfig config, InformerFactory informers) {
        this(api, clock, config, Optional.of(informers));
    }

    private GarbageCollector(ApiClient api, Clock clock, GarbageCollectorConfig config,
                             Optional<InformerFactory> informers) {
        this.config = config;
        this.clock = clock;
        this.discovery = new CachedDiscovery(new DiscoveryClient(api), clock, Duration.ofSeconds(1));
        this.ops = new Operations(api, discovery);
        this.attemptToDelete = WorkQueue.withDefaultRateLimiter(clock);
        this.attemptToOrphan = WorkQueue.withDefaultRateLimiter(clock);
        this.events = new ApiEventRecorder(api, clock, "garbage-collector-controller");
        this.graph = new GraphBuilder(attemptToDelete, attemptToOrphan, absentOwners, events);
        this.monitors = new Monitors(api, clock, graph, informers);
        this.deleters = new Controller<>("gc-attempt-to-delete", attemptToDelete, this::attemptToDelete,
                config.workers(), List.of(this::readyToWork));
        this.orphaners = new Controller<>("gc-attempt-to-orphan", attemptToOrphan, this::attemptToOrphan,
                config.workers(), List.of(this::readyToWork));
    }

    /**
     * Starts monitoring and collecting. Reads discovery once (so it fails fast when the server is not
     * reachable); the workers begin once every monitor has listed.
     */
    public void start() {
        startedNanos = clock.nanoTime();
        monitors.sync(deletableResources(discovery.refresh()));
        graph.start();
        monitors.start();
        deleters.start();
        orphaners.start();
        discoveryLoop = Thread.ofVirtual().name("gc-discovery").start(this::followDiscovery);
    }

    /**
     * The workers start once every monitor has listed, or after one discovery period regardless (as
     * upstream: one resource that cannot be listed must not stop all collection).
     */
    private boolean readyToWork() {
        if (proceeding || monitors.isSynced()) {
            return true;
        }
        if (clock.nanoTime() - startedNanos >= config.discoveryPeriod().toNanos()) {
            LOG.info("garbage collector: not every resource monitor could sync, proceeding anyway");
            proceeding = true;
        }
        return proceeding;
    }

    /** True once every monitor has delivered its initial list. */
    public boolean isSynced() {
        return monitors.isSynced();
    }

    /** The resources monitored now. */
    public Set<dev.tugboat.api.meta.GroupVersionResource> monitoredResources() {
        return monitors.resources();
    }

    @Override
    public void close() {
        closed = true;
        if (discoveryLoop != null) {
            discoveryLoop.interrupt();
        }
        deleters.close();
        orphaners.close();
        monitors.close();
        graph.stop();
        events.close();
    }

    private List<ApiResource> deletableResources(ApiResources all) {
        Set<?> ignored = config.ignoredResources();
        return all.preferredWithVerbs(MONITORED_VERBS).stream()
                .filter(r -> !ignored.contains(r.groupResource())).toList();
    }

    /** Re-reads discovery periodically; CRDs coming and going change the monitored set. */
    private void followDiscovery() {
        while (!closed) {
            try {
                clock.sleep(config.discoveryPeriod());
                monitors.sync(deletableResources(discovery.refresh()));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("garbage collector: discovery failed, keeping the current monitors: {}", e.toString());
            }
        }
    }

    // ------------------------------------------------------------------ attempt to delete

    private Result attemptToDelete(String uid) {
        Node n = graph.node(uid).orElse(null);
        if (n == null) {
            // Removed from the graph meanwhile (its deletion was observed).
            return Result.done();
        }
        try {
            if (attemptToDeleteItem(n) == Outcome.VIRTUAL_DELETE) {
                return Result.done();
            }
        } catch (NamespacedOwnerOfClusterScopedObject e) {
            LOG.info("{}: {}", n.identity(), e.getMessage());
            return Result.done();
        }
        if (!n.isObserved()) {
            // A virtual node for an object that exists: look again until its informer shows it (issue 56121).
            return Result.backoff();
        }
        return Result.done();
    }

    /**
     * Looks up the live object and deletes it if every owner is gone, as upstream's attemptToDeleteItem.
     * Returns {@link Outcome#VIRTUAL_DELETE} when the object does not exist (the graph is told).
     */
    private Outcome attemptToDeleteItem(Node item) {
        // Being deleted (and not in the foreground): wait for the deletion; its dependents follow then.
        if (item.isBeingDeleted() && !item.isDeletingDependents()) {
            return Outcome.DONE;
        }
        ObjectReference id = item.identity();
        ObjectNode latest;
        try {
            latest = ops.get(id);
        } catch (StatusException e) {
            if (e.isNotFound()) {
                graph.submitVirtualDelete(id);
                return Outcome.VIRTUAL_DELETE;
            }
            throw e;
        }
        if (!Meta.uid(latest).equals(id.uid())) {
            graph.submitVirtualDelete(id);
            return Outcome.VIRTUAL_DELETE;
        }
        if (item.isDeletingDependents()) {
            processDeletingDependents(item);
            return Outcome.DONE;
        }
        List<OwnerReference> refs = OwnerReference.of(latest);
        if (refs.isEmpty()) {
            return Outcome.DONE;
        }
        Classification c = classify(item, refs);
        if (!c.solid().isEmpty()) {
            // An owner remains: only drop the references to owners that are gone or deleting in foreground
            // (the latter would otherwise wait for this dependent forever).
            List<String> drop = new ArrayList<>();
            c.dangling().forEach(r -> drop.add(r.uid()));
            c.waitingForDependents().forEach(r -> drop.add(r.uid()));
            if (!drop.isEmpty()) {
                LOG.debug("{}: removing references to owners {}", id, drop);
                ops.removeOwnerReferences(id, drop);
            }
            return Outcome.DONE;
        }
        PropagationPolicy policy;
        if (!c.waitingForDependents().isEmpty() && item.dependentsCount() > 0) {
            if (item.dependents().stream().anyMatch(Node::isDeletingDependents)) {
                // Owner and dependent both wait in the foreground: unblock to break a potential cycle.
                ops.unblockOwnerReferences(id);
            }
            policy = PropagationPolicy.Foreground;
        } else if (Meta.finalizers(latest).contains(GraphBuilder.ORPHAN_FINALIZER)) {
            policy = PropagationPolicy.Orphan;
        } else if (Meta.finalizers(latest).contains(GraphBuilder.FOREGROUND_FINALIZER)) {
            policy = PropagationPolicy.Foreground;
        } else {
            policy = PropagationPolicy.Background;
        }
        LOG.debug("{}: no owner left, deleting ({})", id, policy);
        try {
            ops.delete(id, Meta.resourceVersion(latest), Meta.ownerReferences(latest), policy);
        } catch (StatusException e) {
            if (e.isNotFound()) {
                graph.submitVirtualDelete(id);
                return Outcome.VIRTUAL_DELETE;
            }
            // A 409 means the owners changed since they were read: the retry decides again.
            throw e;
        }
        return Outcome.DONE;
    }

    /** An owner deleting in the foreground: remove its finalizer once no blocking dependent remains. */
    private void processDeletingDependents(Node item) {
        List<Node> blocking = item.blockingDependents();
        if (blocking.isEmpty()) {
            ops.removeFinalizer(item.identity(), GraphBuilder.FOREGROUND_FINALIZER);
            return;
        }
        for (Node dep : blocking) {
            if (!dep.isDeletingDependents()) {
                attemptToDelete.add(dep.uid());
            }
        }
    }

    /** Owner references by the state of their owner. */
    private record Classification(List<OwnerReference> solid, List<OwnerReference> dangling,
                                  List<OwnerReference> waitingForDependents) {
    }

    private Classification classify(Node item, List<OwnerReference> refs) {
        Classification c = new Classification(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (OwnerReference ref : refs) {
            ObjectNode owner = liveOwner(ref, item);
            if (owner == null) {
                c.dangling().add(ref);
            } else if (Meta.isDeleting(owner) && Meta.finalizers(owner).contains(GraphBuilder.FOREGROUND_FINALIZER)) {
                c.waitingForDependents().add(ref);
            } else {
                c.solid().add(ref);
            }
        }
        return c;
    }

    /**
     * The owner a reference names, looked up live by the reference's coordinates in the dependent's
     * namespace; null when it does not exist or has another uid (upstream's isDangling).
     */
    private ObjectNode liveOwner(OwnerReference ref, Node item) {
        String itemNs = item.identity().namespace();
        ObjectReference clusterKey = ObjectReference.of(ref, "");
        ObjectReference namespacedKey = ObjectReference.of(ref, itemNs);
        if (absentOwners.has(clusterKey) || absentOwners.has(namespacedKey)) {
            return null;
        }
        ApiResource resource = ops.resourceFor(ref.apiVersion(), ref.kind());
        ObjectReference key = resource.namespaced() ? namespacedKey : clusterKey;
        if (itemNs.isEmpty() && resource.namespaced()) {
            throw new NamespacedOwnerOfClusterScopedObject();
        }
        ObjectNode owner;
        try {
            owner = ops.get(resource, itemNs, ref.name());
        } catch (StatusException e) {
            if (e.isNotFound()) {
                absentOwners.add(key);
                return null;
            }
            throw e;
        }
        if (!Meta.uid(owner).equals(ref.uid())) {
            absentOwners.add(key);
            return null;
        }
        return owner;
    }

    // ------------------------------------------------------------------ attempt to orphan

    /** Removes the owner from its dependents' references, then its {@code orphan} finalizer. */
    private Result attemptToOrphan(String uid) {
        Node owner = graph.node(uid).orElse(null);
        if (owner == null) {
            return Result.done();
        }
        List<String> failures = new ArrayList<>();
        for (Node dep : owner.dependents()) {
            try {
                ops.removeOwnerReferences(dep.identity(), List.of(owner.uid()));
            } catch (RuntimeException e) {
                failures.add(dep.identity() + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("failed to orphan dependents of " + owner.identity() + ": " + failures);
        }
        ops.removeFinalizer(owner.identity(), GraphBuilder.ORPHAN_FINALIZER);
        return Result.done();
    }
}
