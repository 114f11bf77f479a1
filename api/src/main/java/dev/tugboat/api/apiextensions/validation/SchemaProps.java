package dev.tugboat.api.apiextensions.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of a CRD version's {@code openAPIV3Schema} ({@code JSONSchemaProps}), parsed once. It
 * carries both views upstream uses: the structural one (type, properties, items,
 * additionalProperties, default, nullable and the {@code x-kubernetes-*} extensions) that defaulting
 * and pruning walk, and the value validations ({@code enum}, bounds, {@code pattern},
 * {@code allOf}/{@code anyOf}/{@code oneOf}/{@code not}, ...) that validation checks.
 *
 * <p>Keywords a v1 CRD may not carry ({@code $ref}, {@code definitions}, {@code dependencies},
 * {@code patternProperties}, {@code additionalItems}, item arrays) are ignored, as CRD validation
 * rejects them. Immutable and thread-safe.
 */
final class SchemaProps {

    final List<String> types;
    final boolean nullable;
    /** The format left after upstream strips unsupported ones; "" for none. */
    final String format;
    final JsonNode defaultValue;
    final Map<String, SchemaProps> properties;
    final SchemaProps additionalSchema;
    /** {@code additionalProperties} given as a boolean; null when absent or a schema. */
    final Boolean additionalAllowed;
    final SchemaProps items;
    final List<String> required;
    final List<JsonNode> enumValues;
    final Double maximum;
    final boolean exclusiveMaximum;
    final Double minimum;
    final boolean exclusiveMinimum;
    final Double multipleOf;
    final Long maxLength;
    final Long minLength;
    final String pattern;
    final GoRegex regex;
    final String patternError;
    final Long maxItems;
    final Long minItems;
    final boolean uniqueItems;
    final Long maxProperties;
    final Long minProperties;
    final List<SchemaProps> allOf;
    final List<SchemaProps> anyOf;
    final List<SchemaProps> oneOf;
    final SchemaProps not;
    final boolean preserveUnknownFields;
    final boolean embeddedResource;
    final String listType;
    final List<String> listMapKeys;
    final boolean hasCelRules;

    private SchemaProps(JsonNode n) {
        List<String> t = new ArrayList<>();
        if (n.path("x-kubernetes-int-or-string").asBoolean(false)) {
            t.add("integer");
            t.add("string");
        } else if (n.path("type").isTextual() && !n.path("type").textValue().isEmpty()) {
            t.add(n.path("type").textValue());
        }
        types = List.copyOf(t);
        nullable = n.path("nullable").asBoolean(false);
        format = StringFormats.effective(n.path("format").asText(""), types);
        // A null default is no default (upstream's Default.Object is nil).
        defaultValue = n.hasNonNull("default") ? n.get("default").deepCopy() : null;
        properties = children(n.path("properties"));
        JsonNode ap = n.path("additionalProperties");
        additionalSchema = ap.isObject() ? new SchemaProps(ap) : null;
        additionalAllowed = ap.isBoolean() ? ap.booleanValue() : null;
        items = n.path("items").isObject() ? new SchemaProps(n.get("items")) : null;
        required = strings(n.path("required"));
        enumValues = n.path("enum").isArray() ? List.copyOf(copyOf(n.get("enum"))) : null;
        maximum = number(n, "maximum");
        exclusiveMaximum = n.path("exclusiveMaximum").asBoolean(false);
        minimum = number(n, "minimum");
        exclusiveMinimum = n.path("exclusiveMinimum").asBoolean(false);
        multipleOf = number(n, "multipleOf");
        maxLength = integer(n, "maxLength");
        minLength = integer(n, "minLength");
        maxItems = integer(n, "maxItems");
        minItems = integer(n, "minItems");
        uniqueItems = n.path("uniqueItems").asBoolean(false);
        maxProperties = integer(n, "maxProperties");
        minProperties = integer(n, "minProperties");
        pattern = n.path("pattern").asText("");
        GoRegex re = null;
        String err = null;
        if (!pattern.isEmpty()) {
            try {
                re = GoRegex.compile(pattern);
            } catch (GoRegexException e) {
                err = e.getMessage();
            }
        }
        regex = re;
        patternError = err;
        allOf = list(n.path("allOf"));
        anyOf = list(n.path("anyOf"));
        oneOf = list(n.path("oneOf"));
        not = n.path("not").isObject() ? new SchemaProps(n.get("not")) : null;
        preserveUnknownFields = n.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        embeddedResource = n.path("x-kubernetes-embedded-resource").asBoolean(false);
        listType = n.path("x-kubernetes-list-type").asText("");
        listMapKeys = strings(n.path("x-kubernetes-list-map-keys"));
        hasCelRules = n.path("x-kubernetes-validations").isArray() && !n.get("x-kubernetes-validations").isEmpty();
    }

    /** Parses a schema tree; a missing or non-object node means "no schema" and yields null. */
    static SchemaProps parse(JsonNode schema) {
        return schema != null && schema.isObject() ? new SchemaProps(schema) : null;
    }

    /** The schema of property {@code name}, else of additional properties, else null. */
    SchemaProps fieldSchema(String name) {
        SchemaProps p = properties.get(name);
        return p != null ? p : additionalSchema;
    }

    private static Map<String, SchemaProps> children(JsonNode props) {
        if (!props.isObject()) {
            return Map.of();
        }
        Map<String, SchemaProps> out = new LinkedHashMap<>();
        props.properties().forEach(e -> {
            if (e.getValue().isObject()) {
                out.put(e.getKey(), new SchemaProps(e.getValue()));
            }
        });
        return Collections.unmodifiableMap(out);
    }

    private static List<SchemaProps> list(JsonNode arr) {
        List<SchemaProps> out = new ArrayList<>();
        if (arr.isArray()) {
            arr.forEach(s -> {
                if (s.isObject()) {
                    out.add(new SchemaProps(s));
                }
            });
        }
        return List.copyOf(out);
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        if (arr.isArray()) {
            arr.forEach(s -> out.add(s.asText()));
        }
        return List.copyOf(out);
    }

    private static List<JsonNode> copyOf(JsonNode arr) {
        List<JsonNode> out = new ArrayList<>();
        arr.forEach(v -> out.add(v.deepCopy()));
        return out;
    }

    private static Double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() ? v.doubleValue() : null;
    }

    private static Long integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() ? v.longValue() : null;
    }
}
