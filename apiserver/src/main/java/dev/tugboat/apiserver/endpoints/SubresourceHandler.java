package dev.tugboat.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.errors.Status;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.api.resource.ApiResource;
import dev.tugboat.apiserver.auth.UserInfo;
import dev.tugboat.apiserver.http.HttpExchange;
import dev.tugboat.apiserver.http.HttpRequest;
import dev.tugboat.apiserver.registry.GenericStore;
import dev.tugboat.apiserver.registry.ObjectTransform;
import dev.tugboat.apiserver.registry.ScalePaths;
import dev.tugboat.apiserver.registry.WriteOptions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Subresources of stored resources: {@code status} (the object, where only status may change),
 * {@code scale} (an {@code autoscaling/v1 Scale} view of spec.replicas), and pods' {@code binding},
 * {@code eviction}, {@code log}, {@code exec}, {@code attach} and {@code portforward}.
 */
public final class SubresourceHandler {

    private static final GroupVersionKind SCALE = new GroupVersionKind("autoscaling", "v1", "Scale");

    private final BodyDecoder decoder;
    private final Patcher patcher;
    private final Clock clock;
    private ResourceHandler resources;

    public SubresourceHandler(BodyDecoder decoder, Patcher patcher, Clock clock) {
        this.decoder = decoder;
        this.patcher = patcher;
        this.clock = clock;
    }

    private Eviction eviction;
    private PodLogs podLogs;
    private PodExec podExec;
    private PodPortForward podPortForward;

    /**
     * Wires the main handler (status PATCH shares its patch flow) and the registry (eviction reads
     * budgets, pod logs read the pod's Node).
     */
    public void bind(ResourceHandler resources, dev.tugboat.apiserver.registry.ResourceRegistry registry) {
        this.resources = resources;
        this.eviction = new Eviction(registry, clock);
        Supplier<GenericStore> nodes = () -> registry.store("", "v1", "nodes").orElseThrow(
                () -> new ApiException.NotFound("the server could not find the requested resource"));
        this.podLogs = new PodLogs(nodes, PodLogs.defaultClient());
        this.podExec = new PodExec(nodes);
        this.podPortForward = new PodPortForward(nodes);
    }

    private Eviction eviction() {
        return eviction;
    }

    public void handle(HttpRequest req, HttpExchange ex, RequestInfo info, GenericStore store, String ns,
                       UserInfo user) throws InterruptedException {
        ApiResource res = store.registration().resource();
        // None of these subresources has paths below it (…/status/extra); upstream has no such route.
        if (info.parts().size() > 3) {
            throw new ApiException.NotFound("the server could not find the requested resource");
        }
        ApiResource.Subresource sub = res.subresources().stream()
                .filter(s -> s.name().equals(info.subresource())).findFirst()
                .orElseThrow(() -> new ApiException.NotFound("the server could not find the requested resource"));
        String verb = info.verb();
        if (!sub.verbs().contains(verb)) {
            throw new ApiException.MethodNotSupported(res.groupResource(), verb);
        }
        switch (sub.name()) {
            case "status" -> status(req, ex, store, ns, info.name(), verb, user);
            case "scale" -> scale(req, ex, store, ns, info.name(), verb, user);
            case "binding" -> binding(req, ex, store, ns, info.name(), user);
            case "log" -> podLogs.serve(req, ex, store, ns, info.name());
            case "exec" -> podExec.serve(req, ex, store, ns, info.name());
            case "portforward" -> podPortForward.serve(ex, store, ns, info.name());
            case "attach" -> podExec.serveAttach(req, ex, store, ns, info.name());
            case "finalize" -> {
                ObjectNode body = decoder.decodeObject(req.header("Content-Type"), req.body(),
                        store.registration().kind().kind());
                ResourceHandler.checkTypeMeta(body, store.registration().kind());
                GenericStore.UpdateResult r = store.update(ns, info.name(), "finalize", current -> body.deepCopy(),
                        writeOptions(req, store, user));
                ObjectWriter.writeObject(ex, 200, OutputFormat.negotiate(req.header("Accept"), false), r.object(),
                        store.registration().printer(), req.param("includeObject"), clock.instant());
            }
            case "eviction" -> {
                ObjectNode eviction = decoder.decodeObject(req.header("Content-Type"), req.body(), "Eviction");
                ResourceHandler.checkTypeMeta(eviction, new GroupVersionKind("policy", "v1", "Eviction"));
                Status result = eviction().evict(store, ns, info.name(), eviction, user, RequestOptions.dryRun(req));
                ex.respond(result.code() == 0 ? 201 : result.code(), "application/json", Json.bytes(result.toJson()));
            }
            default -> throw new ApiException.NotFound("the server could not find the requested resource");
        }
    }

    private WriteOptions writeOptions(HttpRequest req, GenericStore store, UserInfo user) {
        return new WriteOptions(RequestOptions.dryRun(req), RequestOptions.fieldManager(req),
                store.registration().kind().apiVersion(), user);
    }

