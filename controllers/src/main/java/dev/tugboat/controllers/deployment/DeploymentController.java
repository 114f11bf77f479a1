package dev.tugboat.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.meta.GroupVersionResource;
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
import dev.tugboat.controllers.common.PodControl;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The Deployment controller (upstream's pkg/controller/deployment). Event handlers map Deployment,
 * ReplicaSet and pod changes to Deployment keys as upstream's do (a ReplicaSet to its controller, or an
 * orphan to every Deployment whose selector matches it; a deleted pod to its Recreate Deployment, which
 * waits for old pods to be gone); {@link DeploymentSync} does the work per key.
 */
public final class DeploymentController implements AutoCloseable {

    public static final GroupVersionResource DEPLOYMENTS = new GroupVersionResource("apps", "v1", "deployments");
    public static final GroupVersionResource REPLICA_SETS = new GroupVersionResource("apps", "v1", "replicasets");
    public static final String COMPONENT = "deployment-controller";

    private final InformerFactory ownedFactory;
    private final SharedInformer deployments;
    private final SharedInformer replicaSets;
    private final SharedInformer pods;
    private final List<HandlerRegistration> registrations;
    private final WorkQueue<ObjectKey> queue;
    private final ApiEventRecorder events;
    private final Controller<ObjectKey> controller;

    /** A controller with informers of its own. */
    public DeploymentController(ApiClient api, Clock clock, DeploymentControllerConfig config) {
        this(api, new InformerFactory(api, clock), true, clock, config);
    }

    /** A controller sharing the informers of {@code informers} (which the caller starts and closes). */
    public DeploymentController(ApiClient api, InformerFactory informers, Clock clock,
                                DeploymentControllerConfig config) {
        this(api, informers, false, clock, config);
    }

    private DeploymentController(ApiClient api, InformerFactory informers, boolean ownsFactory, Clock clock,
                                 DeploymentControllerConfig config) {
        this.ownedFactory = ownsFactory ? informers : null;
        this.deployments = informers.informer(DEPLOYMENTS);
        this.replicaSets = informers.informer(REPLICA_SETS);
        this.pods = informers.informer(PodControl.PODS);
        this.queue = WorkQueue.withDefaultRateLimiter(clock);
        this.events = new ApiEventRecorder(api, clock, COMPONENT);
        DeploymentSync sync = new DeploymentSync(api, clock, deployments.cache(), replicaSets.cache(), pods.cache(),
                events);
        this.registrations = List.of(
                deployments.addEventHandler(ResourceEventHandler.onAnyChange(d -> queue.add(ObjectKey.of(d)))),
                replicaSets.addEventHandler(new ReplicaSetHandler()),
                pods.addEventHandler(new PodHandler()));
        this.controller = new Controller<>(COMPONENT, queue, sync::sync, config.workers(),
                registrations.stream().map(r -> (BooleanSupplier) r::hasSynced).toList());
    }

    /** The Deployment a controller reference points at, if it still exists with that uid. */
    private Optional<ObjectNode> resolve(String namespace, JsonNode ref) {
        if (!"Deployment".equals(ref.path("kind").asText())) {
            return Optional.empty();
        }
        return deployments.cache().get(new ObjectKey(namespace, ref.path("name").asText()))
                .filter(d -> Meta.uid(d).equals(ref.path("uid").asText()));
    }

    private void enqueue(ObjectNode d) {
        queue.add(ObjectKey.of(d));
    }

    /** Deployments whose non-empty selector matches an orphan ReplicaSet (upstream's getDeploymentsForReplicaSet). */
    private void enqueueSelecting(JsonNode rs) {
        Map<String, String> labels = Meta.labels(rs);
        for (ObjectNode d : deployments.cache().list(Meta.namespace(rs))) {
            LabelSelector s = LabelSelector.fromJson(d.path("spec").path("selector"));
            if (!s.isEmpty() && s.matches(labels)) {
                enqueue(d);
            }
        }
    }

    private final class ReplicaSetHandler implements ResourceEventHandler {

        @Override
        public void onAdd(ObjectNode rs, boolean initialList) {
            if (Meta.isDeleting(rs)) {
                onDelete(rs, false);
                return;
            }
            Optional<JsonNode> ref = ControllerRefs.controllerOf(rs);
            if (ref.isPresent()) {
                resolve(Meta.namespace(rs), ref.get()).ifPresent(DeploymentController.this::enqueue);
            } else {
                enqueueSelecting(rs);
            }
        }

        @Override
        public void onUpdate(ObjectNode old, ObjectNode cur) {
            if (Meta.resourceVersion(old).equals(Meta.resourceVersion(cur))) {
                return;
            }
            Optional<JsonNode> oldRef = ControllerRefs.controllerOf(old);
            Optional<JsonNode> curRef = ControllerRefs.controllerOf(cur);
            boolean refChanged = !Objects.equals(oldRef.map(r -> r.path("uid").asText()),
                    curRef.map(r -> r.path("uid").asText()));
            if (refChanged && oldRef.isPresent()) {
                resolve(Meta.namespace(old), oldRef.get()).ifPresent(DeploymentController.this::enqueue);
            }
            if (curRef.isPresent()) {
                resolve(Meta.namespace(cur), curRef.get()).ifPresent(DeploymentController.this::enqueue);
                return;
            }
            if (refChanged || !Meta.labels(old).equals(Meta.labels(cur))) {
                enqueueSelecting(cur);
            }
        }

        @Override
        public void onDelete(ObjectNode rs, boolean finalStateUnknown) {
            ControllerRefs.controllerOf(rs).flatMap(ref -> resolve(Meta.namespace(rs), ref))
                    .ifPresent(DeploymentController.this::enqueue);
        }
    }

    /** A Recreate Deployment waits for its old pods to be gone: their deletion wakes it. */
    private final class PodHandler implements ResourceEventHandler {

        @Override
        public void onAdd(ObjectNode pod, boolean initialList) {
        }

        @Override
        public void onUpdate(ObjectNode old, ObjectNode cur) {
        }

        @Override
        public void onDelete(ObjectNode pod, boolean finalStateUnknown) {
            Optional<JsonNode> rsRef = ControllerRefs.controllerOf(pod)
                    .filter(r -> "ReplicaSet".equals(r.path("kind").asText()));
            if (rsRef.isEmpty()) {
                return;
            }
            replicaSets.cache().get(new ObjectKey(Meta.namespace(pod), rsRef.get().path("name").asText()))
                    .flatMap(ControllerRefs::controllerOf)
                    .flatMap(ref -> resolve(Meta.namespace(pod), ref))
                    .filter(d -> "Recreate".equals(d.path("spec").path("strategy").path("type").asText()))
                    .ifPresent(DeploymentController.this::enqueue);
        }
    }

    /** Starts its own informers (a shared factory is started by its owner) and the workers. */
    public void start() {
        if (ownedFactory != null) {
            ownedFactory.start();
        }
        controller.start();
    }

    /** True once Deployments, ReplicaSets and pods are cached and the workers may run. */
    public boolean isSynced() {
        return registrations.stream().allMatch(HandlerRegistration::hasSynced);
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
