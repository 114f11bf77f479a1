package dev.tugboat.apiserver.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.fields.FieldSelector;
import dev.tugboat.api.fields.InvalidFieldSelectorException;
import dev.tugboat.api.labels.InvalidSelectorException;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.meta.GoDurations;
import dev.tugboat.api.meta.GroupResource;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.api.quantity.Quantity;
import dev.tugboat.api.resource.ApiResource;
import dev.tugboat.apiserver.endpoints.ObjectWriter;
import dev.tugboat.apiserver.endpoints.OutputFormat;
import dev.tugboat.apiserver.endpoints.RequestInfo;
import dev.tugboat.apiserver.http.HttpExchange;
import dev.tugboat.apiserver.http.HttpRequest;
import dev.tugboat.apiserver.registry.GenericStore;
import dev.tugboat.apiserver.registry.ListOptions;
import dev.tugboat.apiserver.registry.ResourceRegistry;
import dev.tugboat.apiserver.watchcache.CachedObject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Serves {@code metrics.k8s.io/v1beta1} as metrics-server does: {@code nodes} (NodeMetrics) and
 * namespaced {@code pods} (PodMetrics), get and list only, from the {@link MetricsStorage}, for the nodes
 * and pods the watch cache holds. Lists take a label selector (applied to the nodes and pods) and a
 * field selector on {@code metadata.name} (and {@code metadata.namespace} for pods; other fields match
 * nothing); objects and nodes without metrics are left out of lists, and a get of one is a 404. CPU is
 * written in nanocores and memory in binary units, as metrics-server's quantities are; each object's
 * {@code creationTimestamp} is the time of the answer, as upstream's.
 */
public final class MetricsApi {

    public static final String GROUP = "metrics.k8s.io";
    public static final String VERSION = "v1beta1";
    private static final String API_VERSION = GROUP + "/" + VERSION;
    private static final List<String> VERBS = List.of("get", "list");

    /** What discovery lists for the group (metrics-server's resources). */
    public static final List<ApiResource> RESOURCES = List.of(
            new ApiResource(new GroupVersionKind(GROUP, VERSION, "NodeMetrics"), "nodes", "nodemetrics", false,
                    List.of(), List.of(), VERBS, List.of()),
            new ApiResource(new GroupVersionKind(GROUP, VERSION, "PodMetrics"), "pods", "podmetrics", true,
                    List.of(), List.of(), VERBS, List.of()));

    private static final GroupResource NODE_METRICS = new GroupResource(GROUP, "nodemetrics");
    private static final GroupResource POD_METRICS = new GroupResource(GROUP, "podmetrics");
    private static final ListOptions CACHED = new ListOptions(0, "", "0", "");

    private final ResourceRegistry registry;
    private final MetricsStorage storage;
    private final Clock clock;

    public MetricsApi(ResourceRegistry registry, MetricsStorage storage, Clock clock) {
        this.registry = registry;
        this.storage = storage;
        this.clock = clock;
    }

    /** Handles a request for one of {@link #RESOURCES}. */
    public void handle(HttpRequest req, HttpExchange ex, RequestInfo info, ApiResource resource) {
        boolean pods = resource.namespaced();
        if (!info.subresource().isEmpty() || !pods && !info.namespace().isEmpty()
                || pods && info.namespace().isEmpty() && info.verb().equals("get")) {
            throw new ApiException.NotFound("the server could not find the requested resource");
        }
        if (!VERBS.contains(info.verb())) {
            throw new ApiException.MethodNotSupported(resource.groupResource(), info.verb());
        }
        Instant now = clock.instant();
        boolean list = info.verb().equals("list");
        OutputFormat out = OutputFormat.negotiate(req.header("Accept"), list);
        MetricsPrinter printer = pods ? MetricsPrinter.PODS : MetricsPrinter.NODES;
        if (!list) {
            ObjectNode obj = pods ? getPod(info.namespace(), info.name(), now) : getNode(info.name(), now);
            ObjectWriter.writeObject(ex, 200, out, obj, printer, req.param("includeObject"), now);
            return;
        }
        LabelSelector labels = labelSelector(req.param("labelSelector"));
        FieldSelector fields = fieldSelector(req.param("fieldSelector"));
        List<ObjectNode> items = pods ? listPods(info.namespace(), labels, fields, now) : listNodes(labels, fields, now);
        ObjectWriter.writeComputedList(ex, out, API_VERSION, resource.listKind(), items, printer,
                req.param("includeObject"), now);
    }

    // ---------------------------------------------------------------- nodes

    private ObjectNode getNode(String name, Instant now) {
        CachedObject node = store("nodes").peekCached("", name)
                .orElseThrow(() -> new ApiException.NotFound(new GroupResource("", "node"), name));
        ObjectNode obj = nodeMetrics(node, now).orElseThrow(() -> new ApiException.NotFound(NODE_METRICS, name));
        return withTypeMeta(obj, "NodeMetrics");
    }

