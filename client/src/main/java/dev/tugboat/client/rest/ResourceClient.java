package dev.tugboat.client.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The REST verbs of one resource at one version (client-go's dynamic and metadata clients in one).
 * A {@code namespace} argument of "" addresses cluster-scoped objects, or every namespace for list and
 * watch. In {@link #metadataOnly()} mode responses are {@code PartialObjectMetadata(List)} trees.
 *
 * <p>Immutable and thread-safe. Every call is one blocking HTTP request (two or more for
 * {@link #listAll} and {@link #modify}); failures throw {@link StatusException} or
 * {@link TransportException}.
 */
public final class ResourceClient {

    static final String JSON = "application/json";
    static final String METADATA = "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io,application/json";
    static final String METADATA_LIST =
            "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json";
    private static final int MODIFY_ATTEMPTS = 8;

    private final ApiClient api;
    private final GroupVersionResource gvr;
    private final String subresource;
    private final boolean metadataOnly;

    ResourceClient(ApiClient api, GroupVersionResource gvr, String subresource, boolean metadataOnly) {
        this.api = api;
        this.gvr = gvr;
        this.subresource = subresource;
        this.metadataOnly = metadataOnly;
    }

    public GroupVersionResource resource() {
        return gvr;
    }

    public boolean isMetadataOnly() {
        return metadataOnly;
    }

    /** The same resource, answering with object metadata only (what the garbage collector needs). */
    public ResourceClient metadataOnly() {
        return new ResourceClient(api, gvr, subresource, true);
    }

    /** A subresource ({@code status}, {@code scale}, {@code finalize}, …): get, create, update and patch. */
    public ResourceClient subresource(String name) {
        return new ResourceClient(api, gvr, name, metadataOnly);
    }

    // ------------------------------------------------------------------ reads

    public ObjectNode get(String namespace, String name) {
        return object(api.send("GET", path(namespace, name), accept(), null, null));
    }

    /** One page (or everything, when {@code opts.limit()} is 0). */
    public ObjectList list(String namespace, ListOptions opts) {
        requireMain("list");
        QueryString q = new QueryString();
        opts.addTo(q);
        JsonNode body = api.send("GET", path(namespace, "") + q, metadataOnly ? METADATA_LIST : JSON, null, null);
        List<ObjectNode> items = new ArrayList<>();
        for (JsonNode item : body.path("items")) {
            if (item instanceof ObjectNode o) {
                items.add(o);
            }
        }
        JsonNode meta = body.path("metadata");
        return new ObjectList(items, meta.path("resourceVersion").asText(""), meta.path("continue").asText(""));
    }

    /**
     * Every page of a list at one revision, following {@code continue} tokens with {@code opts.limit()} as
     * the page size. The result's resourceVersion is the first page's.
     */
    public ObjectList listAll(String namespace, ListOptions opts) {
        ObjectList page = list(namespace, opts.withContinue(""));
        List<ObjectNode> items = new ArrayList<>(page.items());
        String rv = page.resourceVersion();
        while (!page.continueToken().isEmpty()) {
            page = list(namespace, opts.withContinue(page.continueToken()).withResourceVersion("")
                    .withResourceVersionMatch(""));
            items.addAll(page.items());
        }
        return new ObjectList(items, rv, "");
    }

    /** Opens a watch; read it with {@link Watch#next()} and close it when done. */
    public Watch watch(String namespace, WatchOptions opts) {
        requireMain("watch");
        QueryString q = new QueryString();
        opts.addTo(q);
        return api.watch(path(namespace, "") + q, accept());
    }

    // ------------------------------------------------------------------ writes

    /** POST; the namespace comes from the argument (the object's, if it has one, must match). */
    public ObjectNode create(String namespace, ObjectNode obj, WriteOptions opts) {
        String name = subresource.isEmpty() ? "" : Meta.name(obj);
        return object(api.send("POST", path(namespace, name) + query(opts), accept(), JSON, Json.bytes(obj)));
    }

    public ObjectNode create(String namespace, ObjectNode obj) {
        return create(namespace, obj, WriteOptions.DEFAULT);
    }

    /** PUT of the object (its metadata.name); a metadata.resourceVersion makes it conditional. */
    public ObjectNode update(String namespace, ObjectNode obj, WriteOptions opts) {
        String name = Meta.name(obj);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("update needs metadata.name");
        }
        return object(api.send("PUT", path(namespace, name) + query(opts), accept(), JSON, Json.bytes(obj)));
    }

    public ObjectNode update(String namespace, ObjectNode obj) {
        return update(namespace, obj, WriteOptions.DEFAULT);
    }

    /** PATCH; {@code patch} is an array for {@link PatchType#JSON}, an object otherwise. */
    public ObjectNode patch(String namespace, String name, PatchType type, JsonNode patch, WriteOptions opts) {
        return object(api.send("PATCH", path(namespace, name) + query(opts), accept(), type.contentType(),
                Json.bytes(patch)));
    }

    public ObjectNode patch(String namespace, String name, PatchType type, JsonNode patch) {
        return patch(namespace, name, type, patch, WriteOptions.DEFAULT);
    }

    /**
     * DELETE. Returns what the server answered: a {@code Status} when the object is gone, or the object
     * itself (with deletionTimestamp) when finalizers or a grace period keep it for now.
     */
    public ObjectNode delete(String namespace, String name, DeleteOptions opts) {
        requireMain("delete");
        return object(api.send("DELETE", path(namespace, name), accept(), JSON, Json.bytes(opts.toJson())));
    }

    public ObjectNode delete(String namespace, String name) {
        return delete(namespace, name, DeleteOptions.DEFAULT);
    }

    /** DELETE of a collection: every object the selection matches. Returns the server's list. */
    public ObjectNode deleteCollection(String namespace, ListOptions selection, DeleteOptions opts) {
        requireMain("deletecollection");
        QueryString q = new QueryString();
        q.add("labelSelector", selection.labelSelector());
        q.add("fieldSelector", selection.fieldSelector());
        return object(api.send("DELETE", path(namespace, "") + q, metadataOnly ? METADATA_LIST : JSON, JSON,
                Json.bytes(opts.toJson())));
    }

    /**
     * Read-modify-write with conflict retry: GETs the object, applies {@code change} to a copy, and PUTs
     * the result with the read resourceVersion; a 409 starts over with a fresh GET. {@code change} may run
     * several times and returns null to leave the object as it is.
     *
     * @return the written object, or the unchanged one when {@code change} returned null
     */
    public ObjectNode modify(String namespace, String name, UnaryOperator<ObjectNode> change) {
        StatusException last = null;
        for (int attempt = 0; attempt < MODIFY_ATTEMPTS; attempt++) {
            ObjectNode current = get(namespace, name);
            ObjectNode desired = change.apply(current.deepCopy());
            if (desired == null) {
                return current;
            }
            Meta.mutableMetadata(desired).put("resourceVersion", Meta.resourceVersion(current));
            try {
                return update(namespace, desired);
            } catch (StatusException e) {
                if (!e.isConflict()) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    // ------------------------------------------------------------------ paths

    private String accept() {
        return metadataOnly ? METADATA : JSON;
    }

    private void requireMain(String verb) {
        if (!subresource.isEmpty()) {
            throw new IllegalStateException(verb + " is not a verb of subresources");
        }
    }

    private static String query(WriteOptions opts) {
        QueryString q = new QueryString();
        opts.addTo(q);
        return q.toString();
    }

    private static ObjectNode object(JsonNode n) {
        if (n instanceof ObjectNode o) {
            return o;
        }
        throw new TransportException("expected a JSON object, got " + n.getNodeType(), null);
    }

    /** {@code /api/v1/namespaces/ns/pods/name/status} and the like. */
    String path(String namespace, String name) {
        StringBuilder sb = new StringBuilder(64);
        if (gvr.group().isEmpty()) {
            sb.append("/api/").append(gvr.version());
        } else {
            sb.append("/apis/").append(gvr.group()).append('/').append(gvr.version());
        }
        if (namespace != null && !namespace.isEmpty()) {
            sb.append("/namespaces/").append(segment(namespace));
        }
        sb.append('/').append(gvr.resource());
        if (name != null && !name.isEmpty()) {
            sb.append('/').append(segment(name));
        }
        if (!subresource.isEmpty()) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a subresource needs an object name");
            }
            sb.append('/').append(subresource);
        }
        return sb.toString();
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
