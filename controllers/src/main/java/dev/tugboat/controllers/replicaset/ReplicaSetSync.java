package dev.tugboat.controllers.replicaset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Result;
import dev.tugboat.client.informer.Cache;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.queue.WorkQueue;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.controllers.common.ControllerRefManager;
import dev.tugboat.controllers.common.ControllerRefs;
import dev.tugboat.controllers.common.Expectations;
import dev.tugboat.controllers.common.OwnerKind;
import dev.tugboat.controllers.common.PodControl;
import dev.tugboat.controllers.common.PodDeletionOrder;
import dev.tugboat.controllers.common.Pods;
import dev.tugboat.controllers.common.SlowStart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reconciles one ReplicaSet or ReplicationController (upstream's syncReplicaSet): claims its pods, creates
 * or deletes pods when the informer has caught up with the previous round's writes, and writes the status.
 */
final class ReplicaSetSync {

    private static final String NAMESPACE_TERMINATING = "NamespaceTerminating";

    private final ReplicatedKind kind;
    private final OwnerKind ownerKind;
    private final int burstReplicas;
    private final Clock clock;
    private final Cache owners;
    private final Cache pods;
    private final ResourceClient ownerClient;
    private final ResourceClient statusClient;
    private final ResourceClient podClient;
    private final Expectations<ObjectKey> expectations;
    private final PodControl podControl;

    ReplicaSetSync(ApiClient api, Clock clock, ReplicaSetControllerConfig config, Cache owners, Cache pods,
                   Expectations<ObjectKey> expectations, PodControl podControl, WorkQueue<ObjectKey> queue) {
        this.kind = config.kind();
        this.ownerKind = kind.ownerKind();
        this.burstReplicas = config.burstReplicas();
        this.clock = clock;
        this.owners = owners;
        this.pods = pods;
        this.ownerClient = api.resource(kind.resource());
        this.statusClient = ownerClient.subresource("status");
        this.podClient = api.resource(PodControl.PODS);
        this.expectations = expectations;
        this.podControl = podControl;
    }

    Result sync(ObjectKey key) {
        Optional<ObjectNode> cached = owners.get(key);
        if (cached.isEmpty()) {
            expectations.forget(key);
            return Result.done();
        }
        ObjectNode owner = cached.get();
        boolean needsSync = expectations.satisfied(key);
        LabelSelector selector = kind.selector(owner);
        // Every active pod of the namespace: also those that no longer match but still name this owner.
        List<ObjectNode> active = pods.list(key.namespace()).stream().filter(Pods::isActive).toList();
        List<JsonNode> claimed = new ControllerRefManager(owner, ownerKind, selector, podClient,
                () -> fresh(key)).claim(active);

        Exception manageError = null;
        if (needsSync && !Meta.isDeleting(owner)) {
            try {
                manageReplicas(key, owner, selector, claimed);
            } catch (RuntimeException e) {
                manageError = e;
            }
        }
        ObjectNode status = ReplicaSetStatus.calculate(owner, claimed, manageError, clock.now());
        ObjectNode updated = ReplicaSetStatus.needsUpdate(owner, status) ? writeStatus(owner, status) : owner;
        if (manageError instanceof RuntimeException e) {
            throw e;
        }
        int minReadySeconds = updated.path("spec").path("minReadySeconds").asInt(0);
        int replicas = updated.path("spec").path("replicas").asInt(1);
        JsonNode s = updated.path("status");
        if (minReadySeconds > 0 && s.path("readyReplicas").asInt(0) == replicas
                && s.path("availableReplicas").asInt(0) != replicas) {
            // Look again once the ready pods have been ready for minReadySeconds.
            return Result.requeueAfter(Duration.ofSeconds(minReadySeconds));
        }
        return Result.done();
    }

    private Optional<JsonNode> fresh(ObjectKey key) {
        try {
            return Optional.of(ownerClient.get(key.namespace(), key.name()));
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Creates or deletes pods so that {@code claimed} has as many pods as the owner wants. */
    private void manageReplicas(ObjectKey key, ObjectNode owner, LabelSelector selector, List<JsonNode> claimed) {
        int desired = owner.path("spec").path("replicas").asInt(1);
        int diff = claimed.size() - desired;
        if (diff < 0) {
            createPods(key, owner, Math.min(-diff, burstReplicas));
        } else if (diff > 0) {
            List<JsonNode> victims = PodDeletionOrder.victims(claimed, relatedPods(owner, selector),
                    Math.min(diff, burstReplicas));
            deletePods(key, owner, victims);
        }
    }

    private void createPods(ObjectKey key, ObjectNode owner, int count) {
        expectations.expect(key, count, 0);
        JsonNode template = owner.path("spec").path("template");
        SlowStart.Outcome outcome = SlowStart.run(count, SlowStart.INITIAL_BATCH_SIZE, () -> {
            try {
                podControl.create(PodControl.fromTemplate(template, owner, ownerKind.controllerRef(owner)), owner,
                        ownerKind);
            } catch (StatusException e) {
                if (!isNamespaceTerminating(e)) {
                    throw e;
                }
                // Every later create fails the same way, and the namespace's deletion takes the owner too.
            }
        });
        // Creates never attempted, or failed, will never be observed.
        for (int i = outcome.successes(); i < count; i++) {
            expectations.creationObserved(key);
        }
        if (outcome.failed()) {
            throw outcome.failure() instanceof RuntimeException r ? r : new IllegalStateException(outcome.failure());
        }
    }

    private static boolean isNamespaceTerminating(StatusException e) {
        var details = e.status().details();
        return details != null && details.causes() != null
                && details.causes().stream().anyMatch(c -> NAMESPACE_TERMINATING.equals(c.reason()));
    }

    private void deletePods(ObjectKey key, ObjectNode owner, List<JsonNode> victims) {
        expectations.expectDeletions(key, victims.stream().map(Meta::uid).toList());
        RuntimeException first = null;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (JsonNode pod : victims) {
                futures.add(threads.submit(() -> {
                    try {
                        if (!podControl.delete(pod, owner, ownerKind)) {
                            expectations.deletionObserved(key, Meta.uid(pod));
                        }
                    } catch (RuntimeException e) {
                        expectations.deletionObserved(key, Meta.uid(pod));
                        throw e;
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * The pods of this owner and of its siblings (owners with the same controller, such as the
     * ReplicaSets of one Deployment), by which victims are ranked (upstream's getIndirectlyRelatedPods).
     */
    private List<JsonNode> relatedPods(ObjectNode owner, LabelSelector selector) {
        List<LabelSelector> selectors = new ArrayList<>();
        Optional<JsonNode> controller = ControllerRefs.controllerOf(owner);
        if (controller.isEmpty()) {
            selectors.add(selector);
        } else {
            String controllerUid = controller.get().path("uid").asText();
            for (ObjectNode sibling : owners.list(Meta.namespace(owner))) {
                if (ControllerRefs.isControlledBy(sibling, controllerUid)) {
                    selectors.add(kind.selector(sibling));
                }
            }
        }
        Set<String> seen = new HashSet<>();
        List<JsonNode> related = new ArrayList<>();
        for (ObjectNode pod : pods.list(Meta.namespace(owner))) {
            if (selectors.stream().anyMatch(s -> s.matches(Meta.labels(pod))) && seen.add(Meta.uid(pod))) {
                related.add(pod);
            }
        }
        return related;
    }

    /**
     * Writes the new status with the generation it describes; on a conflict once more onto a fresh read
     * (upstream retries the same status on the latest object).
     */
    private ObjectNode writeStatus(ObjectNode owner, ObjectNode status) {
        long generation = Meta.generation(owner);
        if (generation != 0) {
            status.put("observedGeneration", generation);
        }
        ObjectNode desired = owner.deepCopy();
        desired.set("status", status);
        try {
            return statusClient.update(Meta.namespace(owner), desired);
        } catch (StatusException e) {
            if (!e.isConflict()) {
                throw e;
            }
        }
        ObjectNode latest = ownerClient.get(Meta.namespace(owner), Meta.name(owner));
        latest.set("status", status);
        return statusClient.update(Meta.namespace(owner), latest);
    }
}
