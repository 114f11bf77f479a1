package dev.tugboat.controllers.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Controller;
import dev.tugboat.client.controller.Result;
import dev.tugboat.client.informer.HandlerRegistration;
import dev.tugboat.client.informer.InformerFactory;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.informer.ResourceEventHandler;
import dev.tugboat.client.informer.SharedInformer;
import dev.tugboat.client.queue.WorkQueue;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.controllers.common.Pods;
import dev.tugboat.controllers.common.ServicePods;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;

/**
 * Upstream's endpoints controller (pkg/controller/endpoint): for every Service with a selector, an
 * Endpoints object of the same name listing the selected pods' IPs, ready ones under
 * {@code addresses} and the others under {@code notReadyAddresses}, grouped by the ports they serve.
 * Services without a selector are left alone (their Endpoints are someone else's); the Endpoints of a
 * deleted Service are deleted. Writes happen only when the content changed.
 */
public final class EndpointsController implements AutoCloseable {

    static final GroupVersionResource SERVICES = new GroupVersionResource("", "v1", "services");
    static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    static final GroupVersionResource ENDPOINTS = new GroupVersionResource("", "v1", "endpoints");

    /** When the change that caused the last write happened (for latency measurements, as upstream). */
    public static final String LAST_CHANGE_TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";
    /** Set to {@code truncated} when more than {@link Subsets#MAX_CAPACITY} addresses were cut. */
    public static final String OVER_CAPACITY = "endpoints.kubernetes.io/over-capacity";
    /** Label of the Endpoints of a headless service. */
    public static final String HEADLESS = "service.kubernetes.io/headless";

    private final ResourceClient endpoints;
    private final InformerFactory informers;
    private final boolean ownsInformers;
    private final SharedInformer serviceInformer;
    private final SharedInformer podInformer;
    private final SharedInformer endpointsInformer;
    private final List<HandlerRegistration> registrations = new ArrayList<>();
    private final WorkQueue<ObjectKey> queue;
    private final Controller<ObjectKey> controller;

    /** With informers of its own. */
    public EndpointsController(ApiClient api, Clock clock, EndpointsControllerConfig config) {
        this(api, clock, config, new InformerFactory(api, clock), true);
    }

    /** With the informers of a shared factory (which the caller starts and closes). */
    public EndpointsController(ApiClient api, Clock clock, EndpointsControllerConfig config,
                               InformerFactory informers) {
        this(api, clock, config, informers, false);
    }

