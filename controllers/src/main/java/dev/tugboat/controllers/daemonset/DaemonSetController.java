package dev.tugboat.controllers.daemonset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.validation.JsonEquality;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Controller;
import dev.tugboat.client.controller.Result;
import dev.tugboat.client.events.ApiEventRecorder;
import dev.tugboat.client.events.EventRecorder;
import dev.tugboat.client.informer.HandlerRegistration;
import dev.tugboat.client.informer.InformerFactory;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.informer.ResourceEventHandler;
import dev.tugboat.client.informer.SharedInformer;
import dev.tugboat.client.queue.WorkQueue;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.controllers.common.ControllerHistory;
import dev.tugboat.controllers.common.ControllerRefManager;
import dev.tugboat.controllers.common.ControllerRefs;
import dev.tugboat.controllers.common.Expectations;
import dev.tugboat.controllers.common.OwnerKind;
import dev.tugboat.controllers.common.PodControl;
import dev.tugboat.controllers.common.Revisions;
import dev.tugboat.controllers.common.SlowStartBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The DaemonSet controller (upstream's pkg/controller/daemon). Informers on DaemonSets, pods, nodes and
 * ControllerRevisions feed a queue of DaemonSet keys; each reconcile:
 * <ol>
 *   <li>claims the DaemonSet's pods (adopting matching orphans) and finds or records the revision of
 *       its current template;</li>
 *   <li>when the informer has caught up with this controller's own writes: creates a pod on every
 *       eligible node without one and deletes pods that should not be where they are
 *       ({@link NodePlan}); if that changed nothing, takes the next RollingUpdate step
 *       ({@link RollingUpdate}); prunes old revisions;</li>
 *   <li>writes the status when it changed.</li>
 * </ol>
 * Pods are created unbound, pinned to their node by required node affinity; the scheduler binds them.
 */
public final class DaemonSetController implements AutoCloseable {

    static final OwnerKind KIND = new OwnerKind("apps/v1", "DaemonSet");
    static final GroupVersionResource DAEMONSETS = new GroupVersionResource("apps", "v1", "daemonsets");
    static final GroupVersionResource NODES = new GroupVersionResource("", "v1", "nodes");

    private final Clock clock;
    private final DaemonSetControllerConfig config;
    private final InformerFactory informers;
    private final boolean ownsInformers;
    private final SharedInformer daemonSets;
    private final SharedInformer pods;
    private final SharedInformer nodes;
    private final SharedInformer revisions;
    private final List<HandlerRegistration> registrations = new ArrayList<>();
    private final WorkQueue<ObjectKey> queue;
    private final Expectations<ObjectKey> expectations;
    private final ApiEventRecorder events;
    private final PodControl podControl;
    private final ResourceClient dsClient;
    private final ResourceClient dsStatus;
    private final ResourceClient podsClient;
    private final DaemonSetHistory history;
    private final FailedPodBackoff backoff;
    private final Controller<ObjectKey> controller;

    /** A controller with informers of its own. */
    public DaemonSetController(ApiClient api, Clock clock, DaemonSetControllerConfig config) {
        this(api, clock, config, new InformerFactory(api, clock), true);
    }

    /** A controller sharing the informers of {@code informers} (which the caller starts and closes). */
    public DaemonSetController(ApiClient api, Clock clock, DaemonSetControllerConfig config,
                               InformerFactory informers) {
        this(api, clock, config, informers, false);
    }

    private DaemonSetController(ApiClient api, Clock clock, DaemonSetControllerConfig config,
                                InformerFactory informers, boolean ownsInformers) {
        this.clock = clock;
        this.config = config;
        this.informers = informers;
        this.ownsInformers = ownsInformers;
        this.daemonSets = informers.informer(DAEMONSETS);
        this.pods = informers.informer(PodControl.PODS);
        this.nodes = informers.informer(NODES);
        this.revisions = informers.informer(Revisions.CONTROLLER_REVISIONS);
        this.queue = WorkQueue.withDefaultRateLimiter(clock);
        this.expectations = new Expectations<>(clock);
        this.events = new ApiEventRecorder(api, clock, "daemonset-controller");
        this.podControl = new PodControl(api, events);
        this.dsClient = api.resource(DAEMONSETS);
        this.dsStatus = dsClient.subresource("status");
        this.podsClient = api.resource(PodControl.PODS);
        this.history = new DaemonSetHistory(new ControllerHistory(api), api.resource(PodControl.PODS), dsStatus);
        this.backoff = new FailedPodBackoff(clock, config.failedPodBackoff(), config.maxFailedPodBackoff());
        registrations.add(daemonSets.addEventHandler(ResourceEventHandler.onAnyChange(
                ds -> queue.add(ObjectKey.of(ds))), config.resyncPeriod()));
        registrations.add(pods.addEventHandler(new PodHandler()));
        registrations.add(nodes.addEventHandler(new NodeHandler()));
        registrations.add(revisions.addEventHandler(ResourceEventHandler.onAnyChange(this::enqueueOwner)));
        this.controller = new Controller<>("daemonset-controller", queue, this::sync, config.workers(),
                registrations.stream().map(r -> (java.util.function.BooleanSupplier) r::hasSynced).toList());
    }

    public void start() {
        if (ownsInformers) {
            informers.start();
        }
        controller.start();
    }

    /** True once every informer this controller reads has its first list. */
    public boolean isSynced() {
        return registrations.stream().allMatch(HandlerRegistration::hasSynced);
    }

    @Override
    public void close() {
        controller.close();
        if (ownsInformers) {
            informers.close();
        }
        events.close();
    }

    // ------------------------------------------------------------------ event handlers

    /** The DaemonSet controlling {@code obj}, or for an orphan every DaemonSet whose selector matches it. */
    private void enqueueOwner(JsonNode obj) {
        Optional<JsonNode> ref = ControllerRefs.controllerOf(obj);
        if (ref.isPresent()) {
            if (KIND.kind().equals(ref.get().path("kind").asText())) {
                queue.add(new ObjectKey(Meta.namespace(obj), ref.get().path("name").asText()));
            }
            return;
        }
        for (ObjectNode ds : daemonSets.cache().list(Meta.namespace(obj))) {
            LabelSelector selector = selectorOf(ds);
            if (!selector.isEmpty() && selector.matches(Meta.labels(obj))) {
                queue.add(ObjectKey.of(ds));
            }
        }
    }

    /** The key of the cached DaemonSet that {@code pod}'s controller reference points at, if it is one. */
    private Optional<ObjectKey> ownerKey(JsonNode pod) {
        return ControllerRefs.controllerOf(pod)
                .filter(r -> KIND.kind().equals(r.path("kind").asText()))
                .flatMap(r -> {
                    ObjectKey key = new ObjectKey(Meta.namespace(pod), r.path("name").asText());
                    return daemonSets.cache().get(key)
                            .filter(ds -> Meta.uid(ds).equals(r.path("uid").asText()))
                            .map(ds -> key);
                });
    }

    private final class PodHandler implements ResourceEventHandler {
        @Override
        public void onAdd(ObjectNode pod, boolean initialList) {
            Optional<ObjectKey> owner = ownerKey(pod);
            owner.ifPresent(expectations::creationObserved);
            enqueueOwner(pod);
        }

        @Override
        public void onUpdate(ObjectNode oldPod, ObjectNode newPod) {
            if (!Objects.equals(ControllerRefs.controllerOf(oldPod), ControllerRefs.controllerOf(newPod))) {
                enqueueOwner(oldPod);
            }
            enqueueOwner(newPod);
        }

        @Override
        public void onDelete(ObjectNode pod, boolean finalStateUnknown) {
            ownerKey(pod).ifPresent(key -> {
                expectations.deletionObserved(key);
                queue.add(key);
            });
        }
    }

    private final class NodeHandler implements ResourceEventHandler {
        @Override
        public void onAdd(ObjectNode node, boolean initialList) {
            enqueueAll();
        }

        @Override
        public void onUpdate(ObjectNode oldNode, ObjectNode newNode) {
            // Heartbeats change only the status; eligibility depends on labels, taints and the name.
            if (!Objects.equals(oldNode.path("metadata").path("labels"), newNode.path("metadata").path("labels"))
                    || !Objects.equals(oldNode.path("spec"), newNode.path("spec"))) {
                enqueueAll();
            }
        }

        @Override
        public void onDelete(ObjectNode node, boolean finalStateUnknown) {
            enqueueAll();
        }

        private void enqueueAll() {
            daemonSets.cache().keys().forEach(queue::add);
        }
    }

    // ------------------------------------------------------------------ reconcile

    private static LabelSelector selectorOf(JsonNode ds) {
        try {
            return LabelSelector.fromJson(ds.path("spec").path("selector"));
        } catch (RuntimeException e) {
            return LabelSelector.nothing();
        }
    }

    private Result sync(ObjectKey key) {
        Optional<ObjectNode> cached = daemonSets.cache().get(key);
        if (cached.isEmpty()) {
            expectations.forget(key);
            return Result.done();
        }
        ObjectNode ds = cached.get();
        if (Meta.isDeleting(ds)) {
            return Result.done();
        }
        LabelSelector selector = selectorOf(ds);
        if (selector.isEmpty()) {
            events.record(KIND.eventRef(ds), EventRecorder.WARNING, "SelectingAll",
                    "This daemon set is selecting all pods. A non-empty selector is required.");
            return Result.done();
        }
        // 1. Claim pods and find the current revision.
        boolean satisfied = expectations.satisfied(key);
        List<JsonNode> dsPods = claimPods(ds, selector);
        DaemonSetHistory.Current current = history.construct(ds, selector,
                revisions.cache().list(Meta.namespace(ds)), dsPods, () -> fresh(ds));
        String hash = current.hash();
        Map<String, List<JsonNode>> nodeToPods = byTargetNode(dsPods);
        List<NodePlan.NodePods> perNode = new ArrayList<>();
        for (ObjectNode node : nodes.cache().list()) {
            perNode.add(new NodePlan.NodePods(node, NodeEligibility.of(ds, node),
                    nodeToPods.getOrDefault(Meta.name(node), List.of())));
        }
        // 2. Converge the pods (only when the cache reflects our earlier writes), then roll.
        Duration retry = null;
        if (satisfied) {
            NodePlan plan = NodePlan.compute(Meta.uid(ds), perNode, nodeToPods, hash,
                    allowsSurge(ds), backoff);
            for (JsonNode failed : plan.failedPods()) {
                events.record(KIND.eventRef(ds), EventRecorder.WARNING, "FailedDaemonPod",
                        "Found failed daemon pod " + Meta.namespace(failed) + "/" + Meta.name(failed) + " on node "
                                + DaemonPods.targetNodeName(failed) + ", will try to kill it");
            }
            retry = plan.retryAfter().orElse(null);
            syncNodes(ds, key, plan.podsToDelete(), plan.nodesNeedingPods(), hash);
            // Roll only from a settled state: the snapshot above no longer describes the nodes just changed.
            boolean settled = plan.podsToDelete().isEmpty() && plan.nodesNeedingPods().isEmpty();
            if (settled && isRollingUpdate(ds)) {
                int desired = (int) perNode.stream().filter(np -> np.eligibility().shouldRun()).count();
                RollingUpdate step = RollingUpdate.step(perNode, Meta.generation(ds), hash,
                        RollingUpdate.limits(ds, desired), minReadySeconds(ds), clock.now());
                syncNodes(ds, key, step.podsToDelete(), step.nodesToCreate(), hash);
            }
            history.cleanup(ds, current.old(), dsPods);
        }
        // 3. Status.
        DaemonSetStatus status = DaemonSetStatus.compute(ds, perNode, hash, clock.now());
        writeStatus(ds, status);
        if (minReadySeconds(ds) > 0 && status.numberReady() != status.numberAvailable()) {
            Duration wait = Duration.ofSeconds(minReadySeconds(ds));
            retry = retry == null || wait.compareTo(retry) < 0 ? wait : retry;
        }
        return retry == null ? Result.done() : Result.requeueAfter(retry);
    }

    private static boolean isRollingUpdate(JsonNode ds) {
        return "RollingUpdate".equals(ds.path("spec").path("updateStrategy").path("type").asText("RollingUpdate"));
    }

    /** A RollingUpdate whose maxSurge is not zero (upstream's AllowsSurge: a percentage of one node rounds up). */
    private static boolean allowsSurge(JsonNode ds) {
        return isRollingUpdate(ds) && RollingUpdate.limits(ds, 1).maxSurge() > 0;
    }

    private static int minReadySeconds(JsonNode ds) {
        return ds.path("spec").path("minReadySeconds").asInt(0);
    }

    private Optional<JsonNode> fresh(JsonNode ds) {
        try {
            return Optional.of(dsClient.get(Meta.namespace(ds), Meta.name(ds)));
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private List<JsonNode> claimPods(ObjectNode ds, LabelSelector selector) {
        String uid = Meta.uid(ds);
        List<JsonNode> candidates = new ArrayList<>();
        for (ObjectNode pod : pods.cache().list(Meta.namespace(ds))) {
            Optional<JsonNode> ref = ControllerRefs.controllerOf(pod);
            if (ref.map(r -> uid.equals(r.path("uid").asText())).orElse(selector.matches(Meta.labels(pod)))) {
                candidates.add(pod);
            }
        }
        return new ControllerRefManager(ds, KIND, selector, podsClient, () -> fresh(ds)).claim(candidates);
    }

    private static Map<String, List<JsonNode>> byTargetNode(List<JsonNode> pods) {
        Map<String, List<JsonNode>> out = new HashMap<>();
        for (JsonNode pod : pods) {
            String node = DaemonPods.targetNodeName(pod);
            if (!node.isEmpty()) {
                out.computeIfAbsent(node, n -> new ArrayList<>()).add(pod);
            }
        }
        return out;
    }

    /**
     * Creates pods on {@code nodesNeedingPods} and deletes {@code podsToDelete} (upstream's syncNodes),
     * at most burstReplicas of each, expecting to see every write in the informer before the next pass.
     */
    private void syncNodes(ObjectNode ds, ObjectKey key, List<JsonNode> podsToDelete, List<String> nodesNeedingPods,
                           String hash) {
        int creates = Math.min(nodesNeedingPods.size(), config.burstReplicas());
        int deletes = Math.min(podsToDelete.size(), config.burstReplicas());
        expectations.expect(key, creates, deletes);
        RuntimeException error = null;
        if (creates > 0) {
            ObjectNode template = DaemonPods.podTemplate(ds, hash);
            SlowStartBatch.Outcome out = SlowStartBatch.run(creates, 1, i -> {
                ObjectNode pinned = DaemonPods.pinToNode(template.deepCopy(), nodesNeedingPods.get(i));
                ObjectNode pod = PodControl.fromTemplate(pinned, ds, KIND.controllerRef(ds));
                try {
                    podControl.create(pod, ds, KIND);
                } catch (RuntimeException e) {
                    expectations.creationObserved(key);
                    throw e;
                }
            });
            for (int i = out.attempted(); i < creates; i++) {
                expectations.creationObserved(key);
            }
            error = out.error();
        }
        if (deletes > 0) {
            SlowStartBatch.Outcome out = SlowStartBatch.run(deletes, deletes, i -> {
                try {
                    if (!podControl.delete(podsToDelete.get(i), ds, KIND)) {
                        expectations.deletionObserved(key);
                    }
                } catch (RuntimeException e) {
                    expectations.deletionObserved(key);
                    throw e;
                }
            });
            error = error == null ? out.error() : error;
        }
        if (error != null) {
            throw error;
        }
    }

    private void writeStatus(ObjectNode ds, DaemonSetStatus status) {
        ObjectNode wanted = status.applyTo(ds.get("status"));
        if (JsonEquality.equal(wanted, ds.get("status"))) {
            return;
        }
        try {
            dsStatus.modify(Meta.namespace(ds), Meta.name(ds), cur -> {
                if (!Meta.uid(cur).equals(Meta.uid(ds))) {
                    return null;
                }
                ObjectNode next = status.applyTo(cur.get("status"));
                if (JsonEquality.equal(next, cur.get("status"))) {
                    return null;
                }
                cur.set("status", next);
                return cur;
            });
        } catch (StatusException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }
}
