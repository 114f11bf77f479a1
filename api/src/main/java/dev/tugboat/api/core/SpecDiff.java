package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.validation.JsonEquality;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A readable diff of two specs for immutability errors, in the spirit of go-cmp's output that upstream
 * appends to them ({@code -} old, {@code +} new). Clients show it; none parse it.
 */
final class SpecDiff {

    private SpecDiff() {
    }

    static String diff(String typeName, JsonNode before, JsonNode after) {
        List<String> lines = new ArrayList<>();
        walk("", before, after, lines);
        StringBuilder sb = new StringBuilder("  ").append(typeName).append("{\n");
        for (String line : lines) {
            sb.append(line).append('\n');
        }
        return sb.append("  }\n").toString();
    }

    private static void walk(String path, JsonNode a, JsonNode b, List<String> out) {
        if (JsonEquality.equal(a, b)) {
            return;
        }
        if (a != null && b != null && a.isObject() && b.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                walk(path.isEmpty() ? k : path + "." + k, a.get(k), b.get(k), out);
            }
            return;
        }
        if (a != null && b != null && a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                walk(path + "[" + i + "]", a.get(i), b.get(i), out);
            }
            return;
        }
        out.add("- \t" + path + ": " + render(a));
        out.add("+ \t" + path + ": " + render(b));
    }

    private static String render(JsonNode n) {
        return n == null || n.isMissingNode() ? "nil" : n.toString();
    }
}
