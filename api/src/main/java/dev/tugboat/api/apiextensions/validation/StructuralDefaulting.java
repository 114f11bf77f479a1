package dev.tugboat.api.apiextensions.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies the {@code default}s of a structural schema to a custom resource, as upstream's
 * {@code structuraldefaulting.Default}: at every object, each property with a default that is absent
 * (or null while not nullable) gets a deep copy of the default; then every property, additional
 * property and list item is visited, so defaults nested inside a fresh default apply too. Non-nullable
 * null map values and list items take their schema's default. Defaults inside
 * {@code allOf}/{@code anyOf}/{@code oneOf}/{@code not} are not structural and are ignored.
 *
 * <p>Idempotent. Mutates only the object passed in; the instance is immutable and thread-safe.
 */
public final class StructuralDefaulting {

    private final SchemaProps root;

    StructuralDefaulting(SchemaProps root) {
        this.root = root;
    }

    /** Defaulting for a CRD version's {@code openAPIV3Schema}; a missing schema defaults nothing. */
    public static StructuralDefaulting of(JsonNode openApiV3Schema) {
        return new StructuralDefaulting(SchemaProps.parse(openApiV3Schema));
    }

    /** Fills in the defaults of {@code obj} in place. */
    public void apply(ObjectNode obj) {
        apply(obj, root);
    }

    static void apply(JsonNode x, SchemaProps s) {
        if (s == null) {
            return;
        }
        if (x instanceof ObjectNode o) {
            for (Map.Entry<String, SchemaProps> p : s.properties.entrySet()) {
                SchemaProps prop = p.getValue();
                if (prop.defaultValue != null && (!o.has(p.getKey()) || nonNullableNull(o.get(p.getKey()), prop))) {
                    o.set(p.getKey(), prop.defaultValue.deepCopy());
                }
            }
            for (String k : fieldNames(o)) {
                SchemaProps prop = s.properties.get(k);
                if (prop != null) {
                    apply(o.get(k), prop);
                } else if (s.additionalSchema != null) {
                    if (nonNullableNull(o.get(k), s.additionalSchema)) {
                        o.set(k, defaultOrNull(s.additionalSchema));
                    }
                    apply(o.get(k), s.additionalSchema);
                }
            }
        } else if (x instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (nonNullableNull(a.get(i), s.items)) {
                    a.set(i, defaultOrNull(s.items));
                }
                apply(a.get(i), s.items);
            }
        }
    }

    private static JsonNode defaultOrNull(SchemaProps s) {
        return s.defaultValue != null ? s.defaultValue.deepCopy() : NullNode.getInstance();
    }

    private static boolean nonNullableNull(JsonNode v, SchemaProps s) {
        return v != null && v.isNull() && s != null && !s.nullable;
    }

    /** A snapshot of the member names, so members can be replaced while iterating. */
    static List<String> fieldNames(ObjectNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
