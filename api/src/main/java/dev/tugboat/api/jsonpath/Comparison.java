package dev.tugboat.api.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Filter comparisons as Go templates compare values: both sides must be of the same basic kind
 * (integer, float, string, boolean); booleans only support equality.
 */
final class Comparison {

    private enum Kind { BOOL, INT, FLOAT, STRING }

    private Comparison() {
    }

    static boolean test(String operator, JsonNode left, JsonNode right) {
        Kind k1 = kind(left);
        Kind k2 = kind(right);
        return switch (operator) {
            case "==" -> equal(left, k1, right, k2);
            case "!=" -> !equal(left, k1, right, k2);
            case "<" -> compare(left, k1, right, k2) < 0;
            case ">" -> compare(left, k1, right, k2) > 0;
            case "<=" -> compare(left, k1, right, k2) <= 0;
            case ">=" -> compare(left, k1, right, k2) >= 0;
            default -> throw new JsonPathException("unrecognized filter operator " + operator);
        };
    }

    private static Kind kind(JsonNode v) {
        if (v.isTextual()) {
            return Kind.STRING;
        }
        if (v.isBoolean()) {
            return Kind.BOOL;
        }
        if (v.isNumber()) {
            return GoText.isInteger(v) ? Kind.INT : Kind.FLOAT;
        }
        throw new JsonPathException("invalid type for comparison");
    }

    private static boolean equal(JsonNode a, Kind k1, JsonNode b, Kind k2) {
        if (k1 != k2) {
            throw new JsonPathException("incompatible types for comparison");
        }
        return switch (k1) {
            case BOOL -> a.booleanValue() == b.booleanValue();
            case INT -> a.longValue() == b.longValue();
            case FLOAT -> a.doubleValue() == b.doubleValue();
            case STRING -> a.textValue().equals(b.textValue());
        };
    }

    private static int compare(JsonNode a, Kind k1, JsonNode b, Kind k2) {
        if (k1 == Kind.BOOL || k2 == Kind.BOOL) {
            throw new JsonPathException("invalid type for comparison");
        }
        if (k1 != k2) {
            throw new JsonPathException("incompatible types for comparison");
        }
        return switch (k1) {
            case INT -> Long.compare(a.longValue(), b.longValue());
            case FLOAT -> Double.compare(a.doubleValue(), b.doubleValue());
            default -> a.textValue().compareTo(b.textValue());
        };
    }
}
