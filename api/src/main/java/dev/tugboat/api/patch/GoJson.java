package dev.tugboat.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.Function;

/**
 * Compact JSON as Go's {@code encoding/json} writes unstructured values: object keys sorted
 * byte-wise, no whitespace, {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped, and
 * integral numbers without a fraction. Kubernetes uses this form for the last-applied annotation
 * and inside fieldsV1 keys ({@code k:{"name":"a"}}), so byte-exact output matters there.
 * Stateless and thread-safe.
 */
public final class GoJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoJson() {
    }

    /** The encoding of a JSON tree; Java null and missing nodes encode as {@code null}. */
    public static String write(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb);
        return sb.toString();
    }

    /** Appends the encoding of {@code node}. */
    public static void write(JsonNode node, StringBuilder sb) {
        write(node, sb, GoJson::number);
    }

    /**
     * Appends the encoding of {@code node} with {@code numbers} deciding how each number prints:
     * how Go decoded it (a json.Number, or int64 and float64 in unstructured values) decides its text.
     */
    public static void write(JsonNode node, StringBuilder sb, Function<JsonNode, String> numbers) {
        if (JsonValues.isNullish(node)) {
            sb.append("null");
        } else if (node.isObject()) {
            sb.append('{');
            boolean first = true;
            for (String key : JsonValues.sortedKeys(node)) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                string(key, sb);
                sb.append(':');
                write(node.get(key), sb, numbers);
            }
            sb.append('}');
        } else if (node.isArray()) {
            sb.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(node.get(i), sb, numbers);
            }
            sb.append(']');
        } else if (node.isTextual()) {
            string(node.textValue(), sb);
        } else if (node.isNumber()) {
            sb.append(numbers.apply(node));
        } else {
            sb.append(node.asText());
        }
    }

    /**
     * A number as Go prints a decoded JSON number: integers below 1e21 plainly, others in the
     * shortest float form. Never expands huge exponents (a DoS vector with {@code 1e999999999}).
     */
    public static String number(JsonNode n) {
        BigDecimal d = n.decimalValue();
        if (d.signum() == 0) {
            return "0";
        }
        int integerDigits = d.precision() - d.scale();
        if (JsonValues.isIntegral(n) && integerDigits <= 21) {
            return d.setScale(0, RoundingMode.UNNECESSARY).toPlainString();
        }
        if (integerDigits > -6 && integerDigits <= 21) {
            return d.stripTrailingZeros().toPlainString();
        }
        String s = Double.toString(d.doubleValue()).replace("E", "e").replace(".0e", "e");
        return s.contains("e") && !s.contains("e-") ? s.replace("e", "e+") : s;
    }

    /** Appends a Go-escaped JSON string literal. */
    public static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\u2028' -> sb.append("\\u2028");
                case '\u2029' -> sb.append("\\u2029");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        sb.append("\\u00").append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