    private List<ObjectNode> listNodes(LabelSelector labels, FieldSelector fields, Instant now) {
        List<ObjectNode> out = new ArrayList<>();
        for (CachedObject node : store("nodes").list("", matching(labels), CACHED).items()) {
            if (fields.matches(Map.of("metadata.name", node.name()))) {
                nodeMetrics(node, now).ifPresent(out::add);
            }
        }
        return out;
    }

    private Optional<ObjectNode> nodeMetrics(CachedObject node, Instant now) {
        return storage.node(node.name()).map(u -> {
            ObjectNode o = Json.object();
            o.set("metadata", metadata(node, now));
            o.put("timestamp", Timestamps.format(u.timestamp()));
            o.put("window", GoDurations.format(u.window()));
            o.set("usage", usage(u.cpuNanoCores(), u.memoryBytes()));
            return o;
        });
    }

    // ---------------------------------------------------------------- pods

    private ObjectNode getPod(String namespace, String name, Instant now) {
        CachedObject pod = store("pods").peekCached(namespace, name)
                .orElseThrow(() -> new ApiException.NotFound(new GroupResource("", "pods"), name));
        ObjectNode obj = podMetrics(pod, now).orElseThrow(() -> new ApiException.NotFound(POD_METRICS,
                namespace + "/" + name));
        return withTypeMeta(obj, "PodMetrics");
    }

    private List<ObjectNode> listPods(String namespace, LabelSelector labels, FieldSelector fields, Instant now) {
        List<ObjectNode> out = new ArrayList<>();
        for (CachedObject pod : store("pods").list(namespace, matching(labels), CACHED).items()) {
            if (fields.matches(Map.of("metadata.name", pod.name(), "metadata.namespace", pod.namespace()))) {
                podMetrics(pod, now).ifPresent(out::add);
            }
        }
        return out;
    }

    /** The pod's metrics, if known and scraped from the node it is bound to (others are not trusted). */
    private Optional<ObjectNode> podMetrics(CachedObject pod, Instant now) {
        return storage.pod(pod.namespace(), pod.name())
                .filter(u -> u.node().equals(pod.object().path("spec").path("nodeName").asText("")))
                .map(u -> {
                    ObjectNode o = Json.object();
                    o.set("metadata", metadata(pod, now));
                    o.put("timestamp", Timestamps.format(u.timestamp()));
                    o.put("window", GoDurations.format(u.window()));
                    ArrayNode containers = o.putArray("containers");
                    for (MetricsStorage.ContainerUsage c : u.containers()) {
                        ObjectNode co = containers.addObject();
                        co.put("name", c.name());
                        co.set("usage", usage(c.cpuNanoCores(), c.memoryBytes()));
                    }
                    return o;
                });
    }

    // ---------------------------------------------------------------- shared

    private GenericStore store(String resource) {
        return registry.store("", "v1", resource)
                .orElseThrow(() -> new ApiException.ServiceUnavailable(resource + " are not served"));
    }

    private static ObjectNode withTypeMeta(ObjectNode obj, String kind) {
        ObjectNode o = Json.object();
        o.put("kind", kind);
        o.put("apiVersion", API_VERSION);
        o.setAll(obj);
        return o;
    }

    /** metrics-server's object metadata: name (and namespace), the time of the answer, the object's labels. */
    private static ObjectNode metadata(CachedObject obj, Instant now) {
        ObjectNode m = Json.object();
        m.put("name", obj.name());
        if (!obj.namespace().isEmpty()) {
            m.put("namespace", obj.namespace());
        }
        m.put("creationTimestamp", Timestamps.format(now));
        if (!obj.labels().isEmpty()) {
            ObjectNode labels = m.putObject("labels");
            obj.labels().forEach(labels::put);
        }
        return m;
    }

    private static ObjectNode usage(long cpuNanoCores, long memoryBytes) {
        ObjectNode u = Json.object();
        u.put("cpu", Quantity.of(BigDecimal.valueOf(cpuNanoCores, 9), Quantity.Format.DECIMAL_SI).toString());
        u.put("memory", Quantity.of(memoryBytes, Quantity.Format.BINARY_SI).toString());
        return u;
    }

    private static Predicate<CachedObject> matching(LabelSelector labels) {
        return labels.isEmpty() ? o -> true : o -> labels.matches(o.labels());
    }

    private static LabelSelector labelSelector(String s) {
        try {
            return s == null || s.isBlank() ? LabelSelector.everything() : LabelSelector.parse(s);
        } catch (InvalidSelectorException e) {
            throw e.toBadRequest();
        }
    }

    private static FieldSelector fieldSelector(String s) {
        try {
            return s == null || s.isBlank() ? FieldSelector.everything() : FieldSelector.parse(s);
        } catch (InvalidFieldSelectorException e) {
            throw e.toBadRequest();
        }
    }
}
