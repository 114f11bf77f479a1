package dev.tugboat.apiserver.registry;

import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.printers.TablePrinter;
import dev.tugboat.api.resource.ApiResource;
import java.util.Map;

/**
 * Everything the server needs to serve one resource at one version.
 *
 * @param resource        what discovery and OpenAPI publish
 * @param storageKind     the apiVersion/kind objects are stored as
 * @param storagePrefix   {@code /registry/<group>/<resource>/}; several versions of one resource share it
 * @param strategy        hooks of the main resource
 * @param subresourceStrategies hooks of writable subresources by name ({@code status}, {@code binding}, …)
 * @param printer         server-side Table printing
 * @param converter       served version ↔ storage version
 * @param hooks           side effects around storage (allocations), {@link StorageHooks#NONE} for most kinds
 * @param scale           where the scale subresource reads and writes, or null if there is none
 * @param custom          whether this is a custom resource (no strategic merge patch, schema from its CRD)
 */
public record ResourceRegistration(ApiResource resource, GroupVersionKind storageKind, String storagePrefix,
                                   RestStrategy strategy, Map<String, RestStrategy> subresourceStrategies,
                                   TablePrinter printer,
                                   VersionConverter converter, StorageHooks hooks, ScalePaths scale,
                                   boolean custom) {

    public ResourceRegistration {
        subresourceStrategies = Map.copyOf(subresourceStrategies);
    }

    /** The status subresource's strategy, or null. */
    public RestStrategy statusStrategy() {
        return subresourceStrategies.get("status");
    }

    public boolean namespaced() {
        return resource.namespaced();
    }

    public GroupVersionKind kind() {
        return resource.kind();
    }
}
