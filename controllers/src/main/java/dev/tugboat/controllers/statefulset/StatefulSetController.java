package dev.tugboat.controllers.statefulset;

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
import dev.tugboat.controllers.common.OwnerKind;
import dev.tugboat.controllers.common.PodControl;
import dev.tugboat.controllers.common.Revisions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The StatefulSet controller (upstream's pkg/controller/statefulset). Informers on StatefulSets, pods,
 * PersistentVolumeClaims and ControllerRevisions feed a queue of StatefulSet keys; each reconcile claims
 * the set's pods (members by name, adopting matching orphans) and revisions, resolves the current and
 * update revisions, runs one pass of {@link StatefulSetControl}, writes the status when it changed and
 * prunes unused revisions. Pod names are deterministic, so no expectations are needed: a create that
 * races the cache meets AlreadyExists, a delete meets NotFound.
 */
public final class StatefulSetController implements AutoCloseable {

    static final OwnerKind KIND = new OwnerKind("apps/v1", "StatefulSet");
    static final GroupVersionResource STATEFULSETS = new GroupVersionResource("apps", "v1", "statefulsets");

    private final Clock clock;
    private final InformerFactory informers;
    private final boolean ownsInformers;
    private final SharedInformer sets;
    private final SharedInformer pods;
    private final SharedInformer revisions;
    private final SharedInformer claims;
    private final List<HandlerRegistration> registrations = new ArrayList<>();
    private final WorkQueue<ObjectKey> queue;
    private final ApiEventRecorder events;
    private final ResourceClient setClient;
    private final ResourceClient setStatus;
    private final ResourceClient podsClient;
    private final ControllerHistory history;
    private final StatefulSetRevisions setRevisions;
    private final StatefulSetControl control;
    private final Controller<ObjectKey> controller;

    /** A controller with informers of its own. */
    public StatefulSetController(ApiClient api, Clock clock, StatefulSetControllerConfig config) {
        this(api, clock, config, new InformerFactory(api, clock), true);
    }

    /** A controller sharing the informers of {@code informers} (which the caller starts and closes). */
    public StatefulSetController(ApiClient api, Clock clock, StatefulSetControllerConfig config,
                                 InformerFactory informers) {
        this(api, clock, config, informers, false);
    }

    private StatefulSetController(ApiClient api, Clock clock, StatefulSetControllerConfig config,
                                  InformerFactory informers, boolean ownsInformers) {
        this.clock = clock;
        this.informers = informers;
        this.ownsInformers = ownsInformers;
        this.sets = informers.informer(STATEFULSETS);
        this.pods = informers.informer(PodControl.PODS);
        this.revisions = informers.informer(Revisions.CONTROLLER_REVISIONS);
        this.claims = informers.informer(ApiStatefulPodControl.CLAIMS);
        this.queue = WorkQueue.withDefaultRateLimiter(clock);
        this.events = new ApiEventRecorder(api, clock, "statefulset-controller");
        this.setClient = api.resource(STATEFULSETS);
        this.setStatus = setClient.subresource("status");
        this.podsClient = api.resource(PodControl.PODS);
        this.history = new ControllerHistory(api);
        this.setRevisions = new StatefulSetRevisions(history);
        this.control = new StatefulSetControl(new ApiStatefulPodControl(api, claims.cache(), events));
        registrations.add(sets.addEventHandler(ResourceEventHandler.onAnyChange(s -> queue.add(ObjectKey.of(s))),
                config.resyncPeriod()));
        registrations.add(pods.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode pod, boolean initialList) {
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
                enqueueOwner(pod);
            }
        }));
        registrations.add(revisions.addEventHandler(ResourceEventHandler.onAnyChange(this::enqueueOwner)));
        registrations.add(claims.addEventHandler(ResourceEventHandler.onAnyChange(c -> { })));
        this.controller = new Controller<>("statefulset-controller", queue, this::sync, config.workers(),
                registrations.stream().map(r -> (BooleanSupplier) r::hasSynced).toList());
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

    private void enqueueOwner(JsonNode obj) {
        Optional<JsonNode> ref = ControllerRefs.controllerOf(obj);
        if (ref.isPresent()) {
            if (KIND.kind().equals(ref.get().path("kind").asText())) {
                queue.add(new ObjectKey(Meta.namespace(obj), ref.get().path("name").asText()));
            }
            return;
        }
        for (ObjectNode set : sets.cache().list(Meta.namespace(obj))) {
            LabelSelector selector = selectorOf(set);
            if (!selector.isEmpty() && selector.matches(Meta.labels(obj))) {
                queue.add(ObjectKey.of(set));
            }
        }
    }

    private static LabelSelector selectorOf(JsonNode set) {
        try {
            return LabelSelector.fromJson(set.path("spec").path("selector"));
        } catch (RuntimeException e) {
            return LabelSelector.nothing();
        }
    }

    private Optional<JsonNode> fresh(JsonNode set) {
        try {
            return Optional.of(setClient.get(Meta.namespace(set), Meta.name(set)));
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Result sync(ObjectKey key) {
        Optional<ObjectNode> cached = sets.cache().get(key);
        if (cached.isEmpty()) {
            return Result.done();
        }
        ObjectNode set = cached.get();
        LabelSelector selector = selectorOf(set);
        if (selector.isEmpty()) {
            return Result.done(); // validation forbids it; never claim every pod of the namespace
        }
        List<JsonNode> setPods = claimPods(set, selector);
        List<JsonNode> setRevs = history.claim(set, KIND, selector, revisions.cache().list(Meta.namespace(set)),
                () -> fresh(set));
        StatefulSetRevisions.Resolved resolved = setRevisions.resolve(set, setRevs);
        StatefulSetStatus status = control.update(set, resolved.current(), resolved.update(),
                resolved.collisionCount(), setPods, clock.now());
        writeStatus(set, status);
        List<JsonNode> allRevs = new ArrayList<>(setRevs);
        if (allRevs.stream().noneMatch(r -> Meta.name(r).equals(Meta.name(resolved.update())))) {
            allRevs.add(resolved.update());
        }
        setRevisions.truncate(set, setPods, allRevs, resolved.current(), resolved.update());
        int minReady = set.path("spec").path("minReadySeconds").asInt(0);
        if (minReady > 0 && status.readyReplicas != status.availableReplicas) {
            return Result.requeueAfter(Duration.ofSeconds(minReady));
        }
        return Result.done();
    }

    /** The set's pods: members by name that it controls or (while it is not being deleted) adopts. */
    private List<JsonNode> claimPods(ObjectNode set, LabelSelector selector) {
        String uid = Meta.uid(set);
        List<JsonNode> candidates = new ArrayList<>();
        for (ObjectNode pod : pods.cache().list(Meta.namespace(set))) {
            if (!StatefulPods.isMemberOf(set, pod)) {
                continue;
            }
            Optional<JsonNode> ref = ControllerRefs.controllerOf(pod);
            if (ref.map(r -> uid.equals(r.path("uid").asText())).orElse(selector.matches(Meta.labels(pod)))) {
                candidates.add(pod);
            }
        }
        return new ControllerRefManager(set, KIND, selector, podsClient, () -> fresh(set)).claim(candidates);
    }

    private void writeStatus(ObjectNode set, StatefulSetStatus status) {
        status.completeRollingUpdate(set);
        if (JsonEquality.equal(status.applyTo(set.get("status")), set.get("status"))) {
            return;
        }
        try {
            setStatus.modify(Meta.namespace(set), Meta.name(set), cur -> {
                if (!Meta.uid(cur).equals(Meta.uid(set))) {
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
