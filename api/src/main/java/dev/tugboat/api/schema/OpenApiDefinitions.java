package dev.tugboat.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.GroupVersionKind;
import java.util.Optional;

/**
 * The OpenAPI v3 component schemas to publish, as JSON. Implementations are immutable snapshots
 * and safe to share between threads; the returned JSON must not be modified.
 */
public interface OpenApiDefinitions {

    /** The component schema name of a kind, e.g. {@code io.k8s.api.apps.v1.Deployment}; empty if unknown. */
    Optional<String> definitionName(GroupVersionKind gvk);

    /** A component schema by name, with references of the form {@code #/components/schemas/NAME}. */
    Optional<JsonNode> definitionJson(String name);

    /** Whether PATCH accepts strategic merge patch for this kind: built-in kinds only. */
    boolean strategicMergePatch(GroupVersionKind gvk);
}
