package dev.tugboat.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersion;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.resource.ApiResource;
import dev.tugboat.api.schema.OpenApiDefinitions;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the OpenAPI v3 document of one group-version, shaped like upstream's: a path per
 * collection, object, subresource and (deprecated) watch URL; every operation with an
 * {@code operationId}, {@code x-kubernetes-action} and {@code x-kubernetes-group-version-kind}; and
 * the closure of referenced component schemas. kubectl relies on two things here: the PATCH
 * operation of a kind lists the {@code fieldValidation} parameter (else it validates client-side),
 * and it lists {@code application/strategic-merge-patch+json} only for built-in kinds.
 */
final class GroupVersionDocument {

    private static final String REF = "#/components/schemas/";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private static final String JSON = "application/json";
    private static final String YAML = "application/yaml";
    private static final String PROTOBUF = "application/vnd.kubernetes.protobuf";
    private static final Set<String> CONNECT_SUBRESOURCES = Set.of("exec", "attach", "portforward", "proxy");

    private final GroupVersion gv;
    private final OpenApiDefinitions definitions;
    private final Map<String, ObjectNode> paths = new TreeMap<>();

    private GroupVersionDocument(GroupVersion gv, OpenApiDefinitions definitions) {
        this.gv = gv;
        this.definitions = definitions;
    }

    /** The document of {@code gv}, built from the resources that belong to it. */
    static ObjectNode build(GroupVersion gv, List<ApiResource> resources, OpenApiDefinitions definitions) {
        GroupVersionDocument d = new GroupVersionDocument(gv, definitions);
        resources.stream().sorted(Comparator.comparing(ApiResource::plural)).forEach(d::addResource);
        return d.document();
    }

    /** {@code /api/v1} or {@code /apis/apps/v1}. */
    static String prefix(GroupVersion gv) {
        return gv.isCore() ? "/api/" + gv.version() : "/apis/" + gv.group() + "/" + gv.version();
    }

    private void addResource(ApiResource r) {
        boolean builtin = definitions.strategicMergePatch(r.kind());
        Naming n = new Naming(gv, r.kind().kind(), r.namespaced());
        String kindRef = definitions.definitionName(r.kind()).orElse(null);
        String listRef = definitions.definitionName(new GroupVersionKind(r.kind().group(), r.kind().version(),
                r.listKind())).orElse(null);
        String base = prefix(gv) + (r.namespaced() ? "/namespaces/{namespace}/" : "/") + r.plural();
        List<String> verbs = r.verbs();
        ObjectNode collection = pathItem(base, r.namespaced(), false);
        if (verbs.contains("list")) {
            collection.set("get", op("list or watch objects of kind " + r.kind().kind(), n.id("list", ""), "list",
                    r.kind(), Parameters.LIST, null, responses(listRef, builtin, true, "200")));
        }
        if (verbs.contains("create")) {
            collection.set("post", op("create a " + r.kind().kind(), n.id("create", ""), "post", r.kind(),
                    Parameters.WRITE, body(kindRef, builtin), responses(kindRef, builtin, false, "200", "201", "202")));
        }
        if (verbs.contains("deletecollection")) {
            collection.set("delete", op("delete a collection of " + r.kind().kind(), n.collectionId(), "deletecollection",
                    r.kind(), Parameters.DELETE_COLLECTION, body(META + "DeleteOptions", builtin),
                    responses(META + "Status", builtin, false, "200")));
        }
        ObjectNode item = pathItem(base + "/{name}", r.namespaced(), true);
        if (verbs.contains("get")) {
            item.set("get", op("read the specified " + r.kind().kind(), n.id("read", ""), "get", r.kind(), List.of(),
                    null, responses(kindRef, builtin, false, "200")));
        }
        if (verbs.contains("update")) {
            item.set("put", op("replace the specified " + r.kind().kind(), n.id("replace", ""), "put", r.kind(),
                    Parameters.WRITE, body(kindRef, builtin), responses(kindRef, builtin, false, "200", "201")));
        }
        if (verbs.contains("patch")) {
            item.set("patch", op("partially update the specified " + r.kind().kind(), n.id("patch", ""), "patch",
                    r.kind(), Parameters.PATCH, patchBody(builtin), responses(kindRef, builtin, false, "200", "201")));
        }
        if (verbs.contains("delete")) {
            item.set("delete", op("delete a " + r.kind().kind(), n.id("delete", ""), "delete", r.kind(),
                    Parameters.DELETE, body(META + "DeleteOptions", builtin),
                    responses(META + "Status", builtin, false, "200", "202")));
        }
        if (r.namespaced() && verbs.contains("list")) {
            pathItem(prefix(gv) + "/" + r.plural(), false, false).set("get", op("list or watch objects of kind "
                    + r.kind().kind(), n.allNamespacesId("list", ""), "list", r.kind(), Parameters.LIST, null,
                    responses(listRef, builtin, true, "200")));
        }
        if (verbs.contains("watch")) {
            addWatchPaths(r, n, builtin);
        }
        for (ApiResource.Subresource sub : r.subresources()) {
            addSubresource(r, sub, base + "/{name}/" + sub.name(), n, builtin);
        }
    }

