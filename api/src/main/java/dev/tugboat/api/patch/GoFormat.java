package dev.tugboat.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.StringJoiner;

/**
 * Renders JSON trees the way Go's {@code %v} prints decoded unstructured values, so that error
 * messages read like upstream's ({@code map[image:z]}, {@code [a b]}). Stateless and thread-safe.
 */
public final class GoFormat {

    private GoFormat() {
    }

    /** {@code %v}: objects as {@code map[k:v ...]} with sorted keys, arrays as {@code [a b]}, strings bare. */
    public static String value(JsonNode node) {
        if (JsonValues.isNullish(node)) {
            return "<nil>";
        }
        if (node.isObject()) {
            StringJoiner j = new StringJoiner(" ", "map[", "]");
            for (String key : JsonValues.sortedKeys(node)) {
                j.add(key + ":" + value(node.get(key)));
            }
            return j.toString();
        }
        if (node.isArray()) {
            StringJoiner j = new StringJoiner(" ", "[", "]");
            node.forEach(n -> j.add(value(n)));
            return j.toString();
        }
        if (node.isNumber()) {
            return GoJson.number(node);
        }
        return node.asText();
    }

    /** Go's {@code %T} of a decoded JSON value. */
    public static String typeName(JsonNode node) {
        if (JsonValues.isNullish(node)) {
            return "<nil>";
        }
        if (node.isObject()) {
            return "map[string]interface {}";
        }
        if (node.isArray()) {
            return "[]interface {}";
        }
        if (node.isTextual()) {
            return "string";
        }
        if (node.isBoolean()) {
            return "bool";
        }
        return JsonValues.isIntegral(node) ? "int64" : "float64";
    }
}
