package dev.tugboat.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.informer.HandlerRegistration;
import dev.tugboat.client.informer.InformerOptions;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.informer.ResourceEventHandler;
import dev.tugboat.client.informer.SharedInformer;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.scheduler.plugins.podtopologyspread.SpreadListers;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Informers on Services, ReplicationControllers, ReplicaSets and StatefulSets for the default topology
 * spreading. They cache only what the selector lookup reads (name, namespace, uid, resourceVersion and
 * {@code spec.selector}): a ReplicaSet's pod template is most of its size. Service selectors are also
 * kept parsed, by namespace, so that a pod's lookup costs one map read per Service of its namespace.
 * Thread-safe: the informers write, the scheduling thread reads.
 */
final class WorkloadListers implements SpreadListers, AutoCloseable {

    private static final GroupVersionResource SERVICES = new GroupVersionResource("", "v1", "services");
    private static final GroupVersionResource REPLICATION_CONTROLLERS = new GroupVersionResource("", "v1",
            "replicationcontrollers");
    private static final GroupVersionResource REPLICA_SETS = new GroupVersionResource("apps", "v1", "replicasets");
    private static final GroupVersionResource STATEFUL_SETS = new GroupVersionResource("apps", "v1",
            "statefulsets");

    /** Keeps the identity, the resourceVersion (the informer compares it) and spec.selector. */
    static final UnaryOperator<ObjectNode> SELECTOR_ONLY = obj -> {
        ObjectNode out = Json.object();
        ObjectNode meta = out.putObject("metadata");
        JsonNode m = obj.path("metadata");
        for (String f : new String[] {"name", "namespace", "uid", "resourceVersion"}) {
            if (m.hasNonNull(f)) {
                meta.set(f, m.get(f));
            }
        }
        JsonNode selector = obj.path("spec").get("selector");
        if (selector != null) {
            out.putObject("spec").set("selector", selector);
        }
        return out;
    };

    private final SharedInformer services;
    private final SharedInformer replicationControllers;
    private final SharedInformer replicaSets;
    private final SharedInformer statefulSets;
    /** namespace → Service name → its spec.selector (only Services that have one). */
    private final Map<String, Map<String, Map<String, String>>> serviceSelectors = new ConcurrentHashMap<>();

    WorkloadListers(ApiClient api, Clock clock) {
        InformerOptions opts = InformerOptions.ALL.withTransform(SELECTOR_ONLY);
        this.services = new SharedInformer(api.resource(SERVICES), opts, clock);
        this.replicationControllers = new SharedInformer(api.resource(REPLICATION_CONTROLLERS), opts, clock);
        this.replicaSets = new SharedInformer(api.resource(REPLICA_SETS), opts, clock);
        this.statefulSets = new SharedInformer(api.resource(STATEFUL_SETS), opts, clock);
    }

    /** Registers the handlers; the registrations report when each informer has synced. */
    List<HandlerRegistration> register() {
        ResourceEventHandler none = ResourceEventHandler.onAnyChange(obj -> { });
        return List.of(services.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode obj, boolean initialList) {
                putService(obj);
            }

            @Override
            public void onUpdate(ObjectNode oldObj, ObjectNode newObj) {
                putService(newObj);
            }

            @Override
            public void onDelete(ObjectNode obj, boolean finalStateUnknown) {
                Map<String, Map<String, String>> ns = serviceSelectors.get(Meta.namespace(obj));
                if (ns != null) {
                    ns.remove(Meta.name(obj));
                }
            }
        }), replicationControllers.addEventHandler(none), replicaSets.addEventHandler(none),
                statefulSets.addEventHandler(none));
    }

    private void putService(ObjectNode svc) {
        Map<String, Map<String, String>> ns = serviceSelectors.computeIfAbsent(Meta.namespace(svc),
                k -> new ConcurrentHashMap<>());
        JsonNode selector = svc.path("spec").path("selector");
        if (selector.isObject()) {
            ns.put(Meta.name(svc), Map.copyOf(Meta.stringMap(selector)));
        } else {
            ns.remove(Meta.name(svc));
        }
    }

    void start() {
        for (SharedInformer i : List.of(services, replicationControllers, replicaSets, statefulSets)) {
            i.start();
        }
    }

    @Override
    public void close() {
        for (SharedInformer i : List.of(services, replicationControllers, replicaSets, statefulSets)) {
            i.close();
        }
    }

    @Override
    public Collection<Map<String, String>> serviceSelectors(String namespace) {
        Map<String, Map<String, String>> ns = serviceSelectors.get(namespace);
        return ns == null ? List.of() : ns.values();
    }

    @Override
    public JsonNode controllerSelector(ControllerKind kind, String namespace, String name) {
        SharedInformer informer = switch (kind) {
            case REPLICATION_CONTROLLER -> replicationControllers;
            case REPLICA_SET -> replicaSets;
            case STATEFUL_SET -> statefulSets;
        };
        return informer.cache().get(new ObjectKey(namespace, name))
                .map(obj -> obj.path("spec").path("selector"))
                .filter(JsonNode::isObject)
                .orElse(null);
    }
}