    private void addWatchPaths(ApiResource r, Naming n, boolean builtin) {
        String watchEvent = META + "WatchEvent";
        String watchBase = prefix(gv) + "/watch" + (r.namespaced() ? "/namespaces/{namespace}/" : "/") + r.plural();
        pathItem(watchBase, r.namespaced(), false, Parameters.LIST).set("get", op("watch changes to a list of "
                + r.kind().kind() + "; deprecated: use the watch parameter of the list operation",
                n.id("watch", "List"), "watchlist", r.kind(), List.of(), null, responses(watchEvent, builtin, true, "200")));
        pathItem(watchBase + "/{name}", r.namespaced(), true, Parameters.LIST).set("get", op("watch changes to a "
                + r.kind().kind() + "; deprecated: use the watch parameter with a field selector on the list operation",
                n.id("watch", ""), "watch", r.kind(), List.of(), null, responses(watchEvent, builtin, true, "200")));
        if (r.namespaced()) {
            pathItem(prefix(gv) + "/watch/" + r.plural(), false, false, Parameters.LIST).set("get",
                    op("watch changes to a list of " + r.kind().kind() + "; deprecated",
                            n.allNamespacesId("watch", "List"), "watchlist", r.kind(), List.of(), null,
                            responses(watchEvent, builtin, true, "200")));
        }
    }

    private void addSubresource(ApiResource r, ApiResource.Subresource sub, String path, Naming n, boolean builtin) {
        String suffix = capitalize(sub.name());
        GroupVersionKind gvk = sub.responseKind();
        ObjectNode item = pathItem(path, r.namespaced(), true);
        List<String> verbs = sub.verbs();
        if (CONNECT_SUBRESOURCES.contains(sub.name()) || sub.name().equals("log")) {
            boolean log = sub.name().equals("log");
            for (String verb : List.of("get", "create", "update", "patch", "delete")) {
                if (verbs.contains(verb)) {
                    String method = httpMethod(verb);
                    String id = log ? n.id("read", suffix) : n.id("connect" + capitalize(method), suffix);
                    item.set(method, op((log ? "read " : "connect " + method.toUpperCase(Locale.ROOT) + " requests to ")
                            + sub.name() + " of " + r.kind().kind(), id, log ? "get" : "connect", gvk, List.of(), null,
                            textResponse()));
                }
            }
            return;
        }
        String ref = definitions.definitionName(gvk).orElse(null);
        boolean subBuiltin = builtin && definitions.strategicMergePatch(gvk);
        if (verbs.contains("get")) {
            item.set("get", op("read " + sub.name() + " of the specified " + r.kind().kind(), n.id("read", suffix),
                    "get", gvk, List.of(), null, responses(ref, builtin, false, "200")));
        }
        if (verbs.contains("create")) {
            item.set("post", op("create " + sub.name() + " of a " + r.kind().kind(), n.id("create", suffix), "post",
                    gvk, Parameters.WRITE, body(ref, builtin), responses(ref, builtin, false, "200", "201", "202")));
        }
        if (verbs.contains("update")) {
            item.set("put", op("replace " + sub.name() + " of the specified " + r.kind().kind(), n.id("replace", suffix),
                    "put", gvk, Parameters.WRITE, body(ref, builtin), responses(ref, builtin, false, "200", "201")));
        }
        if (verbs.contains("patch")) {
            item.set("patch", op("partially update " + sub.name() + " of the specified " + r.kind().kind(),
                    n.id("patch", suffix), "patch", gvk, Parameters.PATCH, patchBody(subBuiltin),
                    responses(ref, builtin, false, "200", "201")));
        }
    }

    private static String httpMethod(String verb) {
        return switch (verb) {
            case "create" -> "post";
            case "update" -> "put";
            default -> verb;
        };
    }

    private ObjectNode pathItem(String path, boolean namespaced, boolean named) {
        return pathItem(path, namespaced, named, List.of());
    }

