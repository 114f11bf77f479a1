package dev.tugboat.controllers.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.labels.InvalidSelectorException;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.api.validation.JsonEquality;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Controller;
import dev.tugboat.client.controller.Result;
import dev.tugboat.client.discovery.CachedDiscovery;
import dev.tugboat.client.discovery.DiscoveryClient;
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
import dev.tugboat.client.rest.TransportException;
import dev.tugboat.controllers.common.PodControl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HorizontalPodAutoscaler controller (upstream's pkg/controller/podautoscaler). Each autoscaler is
 * reconciled once per sync period: any change to it is picked up at the next period, as upstream's
 * fixed-interval queue does. A reconcile reads the target's scale, asks {@link MetricReplicas} what the
 * metrics call for, normalizes that with {@link ReplicaNormalizer}, writes the scale if it changes, and
 * writes the autoscaler's status only when it changed.
 */
public final class HorizontalPodAutoscalerController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HorizontalPodAutoscalerController.class);
    public static final GroupVersionResource HPAS =
            new GroupVersionResource("autoscaling", "v2", "horizontalpodautoscalers");
    public static final String COMPONENT = "horizontal-pod-autoscaler";

    private final Clock clock;
    private final HorizontalPodAutoscalerConfig config;
    private final InformerFactory ownedFactory;
    private final SharedInformer hpas;
    private final SharedInformer pods;
    private final ResourceClient hpaStatus;
    private final ScaleTargets scaleTargets;
    private final MetricReplicas metricReplicas;
    private final ApiEventRecorder events;
    private final WorkQueue<ObjectKey> queue;
    private final HandlerRegistration registration;
    private final Controller<ObjectKey> controller;
    private final Map<ObjectKey, ScalingHistory> histories = new ConcurrentHashMap<>();
    /**
     * The last selector each autoscaler's target reported (nothing until its first reconcile), to find pods
     * two autoscalers would fight over (upstream's hpaSelectors).
     */
    private final Map<ObjectKey, LabelSelector> selectors = new ConcurrentHashMap<>();

    /** A controller with informers of its own. */
    public HorizontalPodAutoscalerController(ApiClient api, Clock clock, HorizontalPodAutoscalerConfig config,
                                             ResourceMetricsClient metrics) {
        this(api, clock, config, metrics, new InformerFactory(api, clock), true);
    }

    /** A controller sharing the informers of {@code informers} (autoscalers and pods), which the caller starts and closes. */
    public HorizontalPodAutoscalerController(ApiClient api, Clock clock, HorizontalPodAutoscalerConfig config,
                                             ResourceMetricsClient metrics, InformerFactory informers) {
        this(api, clock, config, metrics, informers, false);
    }

    private HorizontalPodAutoscalerController(ApiClient api, Clock clock, HorizontalPodAutoscalerConfig config,
                                              ResourceMetricsClient metrics, InformerFactory informers,
                                              boolean ownsFactory) {
        this.clock = clock;
        this.config = config;
        this.ownedFactory = ownsFactory ? informers : null;
        this.hpas = informers.informer(HPAS);
        this.pods = informers.informer(PodControl.PODS);
        this.hpaStatus = api.resource(HPAS).subresource("status");
        this.scaleTargets = new ScaleTargets(api, new CachedDiscovery(new DiscoveryClient(api), clock,
                Duration.ofSeconds(30)));
        this.events = new ApiEventRecorder(api, clock, COMPONENT);
        this.metricReplicas = new MetricReplicas(metrics,
                new ReplicaCalculator(config.cpuInitializationPeriod(), config.delayOfInitialReadinessStatus()), events);
        this.queue = WorkQueue.withDefaultRateLimiter(clock);
        this.registration = hpas.addEventHandler(new AutoscalerHandler(), config.syncPeriod());
        this.controller = new Controller<>(COMPONENT, queue, this::sync, config.workers(),
                List.<BooleanSupplier>of(registration::hasSynced, pods::hasSynced));
    }

    /**
     * Every notification schedules a reconcile one sync period later (upstream's fixed-interval rate
     * limiter); of several pending ones the earliest stays, so each autoscaler is looked at once a period.
     */
    private final class AutoscalerHandler implements ResourceEventHandler {
        @Override
        public void onAdd(ObjectNode hpa, boolean initialList) {
            enqueue(hpa);
        }

        @Override
        public void onUpdate(ObjectNode oldHpa, ObjectNode newHpa) {
            enqueue(newHpa);
        }

        @Override
        public void onDelete(ObjectNode hpa, boolean finalStateUnknown) {
            ObjectKey key = ObjectKey.of(hpa);
            queue.forget(key);
            selectors.remove(key);
        }

        private void enqueue(ObjectNode hpa) {
            ObjectKey key = ObjectKey.of(hpa);
            queue.addAfter(key, config.syncPeriod());
            selectors.putIfAbsent(key, LabelSelector.nothing());
        }
    }

    private Result sync(ObjectKey key) {
        Optional<ObjectNode> cached = hpas.cache().get(key);
        if (cached.isEmpty()) {
            histories.remove(key);
            return Result.done();
        }
        try {
            reconcile(key, cached.get());
        } catch (StatusException | TransportException e) {
            LOG.info("{}: reconcile of {} failed: {}", COMPONENT, key, e.getMessage());
        } catch (RuntimeException e) {
            // Whatever failed, the autoscaler is looked at again next period, as upstream's queue does.
            LOG.warn("{}: reconcile of {} failed", COMPONENT, key, e);
        }
        return Result.requeueAfter(config.syncPeriod());
    }

    /** Upstream's reconcileAutoscaler. */
    private void reconcile(ObjectKey key, ObjectNode shared) {
        ObjectNode hpa = shared.deepCopy();
        JsonNode originalStatus = shared.path("status");
        Instant now = clock.now();
        EventRecorder.ObjectRef ref = new EventRecorder.ObjectRef("autoscaling/v2", "HorizontalPodAutoscaler",
                key.namespace(), key.name(), Meta.uid(hpa));
        JsonNode spec = hpa.path("spec");
        JsonNode targetRef = spec.path("scaleTargetRef");
        String reference = targetRef.path("kind").asText("") + "/" + key.namespace() + "/"
                + targetRef.path("name").asText("");

        ScaleTargets.Scale scale;
        try {
            scale = scaleTargets.get(key.namespace(), targetRef);
        } catch (ScaleTargets.ScaleException e) {
            events.record(ref, EventRecorder.WARNING, "FailedGetScale", e.getMessage());
            Condition.isFalse(Condition.ABLE_TO_SCALE, "FailedGetScale",
                    "the HPA controller was unable to get the target's current scale: " + e.getMessage())
                    .setIn(status(hpa), now);
            writeStatusIfChanged(hpa, originalStatus, ref);
            LOG.debug("{}: failed to query scale subresource for {}: {}", key, reference, e.getMessage());
            return;
        }
        Condition.isTrue(Condition.ABLE_TO_SCALE, "SucceededGetScale",
                "the HPA controller was able to get the target's current scale").setIn(status(hpa), now);
        int current = scale.specReplicas();
        ScalingHistory history = histories.computeIfAbsent(key, k -> new ScalingHistory());
        history.recordInitial(current, now);

        int min = spec.path("minReplicas").isIntegralNumber() ? spec.path("minReplicas").asInt() : 1;
        int max = spec.path("maxReplicas").asInt();
        Optional<ScalingRules.Behavior> behavior = ScalingRules.Behavior.of(spec, config.downscaleStabilizationWindow());
        ArrayNode metricStatuses = null;
        int desired = 0;
        String rescaleReason = "";
        boolean rescale = true;
        if (current == 0 && min != 0) {
            desired = 0;
            rescale = false;
            Condition.isFalse(Condition.SCALING_ACTIVE, "ScalingDisabled",
                    "scaling is disabled since the replica count of the target is zero").setIn(status(hpa), now);
        } else if (current > max) {
            rescaleReason = "Current number of replicas above Spec.MaxReplicas";
            desired = max;
        } else if (current < min) {
            rescaleReason = "Current number of replicas below Spec.MinReplicas";
            desired = min;
        } else {
            MetricReplicas.Outcome outcome = computeReplicasForMetrics(key, hpa, ref, scale, behavior, now);
            metricStatuses = outcome.statuses();
            if (outcome.replicas() < 0) {
                setStatus(hpa, current, hpa.path("status").path("desiredReplicas").asInt(0), metricStatuses, false, now);
                writeStatusIfChanged(hpa, originalStatus, ref);
                if (outcome.error() != null) {
                    events.record(ref, EventRecorder.WARNING, "FailedComputeMetricsReplicas", outcome.error());
                }
                LOG.debug("{}: failed to compute desired number of replicas based on listed metrics for {}: {}", key,
                        reference, outcome.error());
                return;
            }
            if (outcome.error() != null) {
                // Some metrics failed but the others may scale: upstream acts on them and reports the error.
                LOG.debug("{}: {}", key, outcome.error());
            }
            desired = outcome.replicas();
            if (desired > current) {
                rescaleReason = outcome.metric() + " above target";
            } else if (desired < current) {
                rescaleReason = "All metrics below target";
            }
            ReplicaNormalizer.Normalized normalized = behavior.isPresent()
                    ? ReplicaNormalizer.normalizeWithBehavior(history, behavior.get(), current, desired, min, max, now)
                    : ReplicaNormalizer.normalize(history, current, desired, min, max,
                    config.downscaleStabilizationWindow(), now);
            normalized.ableToScale().setIn(status(hpa), now);
            normalized.scalingLimited().setIn(status(hpa), now);
            desired = normalized.replicas();
            rescale = desired != current;
        }

        if (rescale) {
            try {
                scaleTargets.update(scale, desired);
            } catch (ScaleTargets.ScaleException e) {
                events.record(ref, EventRecorder.WARNING, "FailedRescale",
                        "New size: " + desired + "; reason: " + rescaleReason + "; error: " + e.getMessage());
                Condition.isFalse(Condition.ABLE_TO_SCALE, "FailedUpdateScale",
                        "the HPA controller was unable to update the target scale: " + e.getMessage())
                        .setIn(status(hpa), now);
                setStatus(hpa, current, hpa.path("status").path("desiredReplicas").asInt(0), metricStatuses, false, now);
                writeStatusIfChanged(hpa, originalStatus, ref);
                LOG.debug("{}: failed to rescale {}: {}", key, reference, e.getMessage());
                return;
            }
            Condition.isTrue(Condition.ABLE_TO_SCALE, "SucceededRescale",
                    "the HPA controller was able to update the target scale to " + desired).setIn(status(hpa), now);
            events.record(ref, EventRecorder.NORMAL, "SuccessfulRescale",
                    "New size: " + desired + "; reason: " + rescaleReason);
            if (behavior.isPresent()) {
                ReplicaNormalizer.storeScaleEvent(history, behavior.get(), current, desired, now);
            }
            LOG.info("{}: rescaled {} from {} to {}: {}", key, reference, current, desired, rescaleReason);
        } else {
            desired = current;
        }
        setStatus(hpa, current, desired, metricStatuses, rescale, now);
        writeStatusIfChanged(hpa, originalStatus, ref);
    }

    /** Upstream's computeReplicasForMetrics: the selector checks, then every metric. */
    private MetricReplicas.Outcome computeReplicasForMetrics(ObjectKey key, ObjectNode hpa, EventRecorder.ObjectRef ref,
                                                             ScaleTargets.Scale scale,
                                                             Optional<ScalingRules.Behavior> behavior, Instant now) {
        String selectorText = scale.selector();
        List<ObjectNode> selected = new ArrayList<>();
        String error = validateSelector(key, hpa, ref, selectorText, selected, now);
        if (error != null) {
            return new MetricReplicas.Outcome(-1, "", null, error);
        }
        List<JsonNode> specs = new ArrayList<>();
        hpa.path("spec").path("metrics").forEach(specs::add);
        if (specs.isEmpty()) {
            // The API server defaults an empty list to this; an object stored before that still gets it.
            ObjectNode cpu = Json.object().put("type", "Resource");
            cpu.putObject("resource").put("name", "cpu").putObject("target").put("type", "Utilization")
                    .put("averageUtilization", 80);
            specs.add(cpu);
        }
        MetricReplicas.Target target = new MetricReplicas.Target(hpa, ref, scale.specReplicas(), selectorText,
                selected, tolerances(behavior), now);
        return metricReplicas.compute(target, specs);
    }

    /**
     * Upstream's validateAndParseSelector: the target must report a valid selector, and no other
     * autoscaler may select the same pods. Fills {@code selected} with the pods it matches.
     *
     * @return null when valid, else the error (the event and ScalingActive condition are recorded)
     */
    private String validateSelector(ObjectKey key, ObjectNode hpa, EventRecorder.ObjectRef ref, String selectorText,
                                    List<ObjectNode> selected, Instant now) {
        if (selectorText.isEmpty()) {
            events.record(ref, EventRecorder.WARNING, "SelectorRequired", "selector is required");
            Condition.isFalse(Condition.SCALING_ACTIVE, "InvalidSelector", "the HPA target's scale is missing a selector")
                    .setIn(status(hpa), now);
            return "selector is required";
        }
        LabelSelector selector;
        try {
            selector = LabelSelector.parse(selectorText);
        } catch (InvalidSelectorException e) {
            String message = "couldn't convert selector into a corresponding internal selector object: " + e.getMessage();
            events.record(ref, EventRecorder.WARNING, "InvalidSelector", message);
            Condition.isFalse(Condition.SCALING_ACTIVE, "InvalidSelector", message).setIn(status(hpa), now);
            return message;
        }
        // Only an autoscaler still known (not deleted meanwhile) is registered.
        selectors.computeIfPresent(key, (k, old) -> selector);
        for (ObjectNode pod : pods.cache().list(key.namespace())) {
            if (selector.matches(Meta.labels(pod))) {
                selected.add(pod);
            }
        }
        Set<String> controlling = new TreeSet<>();
        for (ObjectNode pod : selected) {
            Map<String, String> labels = Meta.labels(pod);
            selectors.forEach((k, s) -> {
                if (k.namespace().equals(key.namespace()) && s.matches(labels)) {
                    controlling.add(k.toString());
                }
            });
        }
        if (controlling.size() > 1) {
            String message = "pods by selector " + selectorText + " are controlled by multiple HPAs: ["
                    + String.join(" ", controlling) + "]";
            events.record(ref, EventRecorder.WARNING, "AmbiguousSelector", message);
            Condition.isFalse(Condition.SCALING_ACTIVE, "AmbiguousSelector", message).setIn(status(hpa), now);
            return message;
        }
        return null;
    }

    /** The controller's tolerance, or per direction the behavior's (upstream's tolerancesForHpa). */
    private Tolerances tolerances(Optional<ScalingRules.Behavior> behavior) {
        double down = config.tolerance();
        double up = config.tolerance();
        if (behavior.isPresent()) {
            down = behavior.get().scaleDown().tolerance().orElse(down);
            up = behavior.get().scaleUp().tolerance().orElse(up);
        }
        return new Tolerances(down, up);
    }

    private static ObjectNode status(ObjectNode hpa) {
        return hpa.withObjectProperty("status");
    }

    /**
     * Upstream's setStatus: the status anew, keeping the conditions and the last scale time (now, after a
     * rescale); {@code observedGeneration} says which spec it reflects.
     */
    private static void setStatus(ObjectNode hpa, int current, int desired, ArrayNode metricStatuses, boolean rescaled,
                                  Instant now) {
        JsonNode old = hpa.path("status");
        ObjectNode status = Json.object();
        status.put("observedGeneration", Meta.generation(hpa));
        if (rescaled) {
            status.put("lastScaleTime", Timestamps.format(now));
        } else if (old.hasNonNull("lastScaleTime")) {
            status.set("lastScaleTime", old.get("lastScaleTime"));
        }
        if (current != 0) {
            status.put("currentReplicas", current);
        }
        status.put("desiredReplicas", desired);
        if (metricStatuses != null && !metricStatuses.isEmpty()) {
            status.set("currentMetrics", metricStatuses);
        }
        if (old.path("conditions").isArray() && !old.path("conditions").isEmpty()) {
            status.set("conditions", old.get("conditions"));
        }
        hpa.set("status", status);
    }

    /** Writes the status unless it equals what was read (so a settled autoscaler writes nothing). */
    private void writeStatusIfChanged(ObjectNode hpa, JsonNode originalStatus, EventRecorder.ObjectRef ref) {
        if (JsonEquality.equal(originalStatus, hpa.path("status"))) {
            return;
        }
        try {
            hpaStatus.update(ref.namespace(), hpa);
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return;
            }
            events.record(ref, EventRecorder.WARNING, "FailedUpdateStatus", e.getMessage());
            throw e;
        }
    }

    /** Starts its own informers (a shared factory is started by its owner) and the workers. */
    public void start() {
        if (ownedFactory != null) {
            ownedFactory.start();
        }
        controller.start();
    }

    /** True once autoscalers and pods are cached. */
    public boolean isSynced() {
        return registration.hasSynced() && pods.hasSynced();
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
