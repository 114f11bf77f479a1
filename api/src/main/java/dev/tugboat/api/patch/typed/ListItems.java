package dev.tugboat.api.patch.typed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.patch.fieldpath.PathElement;
import java.util.ArrayList;
import java.util.List;

/**
 * The path elements of associative-list items: the key fields of a list-map item (completed with
 * schema defaults) or the value of a set item. Stateless.
 */
final class ListItems {

    /** An item with its path element. */
    record Item(PathElement element, JsonNode value) {
    }

    /** Thrown when an item cannot be identified; the message is structured-merge-diff's. */
    static final class UnkeyedItem extends RuntimeException {
        UnkeyedItem(String message) {
            super(message, null, false, false);
        }
    }

    private ListItems() {
    }

    /** The path element of one item. */
    static PathElement elementOf(SsaType list, JsonNode item) {
        List<String> keys = list.keys();
        if (keys.isEmpty()) {
            return setElement(item);
        }
        if (item.isNull()) {
            throw new UnkeyedItem("associative list with keys may not have a null element");
        }
        if (!item.isObject()) {
            throw new UnkeyedItem("associative list with keys may not have non-map elements");
        }
        List<PathElement.KeyField> fields = new ArrayList<>(keys.size());
        for (String key : keys) {
            JsonNode value = item.has(key) ? item.get(key) : list.keyDefault(key);
            if (value == null) {
                throw new UnkeyedItem("associative list with keys has an element that omits key field \"" + key
                        + "\" (and doesn't have default value)");
            }
            fields.add(new PathElement.KeyField(key, value));
        }
        return new PathElement.Key(fields);
    }

    private static PathElement setElement(JsonNode item) {
        if (item.isObject()) {
            throw new UnkeyedItem("associative list without keys has an element that's a map type");
        }
        if (item.isArray()) {
            throw new UnkeyedItem("not supported: associative list with lists as elements");
        }
        if (item.isNull()) {
            throw new UnkeyedItem("associative list without keys has an element that's an explicit null");
        }
        return new PathElement.Value(item);
    }

    /** All items with their elements, or null if some item cannot be identified (treat the list as atomic). */
    static List<Item> identify(SsaType list, JsonNode array) {
        List<Item> out = new ArrayList<>();
        if (array == null || !array.isArray()) {
            return out;
        }
        try {
            for (JsonNode item : array) {
                out.add(new Item(elementOf(list, item), item));
            }
        } catch (UnkeyedItem e) {
            return null;
        }
        return out;
    }

    static boolean isEmpty(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() || (node.isContainerNode() && node.isEmpty());
    }
}
