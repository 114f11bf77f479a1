package dev.tugboat.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.errors.Status;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.printers.TablePrinter;
import dev.tugboat.api.resource.ApiResource;
import dev.tugboat.apiserver.auth.UserInfo;
import dev.tugboat.apiserver.http.HttpExchange;
import dev.tugboat.apiserver.http.HttpRequest;
import dev.tugboat.apiserver.registry.DeleteOptions;
import dev.tugboat.apiserver.registry.GenericStore;
import dev.tugboat.apiserver.registry.ListOptions;
import dev.tugboat.apiserver.registry.ObjectTransform;
import dev.tugboat.apiserver.registry.WriteOptions;
import dev.tugboat.apiserver.watchcache.CachedObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Serves the verbs of stored resources (upstream's {@code pkg/endpoints/handlers}): decodes and
 * checks requests, calls the {@link GenericStore}, and renders results in the negotiated format.
 */
public final class ResourceHandler {

    /** The collaborators a handler needs. */
    public record Deps(BodyDecoder decoder, SchemaCheck schemaCheck, ObjectFilter filters,
                       Patcher patcher, WatchHandler watches, SubresourceHandler subresources, Clock clock) {
    }

    private final Deps deps;

    public ResourceHandler(Deps deps) {
        this.deps = deps;
    }

    /** Handles a request for a stored resource. */
    public void handle(HttpRequest req, HttpExchange ex, RequestInfo info, GenericStore store, UserInfo user)
            throws Exception {
        ApiResource resource = store.registration().resource();
        String ns = info.namespace();
        if (resource.namespaced() && ns.isEmpty() && !info.verb().equals("list") && !info.verb().equals("watch")
                && !info.verb().equals("deletecollection")) {
            throw new ApiException.NotFound("the server could not find the requested resource");
        }
        if (!resource.namespaced() && !ns.isEmpty() && !info.resource().equals("namespaces")) {
            throw new ApiException.NotFound("the server could not find the requested resource");
        }
        if (!resource.namespaced()) {
            ns = "";
        }
        if (!info.subresource().isEmpty()) {
            deps.subresources().handle(req, ex, info, store, ns, user);
            return;
        }
        if (!resource.verbs().contains(info.verb()) || !routed(info)) {
            throw new ApiException.MethodNotSupported(resource.groupResource(), info.verb());
        }
        switch (info.verb()) {
            case "get" -> get(req, ex, store, ns, info.name());
            case "list" -> list(req, ex, store, ns);
            case "watch" -> watch(req, ex, store, ns, info.name());
            case "create" -> create(req, ex, store, ns, user);
            case "update" -> update(req, ex, store, ns, info.name(), user);
            case "patch" -> patch(req, ex, store, ns, info.name(), "", user);
            case "delete" -> delete(req, ex, store, ns, info.name(), user);
            case "deletecollection" -> deleteCollection(req, ex, store, ns, user);
            default -> throw new ApiException.MethodNotSupported(resource.groupResource(), info.verb());
        }
    }

    /**
     * Whether upstream registers a route for this method on this path: POST only on collections,
     * PUT and PATCH only on named objects. Without this, POST to {@code …/configmaps/x} would create
     * whatever the body names and PUT to a collection would look for an object named "".
     */
    private static boolean routed(RequestInfo info) {
        return switch (info.verb()) {
            case "create" -> info.name().isEmpty();
            case "update", "patch" -> !info.name().isEmpty();
            default -> true;
        };
    }

    private TablePrinter printer(GenericStore store) {
        return store.registration().printer();
    }

    // ----------------------------------------------------------------- reads

    private void get(HttpRequest req, HttpExchange ex, GenericStore store, String ns, String name) {
        OutputFormat out = OutputFormat.negotiate(req.header("Accept"), false);
        String rv = req.param("resourceVersion");
        CachedObject cached = store.getCached(ns, name, rv == null ? "" : rv);
        if (out instanceof OutputFormat.JsonObject && store.servedAsStored()) {
            ex.respond(200, "application/json", cached.json());
            return;
        }
        ObjectNode obj = store.toServed(cached.object().deepCopy());
        ObjectWriter.writeObject(ex, 200, out, obj, printer(store), req.param("includeObject"), deps.clock().instant());
    }

    private Predicate<CachedObject> filter(HttpRequest req, GenericStore store) {
        return deps.filters().build(store.registration().kind(), req.param("labelSelector"), req.param("fieldSelector"));
    }

    private static ListOptions listOptions(HttpRequest req) {
        long limit = RequestOptions.longParam(req, "limit", 0);
        return new ListOptions((int) Math.min(limit, Integer.MAX_VALUE), nz(req.param("continue")),
                nz(req.param("resourceVersion")), nz(req.param("resourceVersionMatch")));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private void list(HttpRequest req, HttpExchange ex, GenericStore store, String ns) {
        OutputFormat out = OutputFormat.negotiate(req.header("Accept"), true);
        Predicate<CachedObject> filter = filter(req, store);
        GenericStore.ListResult page = store.list(ns, filter, listOptions(req));
        ObjectWriter.writeList(ex, out, store, page, printer(store), req.param("includeObject"), deps.clock().instant());
    }

    private void watch(HttpRequest req, HttpExchange ex, GenericStore store, String ns, String name)
            throws InterruptedException {
        OutputFormat out = OutputFormat.negotiate(req.header("Accept"), false);
        Predicate<CachedObject> filter = filter(req, store);
        if (!name.isEmpty()) {
            filter = filter.and(o -> o.name().equals(name));
        }
        boolean bookmarks = RequestOptions.boolParam(req, "allowWatchBookmarks", false);
        String rv = nz(req.param("resourceVersion"));
        String sendInitial = req.param("sendInitialEvents");
        boolean initialEvents = sendInitial != null && RequestOptions.boolParam(req, "sendInitialEvents", false);
        if (sendInitial != null) {
            String match = nz(req.param("resourceVersionMatch"));
            if (!match.equals("NotOlderThan")) {
                throw new ApiException.Invalid("meta.k8s.io", "ListOptions", "", List.of(
                        dev.tugboat.api.errors.FieldError.forbidden(dev.tugboat.api.errors.FieldPath.root(
                                "sendInitialEvents"), "sendInitialEvents is forbidden for watch unless "
                                + "resourceVersionMatch is set to NotOlderThan")));
            }
            if (initialEvents && !bookmarks) {
                throw new ApiException.Invalid("meta.k8s.io", "ListOptions", "", List.of(
                        dev.tugboat.api.errors.FieldError.forbidden(dev.tugboat.api.errors.FieldPath.root(
                                "allowWatchBookmarks"), "allowWatchBookmarks must be set to true when "
                                + "sendInitialEvents is set")));
            }
        }
        // With sendInitialEvents=false the watch starts after the given (or current) revision.
        String startRv = rv;
        if (sendInitial != null && !initialEvents && (rv.isEmpty() || rv.equals("0"))) {
            startRv = Long.toString(store.list(ns, o -> false, new ListOptions(0, "", rv, "")).revision());
        }
        GenericStore.WatchStart start = store.watch(ns, startRv);
        long timeoutSeconds = RequestOptions.longParam(req, "timeoutSeconds", 0);
        deps.watches().serve(ex, store, start, filter,
                new WatchHandler.Rendering(out, printer(store), req.param("includeObject")),
                new WatchHandler.Params(WatchHandler.Params.timeout(timeoutSeconds), bookmarks,
                        initialEvents));
    }

    // ----------------------------------------------------------------- writes

    private ObjectNode decodeBody(HttpRequest req, HttpExchange ex, GenericStore store) {
        GroupVersionKind kind = store.registration().kind();
        ObjectNode obj = deps.decoder().decodeObject(req.header("Content-Type"), req.body(), kind.kind());
        checkTypeMeta(obj, kind);
        RequestOptions.FieldValidation mode = RequestOptions.fieldValidation(req);
        SchemaCheck.RawBody raw = rawBody(req.header("Content-Type"), req.body());
        for (String w : deps.schemaCheck().check(kind, obj, raw, mode)) {
            ex.addWarning(w);
        }
        return obj;
    }

    /** The body for duplicate-key checks: JSON or YAML as {@link BodyDecoder} read it; null for protobuf. */
    private static SchemaCheck.RawBody rawBody(String contentType, byte[] body) {
        MediaRange mt = MediaRange.parseOne(contentType);
        String type = mt == null ? "application/json" : mt.mediaType();
        return switch (type) {
            case "application/json", "*/*" -> new SchemaCheck.RawBody(body, false);
            case "application/yaml", "application/x-yaml", "text/yaml" -> new SchemaCheck.RawBody(body, true);
            default -> null;
        };
    }

    /** apiVersion/kind may be omitted; if present they must be the endpoint's. */
    static void checkTypeMeta(ObjectNode obj, GroupVersionKind kind) {
        JsonNode av = obj.get("apiVersion");
        JsonNode k = obj.get("kind");
        if (av != null && !av.isNull() && !av.isTextual() || k != null && !k.isNull() && !k.isTextual()) {
            throw new ApiException.BadRequest("apiVersion and kind must be strings");
        }
        String apiVersion = av == null || av.isNull() ? "" : av.asText();
        String kindName = k == null || k.isNull() ? "" : k.asText();
        if (!apiVersion.isEmpty() && !apiVersion.equals(kind.apiVersion())) {
            throw new ApiException.BadRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + kind.apiVersion() + ")");
        }
        if (!kindName.isEmpty() && !kindName.equals(kind.kind())) {
            throw new ApiException.BadRequest("the kind in the data (" + kindName
                    + ") does not match the expected kind (" + kind.kind() + ")");
        }
        obj.put("apiVersion", kind.apiVersion());
        obj.put("kind", kind.kind());
    }

    private WriteOptions writeOptions(HttpRequest req, GenericStore store, UserInfo user) {
        return new WriteOptions(RequestOptions.dryRun(req), RequestOptions.fieldManager(req),
                store.registration().kind().apiVersion(), user);
    }

    private void create(HttpRequest req, HttpExchange ex, GenericStore store, String ns, UserInfo user) {
        WriteOptions opts = writeOptions(req, store, user);
        ObjectNode obj = decodeBody(req, ex, store);
        GenericStore.Created created = store.createServed(ns, obj, opts);
        OutputFormat out = OutputFormat.negotiate(req.header("Accept"), false);
        if (out instanceof OutputFormat.JsonObject j && created.servedJson() != null) {
            ex.respond(201, j.contentType(), created.servedJson());
            return;
        }
        ObjectWriter.writeObject(ex, 201, out, created.object(), printer(store), req.param("includeObject"),
                deps.clock().instant());
    }

    private void update(HttpRequest req, HttpExchange ex, GenericStore store, String ns, String name, UserInfo user) {
        WriteOptions opts = writeOptions(req, store, user);
        ObjectNode body = decodeBody(req, ex, store);
        GenericStore.UpdateResult r = store.update(ns, name, "", current -> body.deepCopy(), opts);
        OutputFormat out = OutputFormat.negotiate(req.header("Accept"), false);
        ObjectWriter.writeObject(ex, r.created() ? 201 : 200, out, r.object(), printer(store),
                req.param("includeObject"), deps.clock().instant());
    }

    /** A patch of an existing object: an absent one stays absent, which the store answers with a 404. */
    private static ObjectTransform existing(ObjectTransform patch) {
        return current -> current == null ? null : patch.apply(current);
    }

    /** PATCH of the main resource or a subresource ({@code status}). */
    void patch(HttpRequest req, HttpExchange ex, GenericStore store, String ns, String name, String subresource,
               UserInfo user) {
        WriteOptions opts = writeOptions(req, store, user);
        MediaRange mt = MediaRange.parseOne(req.header("Content-Type"));
        String type = mt == null ? "" : mt.mediaType();
        GroupVersionKind kind = store.registration().kind();
        boolean builtin = !store.registration().custom();
        boolean force = RequestOptions.boolParam(req, "force", false);
        RequestOptions.FieldValidation mode = RequestOptions.fieldValidation(req);
        if (!req.hasBody()) {
            throw new ApiException.BadRequest("the body of the request is empty; expected a patch");
        }
        if (req.param("force") != null && !type.equals("application/apply-patch+yaml")) {
            throw new ApiException.Invalid("meta.k8s.io", "PatchOptions", "", List.of(
                    dev.tugboat.api.errors.FieldError.forbidden(dev.tugboat.api.errors.FieldPath.root("force"),
                            "may not be specified for non-apply patch")));
        }
        ObjectTransform transform = switch (type) {
            case "application/json-patch+json" -> existing(current -> checked(ex, kind, mode,
                    deps.patcher().jsonPatch(current, req.body()), current));
            case "application/merge-patch+json" -> existing(current -> checked(ex, kind, mode,
                    deps.patcher().mergePatch(current, req.body()), current));
            case "application/strategic-merge-patch+json" -> {
                if (!builtin) {
                    throw new ApiException.UnsupportedMediaType("the body of the request was in an unknown format - "
                            + "accepted media types include: application/json-patch+json, "
                            + "application/merge-patch+json, application/apply-patch+yaml");
                }
                yield existing(current -> checked(ex, kind, mode,
                        deps.patcher().strategicMergePatch(kind, current, req.body()), current));
            }
            case "application/apply-patch+yaml", "application/apply-patch+cbor" ->
                    applyTransform(req, ex, store, name, kind, force, subresource, mode);
            default -> throw new ApiException.UnsupportedMediaType("the body of the request was in an unknown format"
                    + " - accepted media types include: application/json-patch+json, application/merge-patch+json, "
                    + (builtin ? "application/strategic-merge-patch+json, " : "") + "application/apply-patch+yaml");
        };
        boolean apply = type.startsWith("application/apply-patch");
        GenericStore.UpdateResult r = store.update(ns, name, subresource, transform, apply ? opts.asApply() : opts);
        OutputFormat out = OutputFormat.negotiate(req.header("Accept"), false);
        ObjectWriter.writeObject(ex, r.created() ? 201 : 200, out, r.object(), printer(store),
                req.param("includeObject"), deps.clock().instant());
    }

    private ObjectTransform applyTransform(HttpRequest req, HttpExchange ex, GenericStore store, String name,
                                           GroupVersionKind kind, boolean force, String subresource,
                                           RequestOptions.FieldValidation mode) {
        String manager = req.param("fieldManager");
        if (manager == null || manager.isEmpty()) {
            throw new ApiException.Invalid("meta.k8s.io", "PatchOptions", "", List.of(
                    dev.tugboat.api.errors.FieldError.required(dev.tugboat.api.errors.FieldPath.root("fieldManager"),
                            "is required for apply patch")));
        }
        JsonNode parsed = BodyDecoder.parseYaml(req.body());
        if (!(parsed instanceof ObjectNode config)) {
            throw new ApiException.BadRequest("the body of an apply patch must be an object");
        }
        if (config.path("metadata").has("managedFields")) {
            throw new ApiException.BadRequest("metadata.managedFields must be nil");
        }
        String av = config.path("apiVersion").asText("");
        String k = config.path("kind").asText("");
        if (!av.equals(kind.apiVersion()) || !k.equals(kind.kind())) {
            throw new ApiException.BadRequest("invalid object type: " + GroupVersionKind.of(av, k));
        }
        String bodyName = Meta.name(config);
        if (!bodyName.isEmpty() && !bodyName.equals(name)) {
            throw new ApiException.BadRequest("the name of the object (" + bodyName
                    + ") does not match the name on the URL (" + name + ")");
        }
        List<String> warnings = deps.schemaCheck().check(kind, config.deepCopy(), null,
                mode == RequestOptions.FieldValidation.IGNORE ? RequestOptions.FieldValidation.WARN : mode);
        warnings.forEach(ex::addWarning);
        java.util.Set<String> reset = subresource.isEmpty()
                ? store.registration().strategy().resetFields()
                : store.registration().statusStrategy().resetFields();
        return (GenericStore.CreatingTransform) current -> {
            ObjectNode merged = deps.patcher().apply(kind, current, config.deepCopy(), manager, force, subresource,
                    reset, deps.clock().instant());
            if (current != null && Meta.resourceVersion(config).isEmpty()) {
                Meta.mutableMetadata(merged).put("resourceVersion", Meta.resourceVersion(current));
            }
            return merged;
        };
    }

    /** Schema check of a patched object: Strict rejects fields the patch introduced. */
    private ObjectNode checked(HttpExchange ex, GroupVersionKind kind, RequestOptions.FieldValidation mode,
                               ObjectNode patched, ObjectNode current) {
        checkTypeMeta(patched, kind);
        if (!ex.responded()) {
            for (String w : deps.schemaCheck().check(kind, patched, null, mode)) {
                ex.addWarning(w);
            }
        }
        return patched;
    }

    private void delete(HttpRequest req, HttpExchange ex, GenericStore store, String ns, String name, UserInfo user) {
        JsonNode body = req.hasBody() ? deps.decoder().decode(req.header("Content-Type"), req.body(),
                "DeleteOptions") : null;
        DeleteOptions opts = RequestOptions.deleteOptions(req, body);
        GenericStore.DeleteResult r = store.delete(ns, name, opts, user);
        OutputFormat out = OutputFormat.negotiate(req.header("Accept"), false);
        if (r.deleted()) {
            ApiResource res = store.registration().resource();
            Status ok = new Status("Success", 0, null, null, new Status.Details(name, res.kind().group(),
                    res.plural(), Meta.uid(r.object()), List.of(), null));
            ex.respond(200, "application/json", Json.bytes(ok.toJson()));
        } else {
            ObjectWriter.writeObject(ex, 200, out, r.object(), printer(store), req.param("includeObject"),
                    deps.clock().instant());
        }
    }

    private void deleteCollection(HttpRequest req, HttpExchange ex, GenericStore store, String ns, UserInfo user) {
        JsonNode body = req.hasBody() ? deps.decoder().decode(req.header("Content-Type"), req.body(),
                "DeleteOptions") : null;
        DeleteOptions opts = RequestOptions.deleteOptions(req, body);
        Predicate<CachedObject> filter = filter(req, store);
        GenericStore.ListResult page = store.list(ns, filter, new ListOptions(0, "", "", ""));
        List<ObjectNode> deleted = new ArrayList<>();
        for (CachedObject o : page.items()) {
            try {
                GenericStore.DeleteResult r = store.delete(o.namespace(), o.name(), opts, user);
                deleted.add(r.object());
            } catch (ApiException.NotFound gone) {
                // Deleted concurrently: nothing left to do.
            }
        }
        ObjectNode list = Json.object();
        list.put("kind", store.registration().resource().listKind());
        list.put("apiVersion", store.registration().kind().apiVersion());
        list.putObject("metadata").put("resourceVersion", Long.toString(page.revision()));
        var items = list.putArray("items");
        deleted.forEach(items::add);
        ex.respond(200, "application/json", Json.bytes(list));
    }
}
