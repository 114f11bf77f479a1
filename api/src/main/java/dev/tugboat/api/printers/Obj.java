package dev.tugboat.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Null-safe reads from an object's JSON tree; missing values read as empty, zero or absent. */
final class Obj {

    private Obj() {
    }

    static JsonNode at(JsonNode n, String... path) {
        JsonNode cur = n;
        for (String p : path) {
            cur = cur.path(p);
        }
        return cur;
    }

    /** A scalar as text; {@code ""} when missing, null or a container. */
    static String str(JsonNode n, String... path) {
        JsonNode v = at(n, path);
        return v.isValueNode() && !v.isNull() ? v.asText() : "";
    }

    static long num(JsonNode n, String... path) {
        return at(n, path).asLong(0);
    }

    /** A number, or {@code fallback} when the field is absent (the value upstream's defaulting gives it). */
    static long numOr(JsonNode n, long fallback, String... path) {
        JsonNode v = at(n, path);
        return v.isNumber() ? v.asLong() : fallback;
    }

    static boolean has(JsonNode n, String... path) {
        JsonNode v = at(n, path);
        return !v.isMissingNode() && !v.isNull();
    }

    static List<JsonNode> list(JsonNode n, String... path) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode v = at(n, path);
        if (v.isArray()) {
            v.forEach(out::add);
        }
        return out;
    }

    static Map<String, String> map(JsonNode n, String... path) {
        return Meta.stringMap(at(n, path));
    }

    /** The number of entries of an object or an array; 0 otherwise. */
    static int size(JsonNode n, String... path) {
        JsonNode v = at(n, path);
        return v.isContainerNode() ? v.size() : 0;
    }
}
