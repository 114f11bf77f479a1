package dev.tugboat.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.GroupVersionKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Converts OpenAPI v3 schema JSON (a built-in component schema or a CRD's structural schema) into
 * the {@link Schema} model. List semantics follow kube-openapi's schemaconv: an explicit
 * {@code x-kubernetes-list-type} wins; otherwise a {@code merge} patch strategy makes a map keyed
 * by the merge key (a set without one); otherwise the list is atomic.
 *
 * <p>Stateless apart from the reference lookup it is given; safe to share.
 */
final class SchemaConverter {

    static final String REF_PREFIX = "#/components/schemas/";
    static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    private final Function<String, Schema> lookup;

    /** @param lookup resolves a definition name; called lazily, only after conversion finished */
    SchemaConverter(Function<String, Schema> lookup) {
        this.lookup = lookup;
    }

    /** Converts a named definition. */
    Schema definition(String name, JsonNode json) {
        if (name.equals(QUANTITY)) {
            return new Schema.Scalar(Schema.ScalarType.QUANTITY, "", description(json));
        }
        return convert(json, name);
    }

    /** Converts an inline schema node (a property, list item or map value). */
    Schema convert(JsonNode s, String name) {
        String ref = refOf(s);
        if (ref != null) {
            return ref(ref);
        }
        String description = description(s);
        if (s.path("x-kubernetes-int-or-string").asBoolean(false) || "int-or-string".equals(s.path("format").asText())) {
            return new Schema.Scalar(Schema.ScalarType.INT_OR_STRING, "int-or-string", description);
        }
        String format = s.path("format").asText("");
        return switch (s.path("type").asText("")) {
            case "string" -> new Schema.Scalar(Schema.ScalarType.STRING, format, description);
            case "integer" -> new Schema.Scalar(Schema.ScalarType.INTEGER, format, description);
            case "number" -> new Schema.Scalar(Schema.ScalarType.NUMBER, format, description);
            case "boolean" -> new Schema.Scalar(Schema.ScalarType.BOOLEAN, format, description);
            case "array" -> list(s, description);
            default -> object(s, name, description);
        };
    }

    private Schema object(JsonNode s, String name, String description) {
        boolean atomic = "atomic".equals(s.path("x-kubernetes-map-type").asText());
        boolean preserve = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        JsonNode props = s.get("properties");
        boolean embedded = s.path("x-kubernetes-embedded-resource").asBoolean(false);
        if ((props != null && props.isObject()) || embedded) {
            return struct(s, name, description, atomic, preserve, embedded);
        }
        JsonNode additional = s.get("additionalProperties");
        if (additional != null && additional.isObject()) {
            return new Schema.MapOf(convert(additional, ""), atomic, description);
        }
        if (additional != null && additional.asBoolean(false)) {
            return new Schema.MapOf(new Schema.Untyped(""), atomic, description);
        }
        return new Schema.Untyped(description);
    }

    private Schema struct(JsonNode s, String name, String description, boolean atomic, boolean preserve,
                          boolean embedded) {
        Map<String, Schema.Property> properties = new LinkedHashMap<>();
        s.path("properties").properties().forEach(e -> properties.put(e.getKey(), property(e.getKey(), e.getValue())));
        if (embedded) {
            // An embedded object carries its own type and metadata (apiextensions structural schema rule).
            properties.putIfAbsent("apiVersion", scalarProperty("apiVersion"));
            properties.putIfAbsent("kind", scalarProperty("kind"));
            properties.putIfAbsent("metadata", new Schema.Property("metadata", ref(OBJECT_META), "", null, null));
        }
        List<String> required = new ArrayList<>();
        s.path("required").forEach(r -> required.add(r.asText()));
        List<GroupVersionKind> gvks = new ArrayList<>();
        s.path("x-kubernetes-group-version-kind").forEach(g -> gvks.add(new GroupVersionKind(
                g.path("group").asText(""), g.path("version").asText(""), g.path("kind").asText(""))));
        return new Schema.Struct(name, description, properties, required, atomic, preserve, gvks);
    }

    private static Schema.Property scalarProperty(String name) {
        return new Schema.Property(name, new Schema.Scalar(Schema.ScalarType.STRING, "", ""), "", null, null);
    }

    private Schema.Property property(String name, JsonNode s) {
        Schema schema = convert(s, "");
        String mapType = s.path("x-kubernetes-map-type").asText("");
        if (!mapType.isEmpty() && schema instanceof Schema.Ref r) {
            schema = structTypeOverride(r, mapType.equals("atomic"));
        }
        String strategy = "array".equals(s.path("type").asText())
                ? null : text(s, "x-kubernetes-patch-strategy");
        JsonNode dflt = s.get("default");
        return new Schema.Property(name, schema, description(s), dflt, strategy);
    }

    /** A field whose map-type differs from its struct type's (e.g. {@code PersistentVolumeSpec.claimRef}). */
    private Schema structTypeOverride(Schema.Ref r, boolean atomic) {
        String name = r.name() + (atomic ? "#atomic" : "#granular");
        return new Schema.Ref(name, () -> r.resolved() instanceof Schema.Struct st
                ? new Schema.Struct(st.name(), st.description(), st.properties(), st.required(), atomic,
                        st.preserveUnknownFields(), st.gvks())
                : r.resolved());
    }

    private Schema list(JsonNode s, String description) {
        JsonNode itemsNode = s.path("items");
        Schema items = itemsNode.isObject() ? convert(itemsNode, "") : new Schema.Untyped("");
        String listType = text(s, "x-kubernetes-list-type");
        String strategy = text(s, "x-kubernetes-patch-strategy");
        String mergeKey = text(s, "x-kubernetes-patch-merge-key");
        List<String> keys = new ArrayList<>();
        Schema.ListType type;
        if (listType != null) {
            type = switch (listType) {
                case "map" -> Schema.ListType.MAP;
                case "set" -> Schema.ListType.SET;
                default -> Schema.ListType.ATOMIC;
            };
            if (type == Schema.ListType.MAP) {
                s.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asText()));
            }
        } else if (strategy != null && List.of(strategy.split(",")).contains("merge")) {
            type = mergeKey == null ? Schema.ListType.SET : Schema.ListType.MAP;
            if (mergeKey != null) {
                keys.add(mergeKey);
            }
        } else {
            type = Schema.ListType.ATOMIC;
        }
        return new Schema.ListOf(items, type, keys, strategy, mergeKey, description);
    }

    private Schema ref(String name) {
        return new Schema.Ref(name, () -> lookup.apply(name));
    }

    /** The referenced definition name of {@code {$ref}} or {@code {allOf: [{$ref}]}}, else null. */
    static String refOf(JsonNode s) {
        JsonNode ref = s.get("$ref");
        if (ref == null && s.path("allOf").size() == 1) {
            ref = s.path("allOf").get(0).get("$ref");
        }
        if (ref == null || !ref.isTextual()) {
            return null;
        }
        String r = ref.asText();
        return r.startsWith(REF_PREFIX) ? r.substring(REF_PREFIX.length()) : r.substring(r.lastIndexOf('/') + 1);
    }

    private static String description(JsonNode s) {
        return s.path("description").asText("");
    }

    private static String text(JsonNode s, String field) {
        JsonNode v = s.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
