package dev.tugboat.controllers.disruption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.api.resource.ApiResource;
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
import dev.tugboat.controllers.common.ControllerRefs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The disruption controller (upstream's pkg/controller/disruption): keeps every PodDisruptionBudget's
 * status — {@code currentHealthy}, {@code desiredHealthy}, {@code expectedPods},
 * {@code disruptionsAllowed}, {@code observedGeneration}, the evictions still pending in
 * {@code disruptedPods}, and the {@code DisruptionAllowed} condition ({@code SufficientPods},
 * {@code InsufficientPods}, or {@code SyncFailed} when the expected count cannot be worked out). The
 * expected count comes from the scale of the pods' controllers, found through their controller
 * references: ReplicationController, ReplicaSet (or the Deployment owning it), StatefulSet, or any kind
 * with a {@code scale} subresource. Budgets are synced again when their pods or the controllers' scale
 * change, and when a pending eviction times out.
 */
public final class DisruptionController implements AutoCloseable {

    static final GroupVersionResource PDBS = new GroupVersionResource("policy", "v1", "poddisruptionbudgets");
    static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    static final GroupVersionResource REPLICA_SETS = new GroupVersionResource("apps", "v1", "replicasets");
    static final GroupVersionResource DEPLOYMENTS = new GroupVersionResource("apps", "v1", "deployments");
    static final GroupVersionResource STATEFUL_SETS = new GroupVersionResource("apps", "v1", "statefulsets");
    static final GroupVersionResource RCS = new GroupVersionResource("", "v1", "replicationcontrollers");

    private final ApiClient api;
    private final Clock clock;
    private final DisruptionConfig config;
    private final ResourceClient pdbs;
    private final CachedDiscovery discovery;
    private final InformerFactory factory;
    private final boolean ownsInformers;
    private final Map<GroupVersionResource, SharedInformer> informers = new LinkedHashMap<>();
    private final List<HandlerRegistration> registrations = new ArrayList<>();
    private final WorkQueue<ObjectKey> queue;
    private final ApiEventRecorder events;
    private final Controller<ObjectKey> controller;

    /** A pod's controller that could not be found: the budget cannot be computed. */
    private static final class NoControllers extends RuntimeException {
        NoControllers(String message) {
            super(message);
        }
    }

    /** A controller of pods and how many it wants. */
    private record Scale(String uid, int replicas) {
    }

    /** With informers of its own. */
    public DisruptionController(ApiClient api, Clock clock, DisruptionConfig config) {
        this(api, clock, config, new InformerFactory(api, clock), true);
    }

    /**
     * With the informers of a shared factory (which the caller starts and closes): budgets, pods,
     * ReplicaSets, Deployments, StatefulSets and ReplicationControllers.
     */
    public DisruptionController(ApiClient api, Clock clock, DisruptionConfig config, InformerFactory informers) {
        this(api, clock, config, informers, false);
    }

    private DisruptionController(ApiClient api, Clock clock, DisruptionConfig config, InformerFactory factory,
                                 boolean ownsInformers) {
        this.factory = factory;
        this.ownsInformers = ownsInformers;
        this.api = api;
        this.clock = clock;
        this.config = config;
        this.pdbs = api.resource(PDBS);
        this.discovery = new CachedDiscovery(new DiscoveryClient(api), clock, Duration.ofSeconds(30));
        this.queue = WorkQueue.withDefaultRateLimiter(clock);
        this.events = new ApiEventRecorder(api, clock, "controllermanager");
        SharedInformer pdbInformer = informer(PDBS);
        registrations.add(pdbInformer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode pdb, boolean initialList) {
                queue.add(ObjectKey.of(pdb));
            }

            @Override
            public void onUpdate(ObjectNode oldPdb, ObjectNode newPdb) {
                queue.add(ObjectKey.of(newPdb));
            }

            @Override
            public void onDelete(ObjectNode pdb, boolean finalStateUnknown) {
                // Gone: nothing to keep up to date.
            }
        }, config.resyncPeriod()));
        registrations.add(informer(PODS).addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode pod, boolean initialList) {
                enqueueBudgetsOf(pod);
            }

            @Override
            public void onUpdate(ObjectNode oldPod, ObjectNode newPod) {
                enqueueBudgetsOf(newPod);
                if (!Meta.labels(oldPod).equals(Meta.labels(newPod))) {
                    enqueueBudgetsOf(oldPod);
                }
            }

            @Override
            public void onDelete(ObjectNode pod, boolean finalStateUnknown) {
                enqueueBudgetsOf(pod);
            }
        }));
        for (GroupVersionResource gvr : List.of(REPLICA_SETS, DEPLOYMENTS, STATEFUL_SETS, RCS)) {
            registrations.add(informer(gvr).addEventHandler(new ResourceEventHandler() {
                @Override
                public void onAdd(ObjectNode obj, boolean initialList) {
                    if (!initialList) {
                        enqueueBudgetsIn(Meta.namespace(obj));
                    }
                }

                @Override
                public void onUpdate(ObjectNode oldObj, ObjectNode newObj) {
                    if (replicas(oldObj) != replicas(newObj)) {
                        enqueueBudgetsIn(Meta.namespace(newObj));
                    }
                }

                @Override
                public void onDelete(ObjectNode obj, boolean finalStateUnknown) {
                    enqueueBudgetsIn(Meta.namespace(obj));
                }
            }));
        }
        this.controller = new Controller<>("disruption-controller", queue, this::sync, config.workers(),
                registrations.stream().<BooleanSupplier>map(r -> r::hasSynced).toList());
    }

    private SharedInformer informer(GroupVersionResource gvr) {
        SharedInformer i = factory.informer(gvr);
        informers.put(gvr, i);
        return i;
    }

    private void enqueueBudgetsOf(JsonNode pod) {
        for (ObjectNode pdb : informers.get(PDBS).cache().list(Meta.namespace(pod))) {
            if (selector(pdb).matches(Meta.labels(pod))) {
                queue.add(ObjectKey.of(pdb));
            }
        }
    }

    private void enqueueBudgetsIn(String namespace) {
        informers.get(PDBS).cache().list(namespace).forEach(p -> queue.add(ObjectKey.of(p)));
    }

    /** policy/v1: a missing selector selects nothing, an empty one every pod of the namespace. */
    static LabelSelector selector(JsonNode pdb) {
        JsonNode s = pdb.path("spec").path("selector");
        return s.isMissingNode() || s.isNull() ? LabelSelector.nothing() : LabelSelector.fromJson(s);
    }

    private Result sync(ObjectKey key) {
        Optional<ObjectNode> cached = informers.get(PDBS).cache().get(key);
        if (cached.isEmpty()) {
            return Result.done();
        }
        ObjectNode pdb = cached.get();
        LabelSelector selector;
        List<ObjectNode> pods;
        try {
            selector = selector(pdb);
            pods = informers.get(PODS).cache().list(key.namespace()).stream()
                    .filter(p -> selector.matches(Meta.labels(p))).toList();
        } catch (RuntimeException e) {
            return failSafe(pdb, e.getMessage());
        }
        if (pods.isEmpty()) {
            events.record(ref(pdb), EventRecorder.NORMAL, "NoPods", "No matching pods found");
        }
        List<String> unmanaged = new ArrayList<>();
        Budgets.Desired desired;
        try {
            desired = Budgets.desired(pdb.path("spec"), pods.size(), () -> expectedScale(pods, unmanaged));
        } catch (NoControllers | IllegalArgumentException e) {
            if (e instanceof NoControllers) {
                events.record(ref(pdb), EventRecorder.WARNING, "NoControllers", e.getMessage());
            }
            events.record(ref(pdb), EventRecorder.WARNING, "CalculateExpectedPodCountFailed",
                    "Failed to calculate the number of expected pods: " + e.getMessage());
            return failSafe(pdb, e.getMessage());
        }
        if (!unmanaged.isEmpty()) {
            events.record(ref(pdb), EventRecorder.NORMAL, "UnmanagedPods", "Pods selected by this "
                    + "PodDisruptionBudget (selector: " + Json.string(pdb.path("spec").path("selector"))
                    + ") were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, "
                    + "which may result in undefined behavior. To account for these pods please set \".spec.minAvailable\" "
                    + "field of the PDB to an integer value.");
        }
        Instant now = clock.now();
        Budgets.Disrupted disrupted = Budgets.disrupted(pdb.path("status").path("disruptedPods"), pods, now,
                config.deletionTimeout());
        for (String name : disrupted.expired()) {
            events.record(new EventRecorder.ObjectRef("v1", "Pod", key.namespace(), name, ""), EventRecorder.WARNING,
                    "NotDeleted", "Pod was expected by PDB " + key + " to be deleted but it wasn't");
        }
        int healthy = Budgets.currentHealthy(pods, disrupted.pending());
        int allowed = Budgets.disruptionsAllowed(healthy, desired.desiredHealthy(), desired.expectedPods());
        ObjectNode status = pdb.path("status").isObject() ? (ObjectNode) pdb.path("status").deepCopy() : Json.object();
        status.put("observedGeneration", Meta.generation(pdb));
        status.put("disruptionsAllowed", allowed);
        status.put("currentHealthy", healthy);
        status.put("desiredHealthy", desired.desiredHealthy());
        status.put("expectedPods", desired.expectedPods());
        status.remove("disruptedPods");
        if (!disrupted.pending().isEmpty()) {
            ObjectNode map = status.putObject("disruptedPods");
            disrupted.pending().forEach(map::put);
        }
        setCondition(status, allowed > 0 ? "True" : "False", allowed > 0 ? "SufficientPods" : "InsufficientPods", "",
                now);
        writeStatus(pdb, status);
        // Look again when a pending eviction times out.
        return disrupted.recheckAt().map(t -> Result.requeueAfter(Duration.between(now, t).plusMillis(10)))
                .orElse(Result.done());
    }

    /** Upstream's failSafe: no disruptions allowed, the SyncFailed condition, observedGeneration kept. */
    private Result failSafe(ObjectNode pdb, String message) {
        ObjectNode status = pdb.path("status").isObject() ? (ObjectNode) pdb.path("status").deepCopy() : Json.object();
        status.put("disruptionsAllowed", 0);
        setCondition(status, "False", "SyncFailed", message == null ? "" : message, clock.now());
        writeStatus(pdb, status);
        return Result.done();
    }

    /** Writes the status if it changed (quiet when settled); a conflict is retried with the newer budget. */
    private void writeStatus(ObjectNode pdb, ObjectNode status) {
        if (status.equals(pdb.path("status"))) {
            return;
        }
        ObjectNode updated = pdb.deepCopy();
        updated.set("status", status);
        try {
            pdbs.subresource("status").update(Meta.namespace(pdb), updated);
        } catch (StatusException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }

    /** metav1 SetStatusCondition for DisruptionAllowed: the transition time moves only with the status. */
    private static void setCondition(ObjectNode status, String value, String reason, String message, Instant now) {
        ArrayNode conditions = status.withArrayProperty("conditions");
        ObjectNode c = null;
        for (JsonNode existing : conditions) {
            if ("DisruptionAllowed".equals(existing.path("type").asText())) {
                c = (ObjectNode) existing;
            }
        }
        if (c == null) {
            c = conditions.addObject().put("type", "DisruptionAllowed");
        }
        if (!value.equals(c.path("status").asText())) {
            c.put("lastTransitionTime", Timestamps.format(now));
        }
        c.put("status", value).put("reason", reason).put("message", message)
                .put("observedGeneration", status.path("observedGeneration").asLong(0));
    }

    /** Upstream's getExpectedScale: the summed scale of the pods' controllers, each counted once. */
    private int expectedScale(List<ObjectNode> pods, List<String> unmanaged) {
        Map<String, Integer> byController = new LinkedHashMap<>();
        Map<String, Scale> resolved = new LinkedHashMap<>();
        for (ObjectNode pod : pods) {
            Optional<JsonNode> ref = ControllerRefs.controllerOf(pod);
            if (ref.isEmpty()) {
                unmanaged.add(Meta.name(pod));
                continue;
            }
            String refUid = ref.get().path("uid").asText();
            Scale scale = resolved.get(refUid);
            if (scale == null) {
                scale = findController(Meta.namespace(pod), ref.get()).orElseThrow(
                        () -> new NoControllers("found no controllers for pod \"" + Meta.name(pod) + "\""));
                resolved.put(refUid, scale);
            }
            byController.put(scale.uid(), scale.replicas());
        }
        return byController.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The pod controller a controller reference points at (upstream's finders, in their order). */
    private Optional<Scale> findController(String namespace, JsonNode ref) {
        String apiVersion = ref.path("apiVersion").asText("");
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String kind = ref.path("kind").asText("");
        String name = ref.path("name").asText("");
        String uid = ref.path("uid").asText("");
        if (group.isEmpty() && kind.equals("ReplicationController")) {
            return cached(RCS, namespace, name, uid).map(rc -> new Scale(uid, replicas(rc)));
        }
        if (group.equals("apps") && kind.equals("ReplicaSet")) {
            Optional<ObjectNode> rs = cached(REPLICA_SETS, namespace, name, uid);
            if (rs.isPresent()) {
                Optional<JsonNode> owner = ControllerRefs.controllerOf(rs.get());
                if (owner.isPresent() && owner.get().path("kind").asText().equals("Deployment")
                        && owner.get().path("apiVersion").asText().startsWith("apps/")) {
                    String depUid = owner.get().path("uid").asText();
                    Optional<ObjectNode> dep = cached(DEPLOYMENTS, namespace, owner.get().path("name").asText(), depUid);
                    if (dep.isPresent()) {
                        return Optional.of(new Scale(depUid, replicas(dep.get())));
                    }
                }
                return Optional.of(new Scale(uid, replicas(rs.get())));
            }
            return Optional.empty();
        }
        if (group.equals("apps") && kind.equals("StatefulSet")) {
            return cached(STATEFUL_SETS, namespace, name, uid).map(ss -> new Scale(uid, replicas(ss)));
        }
        return scaleSubresource(namespace, GroupVersionKind.of(apiVersion, kind), name, uid);
    }

    private Optional<ObjectNode> cached(GroupVersionResource gvr, String namespace, String name, String uid) {
        return informers.get(gvr).cache().get(new ObjectKey(namespace, name)).filter(o -> Meta.uid(o).equals(uid));
    }

    /** Upstream's getScaleController: any kind whose resource has a scale subresource. */
    private Optional<Scale> scaleSubresource(String namespace, GroupVersionKind kind, String name, String uid) {
        Optional<ApiResource> resource = discovery.forKind(kind);
        if (resource.isEmpty() || !resource.get().hasSubresource("scale")) {
            return Optional.empty();
        }
        try {
            ObjectNode scale = api.resource(resource.get().gvr()).subresource("scale").get(namespace, name);
            return Meta.uid(scale).equals(uid)
                    ? Optional.of(new Scale(uid, scale.path("spec").path("replicas").asInt(0)))
                    : Optional.empty();
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static int replicas(JsonNode controller) {
        return controller.path("spec").path("replicas").asInt(1);
    }

    private static EventRecorder.ObjectRef ref(JsonNode pdb) {
        return new EventRecorder.ObjectRef("policy/v1", "PodDisruptionBudget", Meta.namespace(pdb), Meta.name(pdb),
                Meta.uid(pdb));
    }

    public void start() {
        if (ownsInformers) {
            factory.start();
        }
        controller.start();
    }

    /** True once budgets, pods and the pod controllers are cached. */
    public boolean isSynced() {
        return registrations.stream().allMatch(HandlerRegistration::hasSynced);
    }

    @Override
    public void close() {
        controller.close();
        if (ownsInformers) {
            factory.close();
        }
        events.close();
    }
}