    // --------------------------------------------------------------- status

    private void status(HttpRequest req, HttpExchange ex, GenericStore store, String ns, String name, String verb,
                        UserInfo user) {
        OutputFormat out = OutputFormat.negotiate(req.header("Accept"), false);
        switch (verb) {
            case "get" -> ObjectWriter.writeObject(ex, 200, out, store.get(ns, name, nz(req.param("resourceVersion"))),
                    store.registration().printer(), req.param("includeObject"), clock.instant());
            case "update" -> {
                ObjectNode body = decoder.decodeObject(req.header("Content-Type"), req.body(),
                        store.registration().kind().kind());
                ResourceHandler.checkTypeMeta(body, store.registration().kind());
                GenericStore.UpdateResult r = store.update(ns, name, "status", current -> body.deepCopy(),
                        writeOptions(req, store, user));
                ObjectWriter.writeObject(ex, 200, out, r.object(), store.registration().printer(),
                        req.param("includeObject"), clock.instant());
            }
            case "patch" -> resources.patch(req, ex, store, ns, name, "status", user);
            default -> throw new ApiException.MethodNotSupported(store.registration().resource().groupResource(), verb);
        }
    }

    // --------------------------------------------------------------- scale

    private void scale(HttpRequest req, HttpExchange ex, GenericStore store, String ns, String name, String verb,
                       UserInfo user) {
        switch (verb) {
            case "get" -> ex.respond(200, "application/json", Json.bytes(toScale(store.get(ns, name,
                    nz(req.param("resourceVersion"))), store.registration().scale())));
            case "update" -> {
                ObjectNode scale = decoder.decodeObject(req.header("Content-Type"), req.body(), "Scale");
                ResourceHandler.checkTypeMeta(scale, SCALE);
                ObjectNode result = updateReplicas(req, store, ns, name, user, current -> scale);
                ex.respond(200, "application/json", Json.bytes(result));
            }
            case "patch" -> {
                String type = contentType(req);
                ObjectNode result = updateReplicas(req, store, ns, name, user, current -> {
                    ObjectNode patched = switch (type) {
                        case "application/json-patch+json" -> patcher.jsonPatch(current, req.body());
                        case "application/merge-patch+json" -> patcher.mergePatch(current, req.body());
                        case "application/strategic-merge-patch+json" ->
                                patcher.strategicMergePatch(SCALE, current, req.body());
                        default -> throw new ApiException.UnsupportedMediaType("the body of the request was in an "
                                + "unknown format - accepted media types include: application/json-patch+json, "
                                + "application/merge-patch+json, application/strategic-merge-patch+json");
                    };
                    ResourceHandler.checkTypeMeta(patched, SCALE);
                    return patched;
                });
                ex.respond(200, "application/json", Json.bytes(result));
            }
            default -> throw new ApiException.MethodNotSupported(store.registration().resource().groupResource(), verb);
        }
    }

    private static String contentType(HttpRequest req) {
        MediaRange mt = MediaRange.parseOne(req.header("Content-Type"));
        return mt == null ? "" : mt.mediaType();
    }

    /** Applies a Scale transform to the parent's spec.replicas and answers with the new Scale. */
    private ObjectNode updateReplicas(HttpRequest req, GenericStore store, String ns, String name, UserInfo user,
                                      Function<ObjectNode, ObjectNode> scaleTransform) {
        ScalePaths paths = store.registration().scale();
        ObjectTransform transform = current -> {
            if (current == null) {
                return null;
            }
            ObjectNode desired = scaleTransform.apply(toScale(current, paths));
            JsonNode replicas = desired.path("spec").path("replicas");
            if (!replicas.isMissingNode() && !replicas.isNull() && !replicas.isIntegralNumber()) {
                throw new ApiException.BadRequest("Scale in version \"v1\" cannot be handled as a Scale: "
                        + "spec.replicas must be an integer");
            }
            int n = replicas.asInt(0);
            if (n < 0) {
                throw new ApiException.Invalid("autoscaling", "Scale", name, List.of(FieldError.invalid(
                        FieldPath.of("spec", "replicas"), n, "must be greater than or equal to 0")));
            }
            String rv = Meta.resourceVersion(desired);
            ObjectNode parent = current.deepCopy();
            ScalePaths.setInt(parent, paths.specReplicasPath(), n);
            Meta.mutableMetadata(parent).put("resourceVersion", rv);
            return parent;
        };
        GenericStore.UpdateResult r = store.update(ns, name, "", transform, writeOptions(req, store, user));
        return toScale(r.object(), paths);
    }

