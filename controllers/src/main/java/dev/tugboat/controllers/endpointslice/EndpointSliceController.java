package dev.tugboat.controllers.endpointslice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Controller;
import dev.tugboat.client.controller.Result;
import dev.tugboat.client.informer.HandlerRegistration;
import dev.tugboat.client.informer.InformerFactory;
import dev.tugboat.client.informer.InformerOptions;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.informer.ResourceEventHandler;
import dev.tugboat.client.informer.SharedInformer;
import dev.tugboat.client.queue.WorkQueue;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.controllers.common.Pods;
import dev.tugboat.controllers.common.ServicePods;
import dev.tugboat.controllers.endpointslice.SliceReconciler.Endpoint;
import dev.tugboat.controllers.endpointslice.SliceReconciler.Plan;
import dev.tugboat.controllers.endpointslice.SliceReconciler.Port;
import dev.tugboat.controllers.endpointslice.SliceReconciler.Slice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Upstream's EndpointSlice controller (pkg/controller/endpointslice): for every Service with a
 * selector, IPv4 EndpointSlices named {@code <service>-xxxxx}, owned by the Service and labelled with
 * {@code kubernetes.io/service-name} and {@code endpointslice.kubernetes.io/managed-by}, listing each
 * selected pod with its ready/serving/terminating conditions, node, zone and target reference. The
 * {@link SliceReconciler} decides the writes; a record of this controller's own writes keeps it from
 * acting on a cache that has not caught up with them (upstream's endpointSliceTracker).
 */
public final class EndpointSliceController implements AutoCloseable {

    static final GroupVersionResource SERVICES = new GroupVersionResource("", "v1", "services");
    static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    static final GroupVersionResource NODES = new GroupVersionResource("", "v1", "nodes");
    static final GroupVersionResource SLICES = new GroupVersionResource("discovery.k8s.io", "v1", "endpointslices");

    public static final String SERVICE_NAME = "kubernetes.io/service-name";
    public static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
    public static final String CONTROLLER_NAME = "endpointslice-controller.k8s.io";
    /** The slices this controller manages (and only those). */
    private static final InformerOptions MANAGED_SLICES = InformerFactory.SHARED
            .withLabelSelector(MANAGED_BY + "=" + CONTROLLER_NAME);
    static final String HEADLESS = "service.kubernetes.io/headless";
    static final String ZONE = "topology.kubernetes.io/zone";
    static final String TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";

    private final EndpointSliceControllerConfig config;
    private final ResourceClient slices;
    private final InformerFactory informers;
    private final boolean ownsInformers;
    private final SharedInformer serviceInformer;
    private final SharedInformer podInformer;
    private final SharedInformer nodeInformer;
    private final SharedInformer sliceInformer;
    private final List<HandlerRegistration> registrations = new ArrayList<>();
    private final WorkQueue<ObjectKey> queue;
    private final Controller<ObjectKey> controller;
    /** Per service: slice name → the resourceVersion written (-1: deleted) the cache must reach first. */
    private final Map<ObjectKey, Map<String, Long>> written = new ConcurrentHashMap<>();

    /** With informers of its own. */
    public EndpointSliceController(ApiClient api, Clock clock, EndpointSliceControllerConfig config) {
        this(api, clock, config, new InformerFactory(api, clock), true);
    }

    /** With the informers of a shared factory (which the caller starts and closes). */
    public EndpointSliceController(ApiClient api, Clock clock, EndpointSliceControllerConfig config,
                                   InformerFactory informers) {
        this(api, clock, config, informers, false);
    }

    private EndpointSliceController(ApiClient api, Clock clock, EndpointSliceControllerConfig config,
                                    InformerFactory informers, boolean ownsInformers) {
        this.informers = informers;
        this.ownsInformers = ownsInformers;
        this.config = config;
        this.slices = api.resource(SLICES);
        this.serviceInformer = informers.informer(SERVICES);
        this.podInformer = informers.informer(PODS);
        this.nodeInformer = informers.informer(NODES);
        // Only this controller reads slices, and only its own: a selected informer of its own (shared
        // with nobody) keeps other managers' slices out of the cache.
        this.sliceInformer = informers.informer(SLICES, MANAGED_SLICES);
        this.queue = WorkQueue.withDefaultRateLimiter(clock);
        // Every service again each resync period (a full recount from the caches); the other
        // informers' resyncs would only enqueue services again.
        registrations.add(serviceInformer.addEventHandler(ResourceEventHandler.onAnyChange(
                svc -> queue.add(ObjectKey.of(svc))), config.resyncPeriod()));
        registrations.add(podInformer.addEventHandler(ServicePods.podHandler(serviceInformer.cache(), queue::add)));
        // A node's zone label shows in its pods' endpoints.
        registrations.add(nodeInformer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode node, boolean initialList) {
                if (!initialList) {
                    enqueueServicesOnNode(Meta.name(node));
                }
            }

            @Override
            public void onUpdate(ObjectNode oldNode, ObjectNode newNode) {
                if (!java.util.Objects.equals(Meta.labels(oldNode).get(ZONE), Meta.labels(newNode).get(ZONE))) {
                    enqueueServicesOnNode(Meta.name(newNode));
                }
            }

            @Override
            public void onDelete(ObjectNode node, boolean finalStateUnknown) {
            }
        }));
        registrations.add(sliceInformer.addEventHandler(ResourceEventHandler.onAnyChange(slice -> {
            String service = Meta.labels(slice).getOrDefault(SERVICE_NAME, "");
            if (!service.isEmpty()) {
                queue.add(new ObjectKey(Meta.namespace(slice), service));
            }
        })));
        this.controller = new Controller<>("endpointslice-controller", queue, this::syncService, config.workers(),
                registrations.stream().map(r -> (BooleanSupplier) r::hasSynced).toList());
    }

    private void enqueueServicesOnNode(String node) {
        for (ObjectNode pod : podInformer.cache().list()) {
            if (node.equals(Pods.nodeName(pod))) {
                ServicePods.servicesOf(serviceInformer.cache(), pod, queue::add);
            }
        }
    }

    private Result syncService(ObjectKey key) {
        if (!cacheCaughtUp(key)) {
            return Result.backoff();
        }
        List<ObjectNode> current = sliceInformer.cache().list(key.namespace()).stream()
                .filter(s -> key.name().equals(Meta.labels(s).get(SERVICE_NAME))).toList();
        Optional<ObjectNode> service = serviceInformer.cache().get(key);
        if (service.isEmpty()) {
            // The garbage collector would remove them too (they are owned); this is quicker.
            Map<String, Long> mine = new ConcurrentHashMap<>();
            current.forEach(s -> delete(key, Meta.name(s), mine));
            return Result.done();
        }
        ObjectNode svc = service.get();
        if (ServicePods.selector(svc).isEmpty()) {
            return Result.done();
        }
        List<ObjectNode> pods = podInformer.cache().list(key.namespace()).stream()
                .filter(p -> ServicePods.selects(svc, p)).toList();
        Map<String, String> labels = desiredLabels(svc);
        List<Slice> existing = current.stream()
                .filter(s -> "IPv4".equals(s.path("addressType").asText())).map(SliceJson::fromJson).toList();
        Plan plan = SliceReconciler.reconcile(existing, desiredEndpoints(svc, pods), labels,
                config.maxEndpointsPerSlice());
        if (!plan.isEmpty()) {
            apply(key, svc, plan, byName(current), triggerTime(svc, pods));
        }
        return Result.done();
    }

    /** Whether every write of the last sync shows in the cache (else a sync could duplicate slices). */
    private boolean cacheCaughtUp(ObjectKey key) {
        Map<String, Long> mine = written.get(key);
        if (mine == null) {
            return true;
        }
        for (Map.Entry<String, Long> e : mine.entrySet()) {
            Optional<ObjectNode> cached = sliceInformer.cache().get(new ObjectKey(key.namespace(), e.getKey()));
            boolean seen = e.getValue() < 0 ? cached.isEmpty()
                    : cached.isPresent() && Long.parseLong(Meta.resourceVersion(cached.get())) >= e.getValue();
            if (!seen) {
                return false;
            }
        }
        written.remove(key);
        return true;
    }

    private static Map<String, ObjectNode> byName(List<ObjectNode> slices) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        slices.forEach(s -> out.put(Meta.name(s), s));
        return out;
    }

    /** Endpoints per port set: every pod with an IP that is not finished, terminating ones included. */
    Map<List<Port>, List<Endpoint>> desiredEndpoints(JsonNode svc, List<ObjectNode> pods) {
        Map<List<Port>, List<Endpoint>> out = new TreeMap<>(java.util.Comparator.comparing(Object::toString));
        boolean publishNotReady = ServicePods.publishNotReady(svc);
        for (JsonNode pod : pods) {
            if (!ServicePods.shouldBeInEndpoints(pod, true)) {
                continue;
            }
            List<Port> ports = new ArrayList<>();
            for (JsonNode sp : svc.path("spec").path("ports")) {
                OptionalInt p = ServicePods.findPort(pod, sp);
                if (p.isPresent()) {
                    ports.add(new Port(sp.path("name").asText(""), p.getAsInt(), sp.path("protocol").asText("TCP"),
                            sp.path("appProtocol").asText("")));
                }
            }
            boolean serving = Pods.isReady(pod);
            boolean terminating = Meta.isDeleting(pod);
            String zone = nodeInformer.cache().get(new ObjectKey("", Pods.nodeName(pod)))
                    .map(n -> Meta.labels(n).getOrDefault(ZONE, "")).orElse("");
            Endpoint e = new Endpoint(ServicePods.podIp(pod), publishNotReady || serving && !terminating, serving,
                    terminating, Pods.nodeName(pod), zone, ServicePods.hostname(svc, pod), Meta.namespace(pod),
                    Meta.name(pod), Meta.uid(pod));
            out.computeIfAbsent(SliceReconciler.portSet(ports), k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    /** The service's labels (minus the reserved ones), the service name, the manager, headless. */
    static Map<String, String> desiredLabels(JsonNode svc) {
        Map<String, String> labels = new TreeMap<>(Meta.labels(svc));
        labels.remove(HEADLESS);
        labels.put(SERVICE_NAME, Meta.name(svc));
        labels.put(MANAGED_BY, CONTROLLER_NAME);
        if ("None".equals(svc.path("spec").path("clusterIP").asText())) {
            labels.put(HEADLESS, "");
        }
        return labels;
    }

    private static String triggerTime(JsonNode svc, List<ObjectNode> pods) {
        String latest = Meta.creationTimestamp(svc);
        for (JsonNode pod : pods) {
            String t = ServicePods.triggerTime(pod);
            if (t.compareTo(latest) > 0) {
                latest = t;
            }
        }
        return latest;
    }

    private void apply(ObjectKey key, ObjectNode svc, Plan plan, Map<String, ObjectNode> current, String triggerTime) {
        Map<String, Long> mine = new ConcurrentHashMap<>();
        try {
            for (Slice s : plan.toUpdate()) {
                ObjectNode obj = SliceJson.toJson(s, svc, triggerTime);
                ObjectNode old = current.get(s.name());
                ObjectNode meta = Meta.mutableMetadata(obj);
                meta.put("name", s.name()).put("resourceVersion", Meta.resourceVersion(old));
                meta.remove("generateName");
                Meta.annotations(old).forEach((k, v) -> {
                    if (!meta.path("annotations").has(k)) {
                        meta.withObjectProperty("annotations").put(k, v);
                    }
                });
                record(mine, slices.update(key.namespace(), obj));
            }
            for (Slice s : plan.toCreate()) {
                record(mine, slices.create(key.namespace(), SliceJson.toJson(s, svc, triggerTime)));
            }
            for (String name : plan.toDelete()) {
                delete(key, name, mine);
            }
        } finally {
            if (!mine.isEmpty()) {
                written.put(key, mine);
            }
        }
    }

    private static void record(Map<String, Long> mine, ObjectNode written) {
        mine.put(Meta.name(written), Long.parseLong(Meta.resourceVersion(written)));
    }

    private void delete(ObjectKey key, String name, Map<String, Long> mine) {
        try {
            slices.delete(key.namespace(), name);
        } catch (StatusException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
        mine.put(name, -1L);
    }

    public void start() {
        if (ownsInformers) {
            informers.start();
        }
        controller.start();
    }

    /** True once services, pods, nodes and slices are cached and the workers may run. */
    public boolean isSynced() {
        return registrations.stream().allMatch(HandlerRegistration::hasSynced);
    }

    @Override
    public void close() {
        controller.close();
        if (ownsInformers) {
            informers.close();
        }
    }

    /** EndpointSlice JSON to and from {@link Slice} values. */
    static final class SliceJson {

        private SliceJson() {
        }

        static Slice fromJson(JsonNode s) {
            List<Port> ports = new ArrayList<>();
            for (JsonNode p : s.path("ports")) {
                ports.add(new Port(p.path("name").asText(""), p.path("port").asInt(), p.path("protocol").asText("TCP"),
                        p.path("appProtocol").asText("")));
            }
            List<Endpoint> endpoints = new ArrayList<>();
            for (JsonNode e : s.path("endpoints")) {
                JsonNode c = e.path("conditions");
                JsonNode ref = e.path("targetRef");
                endpoints.add(new Endpoint(e.path("addresses").path(0).asText(""), c.path("ready").asBoolean(false),
                        c.path("serving").asBoolean(false), c.path("terminating").asBoolean(false),
                        e.path("nodeName").asText(""), e.path("zone").asText(""), e.path("hostname").asText(""),
                        ref.path("namespace").asText(""), ref.path("name").asText(""), ref.path("uid").asText("")));
            }
            return new Slice(Meta.name(s), ports, endpoints, Meta.labels(s));
        }

        static ObjectNode toJson(Slice s, JsonNode svc, String triggerTime) {
            ObjectNode o = Json.object();
            o.put("apiVersion", "discovery.k8s.io/v1").put("kind", "EndpointSlice");
            ObjectNode meta = o.putObject("metadata").put("generateName", Meta.name(svc) + "-")
                    .put("namespace", Meta.namespace(svc));
            ObjectNode labels = meta.putObject("labels");
            s.labels().forEach(labels::put);
            if (!triggerTime.isEmpty()) {
                meta.putObject("annotations").put(TRIGGER_TIME, triggerTime);
            }
            meta.putArray("ownerReferences").addObject().put("apiVersion", "v1").put("kind", "Service")
                    .put("name", Meta.name(svc)).put("uid", Meta.uid(svc)).put("controller", true)
                    .put("blockOwnerDeletion", true);
            o.put("addressType", "IPv4");
            ArrayNode endpoints = o.putArray("endpoints");
            for (Endpoint e : s.endpoints()) {
                ObjectNode eo = endpoints.addObject();
                eo.putArray("addresses").add(e.ip());
                eo.putObject("conditions").put("ready", e.ready()).put("serving", e.serving())
                        .put("terminating", e.terminating());
                if (!e.hostname().isEmpty()) {
                    eo.put("hostname", e.hostname());
                }
                eo.putObject("targetRef").put("kind", "Pod").put("namespace", e.podNamespace())
                        .put("name", e.podName()).put("uid", e.podUid());
                if (!e.nodeName().isEmpty()) {
                    eo.put("nodeName", e.nodeName());
                }
                if (!e.zone().isEmpty()) {
                    eo.put("zone", e.zone());
                }
            }
            ArrayNode ports = o.putArray("ports");
            for (Port p : s.ports()) {
                ObjectNode po = ports.addObject().put("name", p.name()).put("protocol", p.protocol())
                        .put("port", p.port());
                if (!p.appProtocol().isEmpty()) {
                    po.put("appProtocol", p.appProtocol());
                }
            }
            return o;
        }
    }
}
