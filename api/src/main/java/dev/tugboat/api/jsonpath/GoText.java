package dev.tugboat.api.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.patch.GoJson;
import dev.tugboat.api.meta.GoFloats;

/**
 * How Go code prints decoded JSON values: {@code fmt.Print} for scalars and {@code json.Marshal}
 * (sorted keys, HTML-safe escapes) for objects and arrays. Numbers without a fraction or exponent are
 * integers as in Kubernetes' unstructured decoding; the rest are float64.
 */
final class GoText {

    private GoText() {
    }

    /** One result as client-go's {@code PrintResults} writes it. */
    static String print(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "<nil>";
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return Boolean.toString(v.booleanValue());
        }
        if (v.isNumber()) {
            return isInteger(v) ? v.bigIntegerValue().toString() : GoFloats.formatG(v.doubleValue());
        }
        StringBuilder sb = new StringBuilder();
        writeJson(v, sb);
        return sb.toString();
    }

    /** Whether the number decodes as int64 in Go's unstructured JSON (integral text that fits). */
    static boolean isInteger(JsonNode v) {
        return v.isIntegralNumber() && v.canConvertToLong();
    }

    /**
     * {@code json.Marshal} of a value decoded into Go's unstructured types: integers that fit int64
     * print as such, other numbers as float64.
     */
    static void writeJson(JsonNode v, StringBuilder sb) {
        GoJson.write(v, sb, n -> isInteger(n) ? n.bigIntegerValue().toString() : GoFloats.formatJson(n.doubleValue()));
    }
}