    private EndpointsController(ApiClient api, Clock clock, EndpointsControllerConfig config,
                                InformerFactory informers, boolean ownsInformers) {
        this.informers = informers;
        this.ownsInformers = ownsInformers;
        this.endpoints = api.resource(ENDPOINTS);
        this.serviceInformer = informers.informer(SERVICES);
        this.podInformer = informers.informer(PODS);
        this.endpointsInformer = informers.informer(ENDPOINTS);
        this.queue = WorkQueue.withDefaultRateLimiter(clock);
        // Every service again each resync period (upstream's full service resync); the other informers'
        // resyncs would only enqueue services again.
        registrations.add(serviceInformer.addEventHandler(ResourceEventHandler.onAnyChange(
                svc -> queue.add(ObjectKey.of(svc))), config.resyncPeriod()));
        registrations.add(podInformer.addEventHandler(ServicePods.podHandler(serviceInformer.cache(), queue::add)));
        registrations.add(endpointsInformer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode ep, boolean initialList) {
            }

            @Override
            public void onUpdate(ObjectNode oldEp, ObjectNode newEp) {
            }

            @Override
            public void onDelete(ObjectNode ep, boolean finalStateUnknown) {
                // Recreated if its service still selects pods.
                queue.add(ObjectKey.of(ep));
            }
        }));
        this.controller = new Controller<>("endpoints-controller", queue, this::syncService, config.workers(),
                registrations.stream().map(r -> (BooleanSupplier) r::hasSynced).toList());
    }

    private Result syncService(ObjectKey key) {
        Optional<ObjectNode> service = serviceInformer.cache().get(key);
        if (service.isEmpty()) {
            deleteEndpoints(key);
            return Result.done();
        }
        ObjectNode svc = service.get();
        if (ServicePods.selector(svc).isEmpty()) {
            return Result.done();
        }
        List<ObjectNode> pods = podInformer.cache().list(key.namespace()).stream()
                .filter(p -> ServicePods.selects(svc, p)).toList();
        List<Subsets.Subset> all = Subsets.repack(entries(svc, pods));
        List<Subsets.Subset> subsets = Subsets.truncate(all);
        boolean truncated = subsets != all;
        Map<String, String> labels = desiredLabels(svc);
        Optional<ObjectNode> current = endpointsInformer.cache().get(key);
        if (current.isPresent() && Subsets.fromJson(current.get().path("subsets")).equals(subsets)
                && Meta.labels(current.get()).equals(labels)
                && truncated == "truncated".equals(Meta.annotations(current.get()).get(OVER_CAPACITY))) {
            return Result.done();
        }
        write(key, current, subsets, labels, truncated, triggerTime(svc, pods));
        return Result.done();
    }

    /** One entry per (pod, service port) the pod serves. */
    static List<Subsets.Entry> entries(JsonNode svc, List<? extends JsonNode> pods) {
        boolean publishNotReady = ServicePods.publishNotReady(svc);
        JsonNode ports = svc.path("spec").path("ports");
        boolean headless = "None".equals(svc.path("spec").path("clusterIP").asText());
        List<Subsets.Entry> out = new ArrayList<>();
        for (JsonNode pod : pods) {
            if (!ServicePods.shouldBeInEndpoints(pod, publishNotReady)) {
                continue;
            }
            Subsets.Address address = new Subsets.Address(ServicePods.podIp(pod), ServicePods.hostname(svc, pod),
                    Pods.nodeName(pod), new Subsets.TargetRef(Meta.namespace(pod), Meta.name(pod), Meta.uid(pod)));
            boolean ready = publishNotReady || Pods.isReady(pod);
            if (ports.isEmpty() && headless) {
                out.add(new Subsets.Entry(address, null, ready));
            }
            for (JsonNode sp : ports) {
                OptionalInt port = ServicePods.findPort(pod, sp);
                if (port.isPresent()) {
                    out.add(new Subsets.Entry(address, new Subsets.Port(sp.path("name").asText(""), port.getAsInt(),
                            sp.path("protocol").asText("TCP"), sp.path("appProtocol").asText("")), ready));
                }
            }
        }
        return out;
    }

    /** The service's labels, plus the headless marker for a headless service. */
    static Map<String, String> desiredLabels(JsonNode svc) {
        Map<String, String> labels = new LinkedHashMap<>(Meta.labels(svc));
        labels.remove(HEADLESS);
        if ("None".equals(svc.path("spec").path("clusterIP").asText())) {
            labels.put(HEADLESS, "");
        }
        return labels;
    }

    /** The newest of the service's creation and its pods' readiness changes (RFC 3339 sorts as text). */
    static String triggerTime(JsonNode svc, List<? extends JsonNode> pods) {
        String latest = Meta.creationTimestamp(svc);
        for (JsonNode pod : pods) {
            String t = ServicePods.triggerTime(pod);
            if (t.compareTo(latest) > 0) {
                latest = t;
            }
        }
        return latest;
    }

    private void write(ObjectKey key, Optional<ObjectNode> current, List<Subsets.Subset> subsets,
                       Map<String, String> labels, boolean truncated, String triggerTime) {
        ObjectNode ep = Json.object();
        ep.put("apiVersion", "v1").put("kind", "Endpoints");
        ObjectNode meta = ep.putObject("metadata").put("name", key.name()).put("namespace", key.namespace());
        ObjectNode annotations = meta.putObject("annotations");
        current.ifPresent(c -> Meta.annotations(c).forEach(annotations::put));
        if (!triggerTime.isEmpty()) {
            annotations.put(LAST_CHANGE_TRIGGER_TIME, triggerTime);
        }
        if (truncated) {
            annotations.put(OVER_CAPACITY, "truncated");
        } else {
            annotations.remove(OVER_CAPACITY);
        }
        ObjectNode labelNode = meta.putObject("labels");
        labels.forEach(labelNode::put);
        if (!subsets.isEmpty()) {
            ep.set("subsets", Subsets.toJson(subsets));
        }
        if (current.isEmpty()) {
            endpoints.create(key.namespace(), ep);
            return;
        }
        // Keep everything else the object carries (owner references, finalizers) as it is.
        JsonNode old = current.get().path("metadata");
        for (String field : new String[] {"resourceVersion", "uid", "ownerReferences", "finalizers"}) {
            if (old.has(field)) {
                meta.set(field, old.get(field).deepCopy());
            }
        }
        endpoints.update(key.namespace(), ep);
    }

    private void deleteEndpoints(ObjectKey key) {
        try {
            endpoints.delete(key.namespace(), key.name());
        } catch (StatusException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }

    public void start() {
        if (ownsInformers) {
            informers.start();
        }
        controller.start();
    }

    /** True once services, pods and endpoints are cached and the workers may run. */
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
}
