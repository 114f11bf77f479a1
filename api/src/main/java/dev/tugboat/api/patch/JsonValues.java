package dev.tugboat.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Value semantics for JSON trees as the patch algorithms need them: numbers compare by value
 * ({@code 80} equals {@code 80.0}, whatever Jackson node class holds them), objects compare
 * regardless of key order, and Java {@code null} or a missing node means "absent" (distinct from
 * JSON {@code null}). Stateless and thread-safe.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /** Whether the node stands for an absent value (Java null or a missing node). */
    public static boolean isAbsent(JsonNode node) {
        return node == null || node.isMissingNode();
    }

    /** Whether the node is absent or JSON null. */
    public static boolean isNullish(JsonNode node) {
        return isAbsent(node) || node.isNull();
    }

    /** Deep equality with numeric comparison of numbers and order-insensitive objects. */
    public static boolean equal(JsonNode a, JsonNode b) {
        if (isAbsent(a) || isAbsent(b)) {
            return isAbsent(a) && isAbsent(b);
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            return objectsEqual(a, b);
        }
        if (a.isArray() && b.isArray()) {
            return arraysEqual(a, b);
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        return a.equals(b);
    }

    private static boolean objectsEqual(JsonNode a, JsonNode b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> e : a.properties()) {
            if (!b.has(e.getKey()) || !equal(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean arraysEqual(JsonNode a, JsonNode b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!equal(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A total order over JSON values, the one structured-merge-diff uses for keys and set items:
     * numbers (by value) &lt; strings (by code point) &lt; booleans &lt; arrays &lt; objects &lt; null.
     */
    public static int compare(JsonNode a, JsonNode b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        return switch (ra) {
            case 0 -> a.decimalValue().compareTo(b.decimalValue());
            case 1 -> compareStrings(a.textValue(), b.textValue());
            case 2 -> Boolean.compare(a.booleanValue(), b.booleanValue());
            case 3 -> compareArrays(a, b);
            case 4 -> compareObjects(a, b);
            default -> 0;
        };
    }

    private static int rank(JsonNode n) {
        if (n.isNumber()) {
            return 0;
        }
        if (n.isTextual()) {
            return 1;
        }
        if (n.isBoolean()) {
            return 2;
        }
        if (n.isArray()) {
            return 3;
        }
        if (n.isObject()) {
            return 4;
        }
        return 5;
    }

    private static int compareArrays(JsonNode a, JsonNode b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareObjects(JsonNode a, JsonNode b) {
        List<String> ka = sortedKeys(a);
        List<String> kb = sortedKeys(b);
        for (int i = 0; i < Math.min(ka.size(), kb.size()); i++) {
            int c = compareStrings(ka.get(i), kb.get(i));
            if (c == 0) {
                c = compare(a.get(ka.get(i)), b.get(kb.get(i)));
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(ka.size(), kb.size());
    }

    /** Object keys in byte-wise (UTF-8, i.e. code point) order. */
    public static List<String> sortedKeys(JsonNode object) {
        List<String> keys = new ArrayList<>(object.size());
        Iterator<String> it = object.fieldNames();
        it.forEachRemaining(keys::add);
        keys.sort(JsonValues::compareStrings);
        return keys;
    }

    /** Byte-wise comparison of the UTF-8 encodings, which equals code point order (Go's string order). */
    public static int compareStrings(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Whether a number node holds an integral value. */
    public static boolean isIntegral(JsonNode n) {
        if (n.isIntegralNumber()) {
            return true;
        }
        BigDecimal d = n.decimalValue();
        return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
    }

    /** A deep copy with every object member whose value is JSON null removed (array elements are kept). */
    public static JsonNode withoutNullMembers(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode out = node.deepCopy();
            dropNullMembers(out);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = node.deepCopy();
            out.forEach(JsonValues::dropNullMembersIn);
            return out;
        }
        return node;
    }

    /** Removes, in place, every object member whose value is JSON null, recursively. */
    public static void dropNullMembersIn(JsonNode node) {
        if (node instanceof ObjectNode o) {
            dropNullMembers(o);
        } else if (node instanceof ArrayNode a) {
            a.forEach(JsonValues::dropNullMembersIn);
        }
    }

    private static void dropNullMembers(ObjectNode o) {
        Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                it.remove();
            } else {
                dropNullMembersIn(e.getValue());
            }
        }
    }
}
