package dev.tugboat.controllers.replicaset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Controller;
import dev.tugboat.client.events.ApiEventRecorder;
import dev.tugboat.client.informer.HandlerRegistration;
import dev.tugboat.client.informer.InformerFactory;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.informer.ResourceEventHandler;
import dev.tugboat.client.informer.SharedInformer;
import dev.tugboat.client.queue.WorkQueue;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.controllers.common.ControllerRefs;
import dev.tugboat.controllers.common.Expectations;
import dev.tugboat.controllers.common.PodControl;
import dev.tugboat.controllers.common.Pods;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The ReplicaSet controller, or with {@link ReplicaSetControllerConfig#replicationControllers()} the
 * ReplicationController controller (upstream's pkg/controller/replicaset and its RC adapter). Event
 * handlers map owner and pod changes to owner keys, settling expectations as the controller's own creates
 * and deletes show up; {@link ReplicaSetSync} does the work per key.
 */
public final class ReplicaSetController implements AutoCloseable {

    private final ReplicatedKind kind;
    private final InformerFactory ownedFactory;
    private final SharedInformer owners;
    private final SharedInformer pods;
    private final HandlerRegistration ownerRegistration;
    private final HandlerRegistration podRegistration;
    private final WorkQueue<ObjectKey> queue;
    private final Expectations<ObjectKey> expectations;
    private final ApiEventRecorder events;
    private final Controller<ObjectKey> controller;

    /** A controller with informers of its own. */
    public ReplicaSetController(ApiClient api, Clock clock, ReplicaSetControllerConfig config) {
        this(api, new InformerFactory(api, clock), true, clock, config);
    }

    /** A controller sharing the informers of {@code informers} (which the caller starts and closes). */
    public ReplicaSetController(ApiClient api, InformerFactory informers, Clock clock,
                                ReplicaSetControllerConfig config) {
        this(api, informers, false, clock, config);
    }

    private ReplicaSetController(ApiClient api, InformerFactory informers, boolean ownsFactory, Clock clock,
                                 ReplicaSetControllerConfig config) {
        this.kind = config.kind();
        this.ownedFactory = ownsFactory ? informers : null;
        this.owners = informers.informer(kind.resource());
        this.pods = informers.informer(PodControl.PODS);
        this.queue = WorkQueue.withDefaultRateLimiter(clock);
        this.expectations = new Expectations<>(clock);
        this.events = new ApiEventRecorder(api, clock, kind.component());
        ReplicaSetSync sync = new ReplicaSetSync(api, clock, config, owners.cache(), pods.cache(), expectations,
                new PodControl(api, events), queue);
        this.ownerRegistration = owners.addEventHandler(ResourceEventHandler.onAnyChange(this::enqueueOwner));
        this.podRegistration = pods.addEventHandler(new PodHandler());
        this.controller = new Controller<>(kind.component(), queue, sync::sync, config.workers(),
                List.of(ownerRegistration::hasSynced, podRegistration::hasSynced));
    }

    private void enqueueOwner(ObjectNode owner) {
        queue.add(ObjectKey.of(owner));
    }

    /** The owner a controller reference points at, if it is of this kind and still the same object. */
    private Optional<ObjectNode> resolve(String namespace, JsonNode ref) {
        if (!kind.ownerKind().kind().equals(ref.path("kind").asText())) {
            return Optional.empty();
        }
        return owners.cache().get(new ObjectKey(namespace, ref.path("name").asText()))
                .filter(o -> Meta.uid(o).equals(ref.path("uid").asText()));
    }

    /** Owners of the pod's namespace whose selector matches the pod (upstream's getPodReplicaSets). */
    private List<ObjectNode> selectingOwners(JsonNode pod) {
        Map<String, String> labels = Meta.labels(pod);
        return owners.cache().list(Meta.namespace(pod)).stream().filter(o -> {
            LabelSelector s = kind.selector(o);
            return s.matches(labels);
        }).toList();
    }

    /** Pod events, as upstream's addPod / updatePod / deletePod. */
    private final class PodHandler implements ResourceEventHandler {

        @Override
        public void onAdd(ObjectNode pod, boolean initialList) {
            if (Meta.isDeleting(pod)) {
                onDelete(pod, false);
                return;
            }
            Optional<JsonNode> ref = ControllerRefs.controllerOf(pod);
            if (ref.isPresent()) {
                resolve(Meta.namespace(pod), ref.get()).ifPresent(owner -> {
                    ObjectKey key = ObjectKey.of(owner);
                    expectations.creationObserved(key);
                    queue.add(key);
                });
                return;
            }
            selectingOwners(pod).forEach(ReplicaSetController.this::enqueueOwner);
        }

        @Override
        public void onUpdate(ObjectNode old, ObjectNode cur) {
            if (Meta.resourceVersion(old).equals(Meta.resourceVersion(cur))) {
                return; // a resync: the owners' own informer brings them back
            }
            boolean labelsChanged = !Meta.labels(old).equals(Meta.labels(cur));
            if (Meta.isDeleting(cur)) {
                onDelete(cur, false);
                if (labelsChanged) {
                    onDelete(old, false);
                }
                return;
            }
            Optional<JsonNode> oldRef = ControllerRefs.controllerOf(old);
            Optional<JsonNode> curRef = ControllerRefs.controllerOf(cur);
            boolean refChanged = !Objects.equals(oldRef.map(r -> r.path("uid").asText()),
                    curRef.map(r -> r.path("uid").asText()));
            if (refChanged && oldRef.isPresent()) {
                resolve(Meta.namespace(old), oldRef.get()).ifPresent(ReplicaSetController.this::enqueueOwner);
            }
            if (curRef.isPresent()) {
                resolve(Meta.namespace(cur), curRef.get()).ifPresent(owner -> {
                    enqueueOwner(owner);
                    int minReady = owner.path("spec").path("minReadySeconds").asInt(0);
                    if (minReady > 0 && !Pods.isReady(old) && Pods.isReady(cur)) {
                        // Look again when the pod becomes available.
                        queue.addAfter(ObjectKey.of(owner), Duration.ofSeconds(minReady + 1L));
                    }
                });
                return;
            }
            if (labelsChanged || refChanged) {
                selectingOwners(cur).forEach(ReplicaSetController.this::enqueueOwner);
            }
        }

        @Override
        public void onDelete(ObjectNode pod, boolean finalStateUnknown) {
            Optional<JsonNode> ref = ControllerRefs.controllerOf(pod);
            if (ref.isEmpty()) {
                return;
            }
            resolve(Meta.namespace(pod), ref.get()).ifPresent(owner -> {
                ObjectKey key = ObjectKey.of(owner);
                expectations.deletionObserved(key, Meta.uid(pod));
                queue.add(key);
            });
        }
    }

    /** Starts its own informers (a shared factory is started by its owner) and the workers. */
    public void start() {
        if (ownedFactory != null) {
            ownedFactory.start();
        }
        controller.start();
    }

    /** True once owners and pods are cached and the workers may run. */
    public boolean isSynced() {
        return ownerRegistration.hasSynced() && podRegistration.hasSynced();
    }

    @Override
    public void close() {
        controller.close();
        if (ownedFactory != null) {
            ownedFactory.close();
        }
        events.close();
    }
}
