package dev.tugboat.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lenient typed reads and idempotent writes on JSON trees for defaulting and validation code. Reads
 * never throw: a missing or mistyped field reads as absent, the way Go's decoder leaves a zero value.
 */
public final class Fields {

    private Fields() {
    }

    /** The child, or a missing node. */
    public static JsonNode get(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return MissingNode.getInstance();
        }
        JsonNode v = node.get(field);
        return v == null ? MissingNode.getInstance() : v;
    }

    /** True when the field is present and not JSON null. */
    public static boolean has(JsonNode node, String field) {
        JsonNode v = get(node, field);
        return !v.isMissingNode() && !v.isNull();
    }

    /** The string value, or {@code ""}. */
    public static String str(JsonNode node, String field) {
        JsonNode v = get(node, field);
        return v.isTextual() ? v.textValue() : "";
    }

    /** The integer value, or {@code null} when absent or not a number. */
    public static Long integer(JsonNode node, String field) {
        JsonNode v = get(node, field);
        return v.isNumber() ? v.asLong() : null;
    }

    /** The integer value, or {@code dflt}. */
    public static long integer(JsonNode node, String field, long dflt) {
        Long v = integer(node, field);
        return v == null ? dflt : v;
    }

    /** The boolean value, or {@code null}. */
    public static Boolean bool(JsonNode node, String field) {
        JsonNode v = get(node, field);
        return v.isBoolean() ? v.booleanValue() : null;
    }

    public static boolean isTrue(JsonNode node, String field) {
        return Boolean.TRUE.equals(bool(node, field));
    }

    /** The elements of an array field (empty when absent). */
    public static List<JsonNode> list(JsonNode node, String field) {
        JsonNode v = get(node, field);
        if (!v.isArray()) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>(v.size());
        v.forEach(out::add);
        return out;
    }

    /** The string elements of an array field. */
    public static List<String> strings(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : list(node, field)) {
            out.add(n.isTextual() ? n.textValue() : n.asText());
        }
        return out;
    }

    /** A map of strings in document order (empty when absent). */
    public static Map<String, String> stringMap(JsonNode node, String field) {
        JsonNode v = get(node, field);
        Map<String, String> out = new LinkedHashMap<>();
        if (v.isObject()) {
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().asText());
            }
        }
        return out;
    }

    /** The entries of an object field in document order (empty when absent). */
    public static List<Map.Entry<String, JsonNode>> entries(JsonNode node, String field) {
        JsonNode v = get(node, field);
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        if (v.isObject()) {
            out.addAll(v.properties());
        }
        return out;
    }

    /** The object child, created (replacing a null) when absent. */
    public static ObjectNode object(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v instanceof ObjectNode o) {
            return o;
        }
        return node.putObject(field);
    }

    /** The object child, or null when absent or not an object. */
    public static ObjectNode objectOrNull(JsonNode node, String field) {
        JsonNode v = get(node, field);
        return v instanceof ObjectNode o ? o : null;
    }

    /** The object elements of an array field, for in-place defaulting. */
    public static List<ObjectNode> objects(JsonNode node, String field) {
        List<ObjectNode> out = new ArrayList<>();
        JsonNode v = get(node, field);
        if (v instanceof ArrayNode a) {
            a.forEach(e -> {
                if (e instanceof ObjectNode o) {
                    out.add(o);
                }
            });
        }
        return out;
    }

    /** Sets a string when the field is absent, null or empty. */
    public static void defaultString(ObjectNode node, String field, String value) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isTextual() && v.textValue().isEmpty()) {
            node.put(field, value);
        }
    }

    /** Sets an integer when the field is absent or null. */
    public static void defaultInt(ObjectNode node, String field, long value) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            node.put(field, value);
        }
    }

    /** Sets an integer when the field is absent, null or zero (Go non-pointer ints). */
    public static void defaultNonZeroInt(ObjectNode node, String field, long value) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isNumber() && v.asLong() == 0) {
            node.put(field, value);
        }
    }

    public static void defaultBool(ObjectNode node, String field, boolean value) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            node.put(field, value);
        }
    }
}
