package dev.tugboat.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Derives {@link CustomResourceSchema}s from a CustomResourceDefinition: one per served version,
 * from {@code spec.versions[].schema.openAPIV3Schema}. The object's {@code metadata} always refers
 * to the built-in ObjectMeta (whatever the CRD says about it), and {@code apiVersion}/{@code kind}
 * are strings, as upstream publishes them. Pure functions; thread-safe.
 */
public final class CustomResourceSchemas {

    private static final String LIST_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";

    private CustomResourceSchemas() {
    }

    /**
     * The schemas of every served version of {@code crd}.
     *
     * @param builtins resolves ObjectMeta, ListMeta and the other built-in references
     */
    public static List<CustomResourceSchema> fromCrd(JsonNode crd, SchemaRegistry builtins) {
        JsonNode spec = crd.path("spec");
        String group = spec.path("group").asText();
        String kind = spec.path("names").path("kind").asText();
        String listKind = spec.path("names").path("listKind").asText(kind + "List");
        List<CustomResourceSchema> out = new ArrayList<>();
        for (JsonNode v : spec.path("versions")) {
            if (!v.path("served").asBoolean(true)) {
                continue;
            }
            GroupVersionKind gvk = new GroupVersionKind(group, v.path("name").asText(), kind);
            JsonNode openApi = v.path("schema").path("openAPIV3Schema");
            out.add(forVersion(gvk, listKind, openApi, builtins));
        }
        return out;
    }

    /** The schema of one version, given its {@code openAPIV3Schema} (absent: anything goes). */
    public static CustomResourceSchema forVersion(GroupVersionKind gvk, String listKind, JsonNode openApiV3Schema,
                                                  SchemaRegistry builtins) {
        String prefix = definitionPrefix(gvk);
        ObjectNode def = objectDefinition(gvk, openApiV3Schema);
        ObjectNode list = listDefinition(gvk, listKind, prefix + gvk.kind());
        SchemaConverter converter = new SchemaConverter(name -> builtins.definition(name)
                .orElseThrow(() -> new IllegalStateException("no built-in definition " + name)));
        Schema schema = converter.convert(def, prefix + gvk.kind());
        return new CustomResourceSchema(gvk, listKind, schema, prefix + gvk.kind(), def, prefix + listKind, list);
    }

    /** Upstream's naming: the group reversed, then version: {@code widgets.example.com/v1} → {@code com.example.widgets.v1.}. */
    static String definitionPrefix(GroupVersionKind gvk) {
        List<String> parts = new ArrayList<>(List.of(gvk.group().split("\\.")));
        Collections.reverse(parts);
        return String.join(".", parts) + "." + gvk.version() + ".";
    }

    private static ObjectNode objectDefinition(GroupVersionKind gvk, JsonNode openApi) {
        ObjectNode def = openApi.isObject() ? openApi.deepCopy() : Json.object().put("type", "object")
                .put("x-kubernetes-preserve-unknown-fields", true);
        def.put("type", "object");
        ObjectNode props = def.has("properties") ? (ObjectNode) def.get("properties") : def.putObject("properties");
        props.set("apiVersion", Json.object().put("type", "string").put("description",
                "The versioned schema of this representation of an object."));
        props.set("kind", Json.object().put("type", "string").put("description",
                "The REST resource this object represents."));
        ObjectNode meta = Json.object().put("description", "Standard object's metadata.");
        meta.putArray("allOf").addObject().put("$ref", SchemaConverter.REF_PREFIX + SchemaConverter.OBJECT_META);
        props.set("metadata", meta);
        gvkExtension(def, gvk);
        return def;
    }

    private static ObjectNode listDefinition(GroupVersionKind gvk, String listKind, String itemDefinition) {
        ObjectNode def = Json.object().put("description", listKind + " is a list of " + gvk.kind());
        ObjectNode props = def.putObject("properties");
        props.putObject("apiVersion").put("type", "string")
                .put("description", "The versioned schema of this representation of an object.");
        ObjectNode items = props.putObject("items").put("description", "The objects in the list.").put("type", "array");
        items.putObject("items").put("$ref", SchemaConverter.REF_PREFIX + itemDefinition);
        props.putObject("kind").put("type", "string").put("description", "The REST resource this object represents.");
        ObjectNode meta = props.putObject("metadata").put("description", "Standard list metadata.");
        meta.putArray("allOf").addObject().put("$ref", SchemaConverter.REF_PREFIX + LIST_META);
        def.putArray("required").add("items");
        def.put("type", "object");
        gvkExtension(def, new GroupVersionKind(gvk.group(), gvk.version(), listKind));
        return def;
    }

    private static void gvkExtension(ObjectNode def, GroupVersionKind gvk) {
        def.putArray("x-kubernetes-group-version-kind").addObject()
                .put("group", gvk.group()).put("kind", gvk.kind()).put("version", gvk.version());
    }
}
