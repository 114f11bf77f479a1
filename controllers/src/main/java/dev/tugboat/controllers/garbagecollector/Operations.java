package dev.tugboat.controllers.garbagecollector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.resource.ApiResource;
import dev.tugboat.client.discovery.CachedDiscovery;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.DeleteOptions;
import dev.tugboat.client.rest.PatchType;
import dev.tugboat.client.rest.PropagationPolicy;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The collector's API calls (upstream's operations.go): metadata reads, uid-conditioned deletes and
 * metadata patches with conflict retry. Thread-safe.
 */
final class Operations {

    private static final int PATCH_ATTEMPTS = 5;

    /** An apiVersion/kind that discovery does not know (yet): retried later. */
    static final class RestMappingException extends RuntimeException {
        RestMappingException(String apiVersion, String kind) {
            super("unable to map " + apiVersion + "/" + kind + " to a resource", null, false, false);
        }
    }

    private final ApiClient api;
    private final CachedDiscovery discovery;

    Operations(ApiClient api, CachedDiscovery discovery) {
        this.api = api;
        this.discovery = discovery;
    }

    /** The resource serving {@code apiVersion}/{@code kind}. */
    ApiResource resourceFor(String apiVersion, String kind) {
        return discovery.forKind(GroupVersionKind.of(apiVersion, kind))
                .orElseThrow(() -> new RestMappingException(apiVersion, kind));
    }

    private ResourceClient client(ApiResource r) {
        return api.resource(r.gvr()).metadataOnly();
    }

    private String namespaceOf(ApiResource r, String namespace) {
        return r.namespaced() ? namespace : "";
    }

    /** The live metadata of the object at {@code id}'s coordinates (404 as {@link StatusException}). */
    ObjectNode get(ObjectReference id) {
        ApiResource r = resourceFor(id.apiVersion(), id.kind());
        return client(r).get(namespaceOf(r, id.namespace()), id.name());
    }

    /** The live metadata of an object of resource {@code r} named {@code name}. */
    ObjectNode get(ApiResource r, String namespace, String name) {
        return client(r).get(namespaceOf(r, namespace), name);
    }

    /**
     * Deletes the object if it still has {@code id}'s uid and is at {@code resourceVersion}, the state the
     * decision was made on. If it changed meanwhile but its ownerReferences did not, the decision still
     * holds and the delete is repeated with the uid precondition only (as upstream does). A 404 of the
     * repeated attempt's lookup counts as done.
     */
    void delete(ObjectReference id, String resourceVersion, List<JsonNode> ownersAtResourceVersion,
                PropagationPolicy policy) {
        ApiResource r = resourceFor(id.apiVersion(), id.kind());
        ResourceClient c = client(r);
        String ns = namespaceOf(r, id.namespace());
        DeleteOptions byUid = DeleteOptions.propagation(policy).withPreconditionUid(id.uid());
        try {
            c.delete(ns, id.name(), byUid.withPreconditionResourceVersion(resourceVersion));
        } catch (StatusException e) {
            if (!e.isConflict()) {
                throw e;
            }
            ObjectNode live;
            try {
                live = c.get(ns, id.name());
            } catch (StatusException gone) {
                if (gone.isNotFound()) {
                    return;
                }
                throw gone;
            }
            if (!Meta.uid(live).equals(id.uid()) || Meta.resourceVersion(live).equals(resourceVersion)
                    || !Meta.ownerReferences(live).equals(ownersAtResourceVersion)) {
                throw e;
            }
            c.delete(ns, id.name(), byUid);
        }
    }

    void removeOwnerReferences(ObjectReference id, Collection<String> ownerUids) {
        patch(id, current -> MetadataPatches.removeOwnerReferences(current, ownerUids));
    }

    void unblockOwnerReferences(ObjectReference id) {
        patch(id, MetadataPatches::unblockOwnerReferences);
    }

    void removeFinalizer(ObjectReference id, String finalizer) {
        patch(id, current -> MetadataPatches.removeFinalizer(current, finalizer));
    }

    /**
     * Reads the object, computes a patch of that state and sends it; a 409 (someone wrote in between)
     * starts over. Nothing is sent when the object is gone, has another uid, or needs no change.
     */
    private void patch(ObjectReference id, Function<JsonNode, Optional<ObjectNode>> compute) {
        ApiResource r = resourceFor(id.apiVersion(), id.kind());
        ResourceClient c = client(r);
        String ns = namespaceOf(r, id.namespace());
        for (int attempt = 1; ; attempt++) {
            ObjectNode current;
            try {
                current = c.get(ns, id.name());
            } catch (StatusException e) {
                if (e.isNotFound()) {
                    return;
                }
                throw e;
            }
            if (!Meta.uid(current).equals(id.uid())) {
                return;
            }
            Optional<ObjectNode> patch = compute.apply(current);
            if (patch.isEmpty()) {
                return;
            }
            try {
                c.patch(ns, id.name(), PatchType.MERGE, patch.get());
                return;
            } catch (StatusException e) {
                if (e.isNotFound()) {
                    return;
                }
                if (!e.isConflict() || attempt == PATCH_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