    private ObjectNode pathItem(String path, boolean namespaced, boolean named, List<Parameters.Query> extra) {
        return paths.computeIfAbsent(path, p -> {
            ObjectNode item = Json.object();
            ArrayNode params = item.putArray("parameters");
            if (named) {
                params.add(Parameters.path("name", "The name of the object."));
            }
            if (namespaced) {
                params.add(Parameters.path("namespace", "The object name and auth scope, such as for teams and projects."));
            }
            Parameters.addQuery(params, List.of(Parameters.PRETTY));
            Parameters.addQuery(params, extra);
            return item;
        });
    }

    private ObjectNode op(String description, String operationId, String action, GroupVersionKind gvk,
                          List<Parameters.Query> query, ObjectNode requestBody, ObjectNode responses) {
        ObjectNode op = Json.object().put("description", description).put("operationId", operationId);
        if (!query.isEmpty()) {
            Parameters.addQuery(op.putArray("parameters"), query);
        }
        if (requestBody != null) {
            op.set("requestBody", requestBody);
        }
        op.set("responses", responses);
        op.putArray("tags").add(Naming.tag(gv));
        op.put("x-kubernetes-action", action);
        op.putObject("x-kubernetes-group-version-kind").put("group", gvk.group()).put("kind", gvk.kind())
                .put("version", gvk.version());
        return op;
    }

    private static ObjectNode schemaRef(String definition) {
        return definition == null ? Json.object().put("type", "object") : Json.object().put("$ref", REF + definition);
    }

    private static ObjectNode body(String definition, boolean builtin) {
        ObjectNode body = Json.object();
        ObjectNode content = body.putObject("content");
        for (String type : builtin ? List.of(JSON, YAML, PROTOBUF) : List.of(JSON, YAML)) {
            content.putObject(type).set("schema", schemaRef(definition));
        }
        body.put("required", true);
        return body;
    }

    private static ObjectNode patchBody(boolean strategicMerge) {
        ObjectNode body = Json.object();
        ObjectNode content = body.putObject("content");
        List<String> types = strategicMerge
                ? List.of("application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json",
                        "application/strategic-merge-patch+json")
                : List.of("application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json");
        for (String type : types) {
            content.putObject(type).set("schema", schemaRef(META + "Patch"));
        }
        body.put("required", true);
        return body;
    }

    private static ObjectNode responses(String definition, boolean builtin, boolean streams, String... codes) {
        ObjectNode responses = Json.object();
        for (String code : codes) {
            ObjectNode r = responses.putObject(code);
            ObjectNode content = r.putObject("content");
            for (String type : builtin ? List.of(JSON, YAML, PROTOBUF) : List.of(JSON, YAML)) {
                content.putObject(type).set("schema", schemaRef(definition));
            }
            if (streams) {
                content.putObject(JSON + ";stream=watch").set("schema", schemaRef(definition));
                if (builtin) {
                    content.putObject(PROTOBUF + ";stream=watch").set("schema", schemaRef(definition));
                }
            }
            r.put("description", switch (code) {
                case "201" -> "Created";
                case "202" -> "Accepted";
                default -> "OK";
            });
        }
        responses.putObject("401").put("description", "Unauthorized");
        return responses;
    }

    private static ObjectNode textResponse() {
        ObjectNode responses = Json.object();
        ObjectNode ok = responses.putObject("200");
        ok.putObject("content").putObject("*/*").putObject("schema").put("type", "string");
        ok.put("description", "OK");
        responses.putObject("401").put("description", "Unauthorized");
        return responses;
    }

    private ObjectNode document() {
        ObjectNode doc = Json.object();
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        closure().forEach(name -> definitions.definitionJson(name).ifPresent(def -> schemas.set(name, def)));
        doc.putObject("info").put("title", "Kubernetes").put("version", "unversioned");
        doc.put("openapi", "3.0.0");
        ObjectNode p = doc.putObject("paths");
        paths.forEach(p::set);
        return doc;
    }

    /** Every definition the paths reference, directly or through other definitions, sorted. */
    private Set<String> closure() {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>();
        paths.values().forEach(item -> refs(item, todo));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (seen.add(name)) {
                definitions.definitionJson(name).ifPresent(def -> refs(def, todo));
            }
        }
        return seen;
    }

    private static void refs(JsonNode n, Deque<String> out) {
        if (n.isObject()) {
            JsonNode ref = n.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith(REF)) {
                out.push(ref.asText().substring(REF.length()));
            }
        }
        for (JsonNode child : n) {
            refs(child, out);
        }
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
