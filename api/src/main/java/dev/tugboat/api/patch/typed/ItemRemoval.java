package dev.tugboat.api.patch.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.patch.fieldpath.FieldSet;
import dev.tugboat.api.patch.fieldpath.PathElement;
import java.util.Map;

/**
 * Removes the values at a set of paths (structured-merge-diff's {@code RemoveItems}): a path in the
 * set removes that field or item with everything below it; a map or list emptied on the way is
 * removed from its parent too. Stateless and thread-safe; the input is not modified.
 */
public final class ItemRemoval {

    private ItemRemoval() {
    }

    /** The object without the set's paths (an emptied root stays an empty object). */
    public static JsonNode remove(JsonNode value, FieldSet paths, SsaType type) {
        if (paths.isEmpty()) {
            return value.deepCopy();
        }
        JsonNode out = walk(value, paths, type);
        return out == null ? Json.object() : out;
    }

    /** The value without the paths; null when nothing is left of a walked container. */
    private static JsonNode walk(JsonNode value, FieldSet paths, SsaType type) {
        return switch (type.shape(value)) {
            case LEAF -> value.deepCopy();
            case MAP -> value.isObject() ? map(value, paths, type) : value.deepCopy();
            case LIST -> value.isArray() ? list(value, paths, type) : value.deepCopy();
        };
    }

    private static JsonNode map(JsonNode value, FieldSet paths, SsaType type) {
        ObjectNode out = Json.object();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            PathElement pe = new PathElement.Field(e.getKey());
            if (paths.members().contains(pe)) {
                continue;
            }
            FieldSet below = paths.withPrefix(pe);
            JsonNode kept = below.isEmpty() ? e.getValue().deepCopy()
                    : walk(e.getValue(), below, type.fieldOrDeduced(e.getKey()));
            if (kept != null) {
                out.set(e.getKey(), kept);
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static JsonNode list(JsonNode value, FieldSet paths, SsaType type) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode item : value) {
            PathElement pe;
            try {
                pe = ListItems.elementOf(type, item);
            } catch (ListItems.UnkeyedItem e) {
                out.add(item.deepCopy());
                continue;
            }
            if (paths.members().contains(pe)) {
                continue;
            }
            FieldSet below = paths.withPrefix(pe);
            JsonNode kept = below.isEmpty() ? item.deepCopy() : walk(item, below, type.items());
            if (kept != null) {
                out.add(kept);
            }
        }
        return out.isEmpty() ? null : out;
    }
}
