package dev.tugboat.api.apiextensions.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.GoValues;
import dev.tugboat.api.patch.GoJson;
import dev.tugboat.api.patch.JsonValues;
import dev.tugboat.api.validation.Bare;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * How the Go API server sees a decoded JSON value: integers that fit an {@code int64} are
 * {@code int64}, every other number is a {@code float64}, and values print the way
 * {@code fmt} prints them in upstream messages. Stateless and thread-safe.
 */
final class GoValue {

    /** The dynamic type of a decoded unstructured value. */
    enum Kind { NULL, BOOL, INT, FLOAT, STRING, ARRAY, OBJECT }

    private static final double MAX_JSON_FLOAT = 9007199254740991d; // 2^53 - 1
    private static final double EPSILON = 1e-9;

    private GoValue() {
    }

    static Kind kind(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return Kind.NULL;
        }
        if (n.isTextual()) {
            return Kind.STRING;
        }
        if (n.isBoolean()) {
            return Kind.BOOL;
        }
        if (n.isArray()) {
            return Kind.ARRAY;
        }
        if (n.isObject()) {
            return Kind.OBJECT;
        }
        // Go decodes a number without fraction or exponent into int64 when it fits, else float64.
        return n.isIntegralNumber() && n.canConvertToLong() ? Kind.INT : Kind.FLOAT;
    }

    static boolean isNull(JsonNode n) {
        return kind(n) == Kind.NULL;
    }

    /** The JSON schema type name of a non-null value, as kube-openapi infers it. */
    static String schemaType(Kind k) {
        return switch (k) {
            case STRING -> "string";
            case BOOL -> "boolean";
            case INT -> "integer";
            case FLOAT -> "number";
            case ARRAY -> "array";
            case OBJECT -> "object";
            case NULL -> "null";
        };
    }

    /** The format kube-openapi infers from a value's Go type ({@code int64}, {@code float64}, or none). */
    static String inferredFormat(Kind k) {
        return switch (k) {
            case INT -> "int64";
            case FLOAT -> "float64";
            default -> "";
        };
    }

    /** The value as the {@code field.Error} bad value: strings quote, numbers and booleans are bare. */
    static Object errorValue(JsonNode n) {
        return switch (kind(n)) {
            case NULL -> null;
            case STRING -> n.textValue();
            case BOOL -> n.booleanValue();
            case INT -> n.longValue();
            case FLOAT -> new Bare(formatFloat(n.doubleValue()));
            case ARRAY, OBJECT -> new Bare(goSyntax(n));
        };
    }

    /**
     * Go's {@code %v} of a float64 ({@code strconv.FormatFloat(f, 'g', -1, 64)}): the shortest digits,
     * in exponent form when the decimal exponent is below -4 or at least 6 ({@code 1e+06}).
     */
    static String formatFloat(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0" : "0";
        }
        int exp = decimalExponent(v);
        if (exp < -4 || exp >= 6) {
            return exponentForm(v);
        }
        return (v < 0 ? "-" : "") + shortest(v).toPlainString();
    }

    /** The shortest decimal that reads back as {@code |v|} (the JDK prints shortest digits since 19). */
    private static BigDecimal shortest(double v) {
        return new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    }

    private static int decimalExponent(double v) {
        BigDecimal d = shortest(v);
        return d.unscaledValue().toString().length() - 1 - d.scale();
    }

    /** {@code d.ddde±XX}: at least two exponent digits, as Go's {@code 'e'} format. */
    private static String exponentForm(double v) {
        String digits = shortest(v).unscaledValue().toString();
        int exp = decimalExponent(v);
        StringBuilder sb = new StringBuilder(v < 0 ? "-" : "").append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exp < 0 ? '-' : '+');
        int a = Math.abs(exp);
        if (a < 10) {
            sb.append('0');
        }
        return sb.append(a).toString();
    }

    /** Go's {@code %v} of a decoded value ({@code map[a:1]}, {@code [x y]}, {@code <nil>}). */
    static String percentV(JsonNode n) {
        return switch (kind(n)) {
            case NULL -> "<nil>";
            case STRING -> n.textValue();
            case BOOL -> String.valueOf(n.booleanValue());
            case INT -> String.valueOf(n.longValue());
            case FLOAT -> formatFloat(n.doubleValue());
            case ARRAY -> {
                StringJoiner j = new StringJoiner(" ", "[", "]");
                n.forEach(e -> j.add(percentV(e)));
                yield j.toString();
            }
            case OBJECT -> {
                StringJoiner j = new StringJoiner(" ", "map[", "]");
                for (String k : JsonValues.sortedKeys(n)) {
                    j.add(k + ":" + percentV(n.get(k)));
                }
                yield j.toString();
            }
        };
    }

    /** Go's {@code %#v} of a decoded value ({@code map[string]interface {}{"a":1}}). */
    static String goSyntax(JsonNode n) {
        return switch (kind(n)) {
            case NULL -> "interface {}(nil)";
            case STRING -> GoValues.quote(n.textValue());
            case BOOL -> String.valueOf(n.booleanValue());
            case INT -> String.valueOf(n.longValue());
            case FLOAT -> formatFloat(n.doubleValue());
            case ARRAY -> {
                StringJoiner j = new StringJoiner(", ", "[]interface {}{", "}");
                n.forEach(e -> j.add(goSyntax(e)));
                yield j.toString();
            }
            case OBJECT -> {
                StringJoiner j = new StringJoiner(", ", "map[string]interface {}{", "}");
                for (String k : JsonValues.sortedKeys(n)) {
                    j.add(GoValues.quote(k) + ":" + goSyntax(n.get(k)));
                }
                yield j.toString();
            }
        };
    }

    /** Go's {@code %T} of a decoded value. */
    static String typeName(JsonNode n) {
        return switch (kind(n)) {
            case NULL -> "<nil>";
            case STRING -> "string";
            case BOOL -> "bool";
            case INT -> "int64";
            case FLOAT -> "float64";
            case ARRAY -> "[]interface {}";
            case OBJECT -> "map[string]interface {}";
        };
    }

    /** {@code json.Marshal} of a decoded value, as upstream lists non-string enum values. */
    static String json(JsonNode n) {
        if (kind(n) != Kind.FLOAT) {
            return GoJson.write(n);
        }
        double d = n.doubleValue();
        double a = Math.abs(d);
        if (a == 0) {
            return "0";
        }
        if (a >= 1e-6 && a < 1e21) {
            return (d < 0 ? "-" : "") + shortest(d).toPlainString();
        }
        // encoding/json uses the exponent form outside [1e-6, 1e21) and trims "e-07" to "e-7".
        return exponentForm(d).replaceFirst("e-0(\\d)$", "e-$1");
    }

    /** {@code reflect.DeepEqual} of two decoded values: {@code int64(1)} and {@code float64(1)} differ. */
    static boolean deepEqual(JsonNode a, JsonNode b) {
        Kind ka = kind(a);
        if (ka != kind(b)) {
            return false;
        }
        return switch (ka) {
            case NULL -> true;
            case STRING -> a.textValue().equals(b.textValue());
            case BOOL -> a.booleanValue() == b.booleanValue();
            case INT -> a.longValue() == b.longValue();
            case FLOAT -> a.doubleValue() == b.doubleValue();
            case ARRAY -> {
                if (a.size() != b.size()) {
                    yield false;
                }
                for (int i = 0; i < a.size(); i++) {
                    if (!deepEqual(a.get(i), b.get(i))) {
                        yield false;
                    }
                }
                yield true;
            }
            case OBJECT -> {
                if (a.size() != b.size()) {
                    yield false;
                }
                for (Map.Entry<String, JsonNode> e : a.properties()) {
                    if (!b.has(e.getKey()) || !deepEqual(e.getValue(), b.get(e.getKey()))) {
                        yield false;
                    }
                }
                yield true;
            }
        };
    }

    /**
     * go-openapi's {@code swag.IsFloat64AJSONInteger}: integral within 2^53, or within a relative error
     * of 1e-9 of the integer below it (so {@code 1000000000.5} counts as an integer).
     */
    static boolean isJsonInteger(double f) {
        if (Double.isNaN(f) || Double.isInfinite(f) || f < -MAX_JSON_FLOAT || f > MAX_JSON_FLOAT) {
            return false;
        }
        if (f == (long) f) {
            return true;
        }
        if (f < 0) {
            // Go converts a negative fraction to a huge uint64, so the relative check never passes.
            return false;
        }
        double g = Math.floor(f);
        double diff = f - g;
        if (g == 0) {
            return diff < EPSILON * Double.MIN_VALUE;
        }
        return diff / (f + g) < EPSILON;
    }

    /** Joins JSON schema type names as kube-openapi does in messages ({@code integer,string}). */
    static String joinTypes(List<String> types) {
        return String.join(",", types);
    }
}
