package dev.tugboat.client.informer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;

/**
 * The cache key of an object: namespace ("" for cluster-scoped objects) and name. Its string form is
 * client-go's {@code namespace/name} (or just {@code name}).
 */
public record ObjectKey(String namespace, String name) {

    public ObjectKey {
        if (namespace == null || name == null) {
            throw new IllegalArgumentException("namespace and name must not be null");
        }
    }

    public static ObjectKey of(JsonNode obj) {
        return new ObjectKey(Meta.namespace(obj), Meta.name(obj));
    }

    @Override
    public String toString() {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }
}
