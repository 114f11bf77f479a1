package dev.tugboat.controllers.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.resource.ApiResource;
import dev.tugboat.client.discovery.ApiResources;
import dev.tugboat.client.discovery.CachedDiscovery;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.client.rest.TransportException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes an autoscaler's target through its {@code scale} subresource (an autoscaling/v1
 * {@code Scale}), whatever its kind, as upstream's scale client does: the target's group and kind map to
 * the resources serving them (the preferred version first), and the first whose scale can be read wins.
 */
final class ScaleTargets {

    private final ApiClient api;
    private final CachedDiscovery discovery;

    ScaleTargets(ApiClient api, CachedDiscovery discovery) {
        this.api = api;
        this.discovery = discovery;
    }

    /** The target could not be read or written; the message is upstream's error text. */
    static final class ScaleException extends Exception {
        ScaleException(String message) {
            super(message);
        }
    }

    /**
     * A target's scale as read.
     *
     * @param client    the {@code scale} subresource it was read through
     * @param namespace the target's namespace
     * @param scale     the {@code Scale}: {@code spec.replicas}, {@code status.replicas}, {@code status.selector}
     */
    record Scale(ResourceClient client, String namespace, ObjectNode scale) {

        int specReplicas() {
            return scale.path("spec").path("replicas").asInt(0);
        }

        /** The label selector of the target's pods in string form; "" when the target reports none. */
        String selector() {
            return scale.path("status").path("selector").asText("");
        }
    }

    /** Reads the scale of {@code scaleTargetRef} ({@code apiVersion}, {@code kind}, {@code name}) in {@code namespace}. */
    Scale get(String namespace, JsonNode scaleTargetRef) throws ScaleException {
        String apiVersion = scaleTargetRef.path("apiVersion").asText("");
        String kind = scaleTargetRef.path("kind").asText("");
        String name = scaleTargetRef.path("name").asText("");
        if (apiVersion.chars().filter(c -> c == '/').count() > 1) {
            throw new ScaleException("unexpected GroupVersion string: " + apiVersion);
        }
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        List<ApiResource> mappings = mappings(discovery.current(), group, kind);
        if (mappings.isEmpty()) {
            // The kind may be a custom resource defined since discovery was last read.
            mappings = mappings(discovery.refresh(), group, kind);
        }
        if (mappings.isEmpty()) {
            throw new ScaleException("no matches for kind \"" + kind + "\" in group \"" + group + "\"");
        }
        String firstError = null;
        for (ApiResource mapping : mappings) {
            ResourceClient client = api.resource(mapping.gvr()).subresource("scale");
            try {
                return new Scale(client, namespace, client.get(namespace, name));
            } catch (StatusException | TransportException e) {
                if (firstError == null) {
                    firstError = e.getMessage();
                }
            }
        }
        throw new ScaleException(firstError);
    }

    /**
     * Writes {@code replicas} to the target's scale, conditional on the read version (a conflict fails).
     *
     * @throws ScaleException with the server's message
     */
    void update(Scale target, int replicas) throws ScaleException {
        ObjectNode scale = target.scale().deepCopy();
        scale.withObjectProperty("spec").put("replicas", replicas);
        try {
            target.client().update(target.namespace(), scale);
        } catch (StatusException | TransportException e) {
            throw new ScaleException(e.getMessage());
        }
    }

    /** The resources serving a group and kind, the group's preferred version first (upstream's RESTMappings). */
    private static List<ApiResource> mappings(ApiResources resources, String group, String kind) {
        String preferred = resources.preferred().get(group);
        List<ApiResource> found = new ArrayList<>();
        for (ApiResource r : resources.all()) {
            if (r.kind().group().equals(group) && r.kind().kind().equals(kind)) {
                if (r.kind().version().equals(preferred)) {
                    found.addFirst(r);
                } else {
                    found.add(r);
                }
            }
        }
        return found;
    }
}
