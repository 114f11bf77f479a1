package dev.tugboat.controllers.nodelifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
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
import dev.tugboat.client.rest.DeleteOptions;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.controllers.common.InformerIndexes;
import dev.tugboat.controllers.common.Pods;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Taint-based eviction (upstream's pkg/controller/tainteviction): a pod on a node with NoExecute taints
 * it does not tolerate is deleted at once; one that tolerates them all, the shortest for
 * {@code tolerationSeconds}, is deleted that long after this controller first saw it so exposed (as
 * upstream, counted from the controller's own observation, not the taint's timeAdded). Before deleting,
 * the pod gets the {@code DisruptionTarget} condition and a {@code TaintManagerEviction} event; a
 * pending deletion that no longer applies is cancelled with an event too.
 */
public final class TaintEvictionController implements AutoCloseable {

    private final Clock clock;
    private final ResourceClient pods;
    private final InformerFactory informers;
    private final boolean ownsInformers;
    private final SharedInformer nodeInformer;
    private final SharedInformer podInformer;
    private final List<HandlerRegistration> registrations;
    private final WorkQueue<ObjectKey> queue;
    private final ApiEventRecorder events;
    private final Controller<ObjectKey> controller;
    /** Pods with a pending deletion: when it was scheduled (clock nanos), by pod uid. */
    private final ConcurrentMap<ObjectKey, Scheduled> scheduled = new ConcurrentHashMap<>();

    private record Scheduled(String uid, long sinceNanos) {
    }

    /** With informers of its own. */
    public TaintEvictionController(ApiClient api, Clock clock, TaintEvictionConfig config) {
        this(api, clock, config, new InformerFactory(api, clock), true);
    }

    /** With the node and pod informers of a shared factory (which the caller starts and closes). */
    public TaintEvictionController(ApiClient api, Clock clock, TaintEvictionConfig config, InformerFactory informers) {
        this(api, clock, config, informers, false);
    }

    private TaintEvictionController(ApiClient api, Clock clock, TaintEvictionConfig config,
                                    InformerFactory informers, boolean ownsInformers) {
        this.clock = clock;
        this.pods = api.resource(NodeLifecycleController.PODS);
        this.informers = informers;
        this.ownsInformers = ownsInformers;
        this.nodeInformer = informers.informer(NodeLifecycleController.NODES);
        this.podInformer = informers.informer(NodeLifecycleController.PODS);
        InformerIndexes.ensurePodsByNode(podInformer);
        this.queue = WorkQueue.withDefaultRateLimiter(clock);
        this.events = new ApiEventRecorder(api, clock, "taint-eviction-controller");
        this.registrations = List.of(
                nodeInformer.addEventHandler(new ResourceEventHandler() {
                    @Override
                    public void onAdd(ObjectNode node, boolean initialList) {
                        if (!Taint.of(node, Taint.NO_EXECUTE).isEmpty()) {
                            enqueuePodsOf(node);
                        }
                    }

                    @Override
                    public void onUpdate(ObjectNode oldNode, ObjectNode newNode) {
                        if (!Taint.of(oldNode, Taint.NO_EXECUTE).equals(Taint.of(newNode, Taint.NO_EXECUTE))) {
                            enqueuePodsOf(newNode);
                        }
                    }

                    @Override
                    public void onDelete(ObjectNode node, boolean finalStateUnknown) {
                        enqueuePodsOf(node);
                    }
                }),
                podInformer.addEventHandler(new ResourceEventHandler() {
                    @Override
                    public void onAdd(ObjectNode pod, boolean initialList) {
                        if (!Pods.nodeName(pod).isEmpty()) {
                            queue.add(ObjectKey.of(pod));
                        }
                    }

                    @Override
                    public void onUpdate(ObjectNode oldPod, ObjectNode newPod) {
                        if (!Pods.nodeName(oldPod).equals(Pods.nodeName(newPod))
                                || !oldPod.path("spec").path("tolerations").equals(newPod.path("spec").path("tolerations"))
                                || Meta.isDeleting(newPod) != Meta.isDeleting(oldPod)) {
                            queue.add(ObjectKey.of(newPod));
                        }
                    }

                    @Override
                    public void onDelete(ObjectNode pod, boolean finalStateUnknown) {
                        scheduled.remove(ObjectKey.of(pod));
                    }
                }));
        this.controller = new Controller<>("taint-eviction-controller", queue, this::sync, config.workers(),
                List.of(registrations.get(0)::hasSynced, registrations.get(1)::hasSynced));
    }

    private void enqueuePodsOf(JsonNode node) {
        podInformer.cache().byIndex(NodeLifecycleController.BY_NODE, Meta.name(node))
                .forEach(p -> queue.add(ObjectKey.of(p)));
    }

    private Result sync(ObjectKey key) {
        Optional<ObjectNode> cached = podInformer.cache().get(key);
        if (cached.isEmpty() || Meta.isDeleting(cached.get()) || Pods.nodeName(cached.get()).isEmpty()) {
            scheduled.remove(key);
            return Result.done();
        }
        ObjectNode pod = cached.get();
        List<Taint> taints = nodeInformer.cache().get(new ObjectKey("", Pods.nodeName(pod)))
                .map(n -> Taint.of(n, Taint.NO_EXECUTE)).orElse(List.of());
        return switch (Tolerations.verdict(taints, pod.path("spec").path("tolerations"))) {
            case Tolerations.Verdict.Keep k -> {
                cancel(key, pod);
                yield Result.done();
            }
            case Tolerations.Verdict.EvictNow n -> evict(key, pod);
            case Tolerations.Verdict.EvictAfter after -> {
                long now = clock.nanoTime();
                Scheduled s = scheduled.compute(key, (k, old) -> old != null && old.uid().equals(Meta.uid(pod))
                        ? old : new Scheduled(Meta.uid(pod), now));
                long left = s.sinceNanos() + after.toleration().toNanos() - now;
                yield left > 0 ? Result.requeueAfter(Duration.ofNanos(left)) : evict(key, pod);
            }
        };
    }

    private void cancel(ObjectKey key, JsonNode pod) {
        if (scheduled.remove(key) != null) {
            events.record(ref(pod), EventRecorder.NORMAL, "TaintManagerEviction", "Cancelling deletion of Pod " + key);
        }
    }

    /** Upstream's addConditionAndDeletePod, with the event of emitPodDeletionEvent first. */
    private Result evict(ObjectKey key, ObjectNode pod) {
        events.record(ref(pod), EventRecorder.NORMAL, "TaintManagerEviction", "Marking for deletion Pod " + key);
        String now = Timestamps.format(clock.now());
        try {
            pods.subresource("status").modify(key.namespace(), key.name(), fresh -> {
                if (!Meta.uid(fresh).equals(Meta.uid(pod)) || Pods.condition(fresh, "DisruptionTarget").isPresent()) {
                    return null;
                }
                ArrayNode conditions = fresh.withObjectProperty("status").withArrayProperty("conditions");
                conditions.addObject().put("type", "DisruptionTarget").put("status", "True")
                        .put("lastTransitionTime", now).put("reason", "DeletionByTaintManager")
                        .put("message", "Taint manager: deleting due to NoExecute taint");
                return fresh;
            });
            pods.delete(key.namespace(), key.name(), DeleteOptions.DEFAULT.withPreconditionUid(Meta.uid(pod)));
        } catch (StatusException e) {
            if (!e.isNotFound() && !e.isConflict()) {
                throw e;
            }
        }
        scheduled.remove(key);
        return Result.done();
    }

    private static EventRecorder.ObjectRef ref(JsonNode pod) {
        return new EventRecorder.ObjectRef("v1", "Pod", Meta.namespace(pod), Meta.name(pod), Meta.uid(pod));
    }

    public void start() {
        if (ownsInformers) {
            informers.start();
        }
        controller.start();
    }

    /** True once nodes and pods are cached. */
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
}
