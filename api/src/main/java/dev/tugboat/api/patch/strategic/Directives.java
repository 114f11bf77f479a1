package dev.tugboat.api.patch.strategic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.util.Map;

/**
 * The strategic-merge-patch directive keys, and the clean-up of patch values that are stored as
 * they are (new keys, replaced lists): nulls are dropped, maps or list items carrying
 * {@code $patch} are dropped entirely (as upstream's {@code removeDirectives}), and the other
 * directive keys are removed so that no directive is ever stored.
 */
final class Directives {

    static final String PATCH = "$patch";
    static final String RETAIN_KEYS = "$retainKeys";
    static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";
    static final String SET_ELEMENT_ORDER = "$setElementOrder";
    static final String REPLACE = "replace";
    static final String DELETE = "delete";
    static final String MERGE = "merge";

    private Directives() {
    }

    static boolean isParallelListKey(String key) {
        return key.startsWith(DELETE_FROM_PRIMITIVE_LIST) || key.startsWith(SET_ELEMENT_ORDER);
    }

    static boolean isDirectiveKey(String key) {
        return key.equals(PATCH) || key.equals(RETAIN_KEYS) || isParallelListKey(key);
    }

    static boolean hasPatchMarker(JsonNode node) {
        return node.isObject() && node.has(PATCH);
    }

    /**
     * The storable form of a patch value: a copy without nulls in maps and without directives.
     *
     * @return the cleaned value, or null when the value itself is a directive map and must not be kept
     */
    static JsonNode clean(JsonNode value) {
        if (value.isObject()) {
            if (value.has(PATCH)) {
                return null;
            }
            ObjectNode out = Json.object();
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                if (e.getValue().isNull() || isDirectiveKey(e.getKey())) {
                    continue;
                }
                JsonNode child = clean(e.getValue());
                if (child != null) {
                    out.set(e.getKey(), child);
                }
            }
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            for (JsonNode item : value) {
                JsonNode child = clean(item);
                if (child != null) {
                    out.add(child);
                }
            }
            return out;
        }
        return value;
    }

    /** The list field named by a {@code $deleteFromPrimitiveList/<f>} or {@code $setElementOrder/<f>} key. */
    static String listKey(String key, String prefix, String formatError) {
        int slash = key.indexOf('/');
        if (slash < 0 || !key.substring(0, slash).equals(prefix)) {
            throw SmpErrors.badRequest(formatError);
        }
        return key.substring(slash + 1);
    }
}
