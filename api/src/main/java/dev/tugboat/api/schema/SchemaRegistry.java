package dev.tugboat.api.schema;

import dev.tugboat.api.meta.GroupVersionKind;
import java.util.Optional;

/**
 * Looks up structural schemas. Implementations are immutable snapshots and safe to share
 * between threads; a registry that learns CRDs returns a new snapshot per change.
 */
public interface SchemaRegistry {

    /** The top-level schema of a kind at a version, if known. */
    Optional<Schema> forKind(GroupVersionKind gvk);

    /** A definition by name, e.g. {@code io.k8s.api.core.v1.PodSpec}. */
    Optional<Schema> definition(String name);
}