    /** The autoscaling/v1 Scale view of a scalable object. */
    static ObjectNode toScale(ObjectNode obj, ScalePaths paths) {
        ObjectNode scale = Json.object();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        JsonNode m = obj.path("metadata");
        for (String f : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            if (m.has(f)) {
                meta.set(f, m.get(f));
            }
        }
        scale.putObject("spec").put("replicas", ScalePaths.at(obj, paths.specReplicasPath()).asInt(0));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", ScalePaths.at(obj, paths.statusReplicasPath()).asInt(0));
        JsonNode sel = paths.labelSelectorPath().isEmpty() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                : ScalePaths.at(obj, paths.labelSelectorPath());
        String selector = sel.isTextual() ? sel.asText() : selectorString(sel);
        if (!selector.isEmpty()) {
            status.put("selector", selector);
        }
        return scale;
    }

    /** A label selector (LabelSelector or a plain map, as ReplicationControllers have) as a string. */
    static String selectorString(JsonNode selector) {
        if (!selector.isObject()) {
            return "";
        }
        boolean structured = selector.has("matchLabels") || selector.has("matchExpressions");
        Map<String, String> labels = new TreeMap<>(Meta.stringMap(structured ? selector.path("matchLabels") : selector));
        StringBuilder sb = new StringBuilder();
        labels.forEach((k, v) -> sb.append(sb.length() > 0 ? "," : "").append(k).append('=').append(v));
        if (structured) {
            for (JsonNode req : selector.path("matchExpressions")) {
                String key = req.path("key").asText();
                List<String> values = new java.util.ArrayList<>();
                req.path("values").forEach(v -> values.add(v.asText()));
                java.util.Collections.sort(values);
                String term = switch (req.path("operator").asText()) {
                    case "In" -> key + " in (" + String.join(",", values) + ")";
                    case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
                    case "Exists" -> key;
                    case "DoesNotExist" -> "!" + key;
                    default -> "";
                };
                if (!term.isEmpty()) {
                    sb.append(sb.length() > 0 ? "," : "").append(term);
                }
            }
        }
        return sb.toString();
    }

    // --------------------------------------------------------------- binding

    private void binding(HttpRequest req, HttpExchange ex, GenericStore pods, String ns, String name, UserInfo user) {
        ObjectNode binding = decoder.decodeObject(req.header("Content-Type"), req.body(), "Binding");
        ResourceHandler.checkTypeMeta(binding, new GroupVersionKind("", "v1", "Binding"));
        bind(pods, ns, name.isEmpty() ? Meta.name(binding) : name, binding, writeOptions(req, pods, user));
        ex.respond(201, "application/json", Json.bytes(Status.success().toJson()));
    }

    /**
     * Assigns a pod to a node as upstream's binding REST does: the pod must be unassigned; spec.nodeName
     * and the binding's annotations are set and the PodScheduled condition becomes True.
     */
    public void bind(GenericStore pods, String ns, String name, ObjectNode binding, WriteOptions opts) {
        String node = binding.path("target").path("name").asText("");
        String targetKind = binding.path("target").path("kind").asText("");
        if (node.isEmpty() || !(targetKind.isEmpty() || targetKind.equals("Node"))) {
            throw new ApiException.Invalid("", "Binding", name, List.of(FieldError.invalid(
                    FieldPath.of("target", "kind"), targetKind, "must be empty or 'Node'")));
        }
        String bindingName = Meta.name(binding);
        if (!bindingName.isEmpty() && !bindingName.equals(name)) {
            throw new ApiException.BadRequest("the name of the object (" + bindingName
                    + ") does not match the name on the URL (" + name + ")");
        }
        String now = Timestamps.format(clock.instant());
        pods.update(ns, name, "binding", current -> {
            if (current == null) {
                return null;
            }
            String assigned = current.path("spec").path("nodeName").asText("");
            if (!assigned.isEmpty()) {
                throw new ApiException.Conflict(pods.registration().resource().groupResource(), name,
                        "pod " + name + " is already assigned to node \"" + assigned + "\"");
            }
            String uidPre = binding.path("metadata").path("uid").asText("");
            if (!uidPre.isEmpty() && !uidPre.equals(Meta.uid(current))) {
                throw new ApiException.Conflict(pods.registration().resource().groupResource(), name,
                        "Precondition failed: UID in precondition: " + uidPre + ", UID in object meta: "
                                + Meta.uid(current));
            }
            current.withObjectProperty("spec").put("nodeName", node);
            binding.path("metadata").path("annotations").properties().forEach(e ->
                    Meta.mutableMetadata(current).withObjectProperty("annotations").set(e.getKey(), e.getValue()));
            ObjectNode status = current.withObjectProperty("status");
            ArrayNode conditions = status.withArrayProperty("conditions");
            ObjectNode scheduled = null;
            for (JsonNode c : conditions) {
                if (c.path("type").asText().equals("PodScheduled")) {
                    scheduled = (ObjectNode) c;
                }
            }
            if (scheduled == null) {
                scheduled = conditions.addObject();
                scheduled.put("type", "PodScheduled");
            }
            scheduled.put("status", "True");
            scheduled.putNull("lastProbeTime");
            scheduled.put("lastTransitionTime", now);
            scheduled.remove("reason");
            scheduled.remove("message");
            return current;
        }, opts);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
