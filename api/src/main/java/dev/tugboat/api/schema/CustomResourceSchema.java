package dev.tugboat.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.GroupVersionKind;

/**
 * The schema of one served version of a custom resource, derived from its CRD.
 *
 * @param gvk                the custom resource kind at this version
 * @param listKind           e.g. {@code WidgetList}
 * @param schema             the structural schema of the object (metadata refers to ObjectMeta)
 * @param definitionName     the published component name, e.g. {@code com.example.v1.Widget}
 * @param definitionJson     the published component schema of the object
 * @param listDefinitionName the published component name of the list kind
 * @param listDefinitionJson the published component schema of the list kind
 */
public record CustomResourceSchema(GroupVersionKind gvk, String listKind, Schema schema, String definitionName,
                                   JsonNode definitionJson, String listDefinitionName, JsonNode listDefinitionJson) {

    public GroupVersionKind listGvk() {
        return new GroupVersionKind(gvk.group(), gvk.version(), listKind);
    }
}
