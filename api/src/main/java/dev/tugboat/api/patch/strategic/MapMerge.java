package dev.tugboat.api.patch.strategic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.patch.JsonValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Merging of one map under strategic merge patch, with the server's options
 * (MergeParallelList and IgnoreUnmatchedNulls both on). Works in place on copies owned by
 * {@link StrategicMergePatch}.
 */
final class MapMerge {

    private final ListMerge lists = new ListMerge(this);

    /**
     * Merges {@code patch} into {@code live}. Steps, as upstream's {@code mergeMap}:
     * 1. a {@code $patch} directive replaces or empties the map;
     * 2. {@code $retainKeys} is validated and drops unlisted live keys;
     * 3. each {@code $setElementOrder/<f>} merges and orders list {@code f};
     * 4. every other key is merged by its kind and strategy.
     */
    ObjectNode merge(ObjectNode live, ObjectNode patch, PatchMeta meta) {
        if (patch.has(Directives.PATCH)) {
            return mapDirective(patch);
        }
        retainKeys(live, patch);
        setElementOrders(live, patch, meta);
        for (Map.Entry<String, JsonNode> e : new ArrayList<>(patch.properties())) {
            mergeKey(live, e.getKey(), e.getValue(), meta);
        }
        return live;
    }

    private static ObjectNode mapDirective(ObjectNode patch) {
        JsonNode directive = patch.get(Directives.PATCH);
        String d = directive.isTextual() ? directive.textValue() : "";
        if (d.equals(Directives.REPLACE)) {
            return (ObjectNode) Directives.clean(patch.deepCopy().without(Directives.PATCH));
        }
        if (d.equals(Directives.DELETE)) {
            return Json.object();
        }
        throw SmpErrors.badPatchType(directive, patch);
    }

    private void mergeKey(ObjectNode live, String patchKey, JsonNode value, PatchMeta meta) {
        String key = patchKey;
        boolean deleteList = patchKey.startsWith(Directives.DELETE_FROM_PRIMITIVE_LIST);
        if (deleteList) {
            key = Directives.listKey(patchKey, Directives.DELETE_FROM_PRIMITIVE_LIST, SmpErrors.BAD_PRIMITIVE_LIST);
        }
        if (value.isNull()) {
            live.remove(key);
            return;
        }
        JsonNode current = live.get(key);
        if (current == null || !sameKind(current, value)) {
            if (!deleteList) {
                putCleaned(live, key, value);
            }
            return;
        }
        if (value.isObject()) {
            live.set(key, meta.mapStrategy(key).equals(Directives.REPLACE)
                    ? Directives.clean(value)
                    : merge((ObjectNode) current, (ObjectNode) value, meta.field(key)));
        } else if (value.isArray()) {
            live.set(key, lists.merge((ArrayNode) current, (ArrayNode) value, meta.list(key), deleteList));
        } else {
            live.set(key, value);
        }
    }

    private static void putCleaned(ObjectNode live, String key, JsonNode value) {
        JsonNode cleaned = Directives.clean(value);
        if (cleaned == null) {
            live.remove(key);
        } else {
            live.set(key, cleaned);
        }
    }

    /** Same JSON kind as Go's reflect.TypeOf on decoded values: map, slice, string, number, bool, null. */
    private static boolean sameKind(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return JsonValues.isIntegral(a) == JsonValues.isIntegral(b);
        }
        return a.getNodeType() == b.getNodeType();
    }

    private static void retainKeys(ObjectNode live, ObjectNode patch) {
        JsonNode retain = patch.remove(Directives.RETAIN_KEYS);
        if (retain == null) {
            return;
        }
        if (!retain.isArray()) {
            throw SmpErrors.badRequest(SmpErrors.BAD_RETAIN_KEYS);
        }
        List<String> keep = new ArrayList<>();
        retain.forEach(k -> keep.add(k.isTextual() ? k.textValue() : null));
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (!e.getValue().isNull() && !Directives.isParallelListKey(e.getKey()) && !keep.contains(e.getKey())) {
                throw SmpErrors.badRequest(SmpErrors.BAD_RETAIN_KEYS);
            }
        }
        live.properties().removeIf(e -> !keep.contains(e.getKey()));
    }

    /** Processes every {@code $setElementOrder/<f>}: merges list {@code f} and puts it in order. */
    private void setElementOrders(ObjectNode live, ObjectNode patch, PatchMeta meta) {
        List<String> keys = new ArrayList<>();
        patch.fieldNames().forEachRemaining(k -> {
            if (k.startsWith(Directives.SET_ELEMENT_ORDER)) {
                keys.add(k);
            }
        });
        for (String directiveKey : keys) {
            JsonNode order = patch.remove(directiveKey);
            if (!order.isArray()) {
                throw SmpErrors.badRequest(SmpErrors.BAD_SET_ELEMENT_ORDER);
            }
            String key = Directives.listKey(directiveKey, Directives.SET_ELEMENT_ORDER, SmpErrors.BAD_SET_ELEMENT_ORDER);
            orderList(live, patch, key, (ArrayNode) order, meta.list(key));
        }
    }

    private void orderList(ObjectNode live, ObjectNode patch, String key, ArrayNode order, PatchMeta.ListMeta listMeta) {
        JsonNode liveList = live.get(key);
        JsonNode patchList = patch.get(key);
        requireList(liveList);
        requireList(patchList);
        ArrayNode before = liveList == null ? Json.MAPPER.createArrayNode() : (ArrayNode) liveList;
        ArrayNode patched = patchList == null ? Json.MAPPER.createArrayNode() : (ArrayNode) patchList;
        boolean maps = ListMerge.elementType(before, patched, order) == com.fasterxml.jackson.databind.node.JsonNodeType.OBJECT;
        ElementOrder ordering = new ElementOrder(listMeta.mergeKey(), maps && !listMeta.mergeKey().isEmpty());
        ordering.validate(patchList, order);
        ArrayNode merged;
        if (liveList == null && patchList == null) {
            return;
        } else if (patchList == null) {
            merged = before;
        } else if (liveList == null) {
            merged = (ArrayNode) Directives.clean(patched);
        } else {
            merged = lists.merge(before.deepCopy(), patched, listMeta, false);
        }
        List<JsonNode> orderItems = ListMerge.items(order);
        live.set(key, ordering.normalize(ordering.partition(ListMerge.items(merged), orderItems), orderItems,
                ListMerge.items(before)));
        patch.remove(key);
    }

    private static void requireList(JsonNode node) {
        if (node != null && !node.isArray()) {
            throw SmpErrors.badArgType("[]interface {}", node);
        }
    }
}
