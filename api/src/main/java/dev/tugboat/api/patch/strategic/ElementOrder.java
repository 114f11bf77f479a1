package dev.tugboat.api.patch.strategic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.patch.GoFormat;
import dev.tugboat.api.patch.JsonValues;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order of a merged list, as upstream's {@code normalizeElementOrder}: items named by the
 * order source (the {@code $setElementOrder} list, else the patch list) follow that order; the
 * other ("server-only") items keep their live order; the two groups are interleaved so that a
 * server-only item goes first only when both it and the next patch item were in the live list and
 * it came earlier there.
 */
final class ElementOrder {

    /** The merged items split by whether the order source names them. */
    record Partition(List<JsonNode> named, List<JsonNode> serverOnly) {
    }

    private final String mergeKey;
    private final boolean maps;

    /**
     * @param mergeKey the merge key for lists of maps ({@code ""} for scalars)
     * @param maps     whether the items are maps, identified by their merge key
     */
    ElementOrder(String mergeKey, boolean maps) {
        this.mergeKey = mergeKey;
        this.maps = maps;
    }

    Partition partition(List<JsonNode> merged, List<JsonNode> orderSource) {
        List<JsonNode> named = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode item : merged) {
            if (maps) {
                requireKey(item);
            }
            (indexOf(orderSource, item) >= 0 ? named : serverOnly).add(item);
        }
        return new Partition(named, serverOnly);
    }

    /**
     * Steps: 1. sort the named items stably by the order source; 2. sort the server-only items
     * stably by the live list before the patch; 3. interleave.
     */
    ArrayNode normalize(Partition p, List<JsonNode> orderSource, List<JsonNode> liveBefore) {
        if (maps) {
            p.named().forEach(this::requireKey);
            orderSource.forEach(this::requireKey);
        }
        List<JsonNode> named = sortedBy(p.named(), orderSource);
        List<JsonNode> serverOnly = sortedBy(p.serverOnly(), liveBefore);
        ArrayNode out = Json.MAPPER.createArrayNode();
        int i = 0;
        int j = 0;
        while (i < serverOnly.size() && j < named.size()) {
            int si = indexOf(liveBefore, serverOnly.get(i));
            int pj = indexOf(liveBefore, named.get(j));
            out.add(si >= 0 && pj >= 0 && si < pj ? serverOnly.get(i++) : named.get(j++));
        }
        serverOnly.subList(i, serverOnly.size()).forEach(out::add);
        named.subList(j, named.size()).forEach(out::add);
        return out;
    }

    private List<JsonNode> sortedBy(List<JsonNode> items, List<JsonNode> order) {
        List<JsonNode> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingInt(item -> {
            int idx = indexOf(order, item);
            return idx < 0 ? Integer.MAX_VALUE : idx;
        }));
        return sorted;
    }

    /** Position of the item (by merge key for maps, by value for scalars) in a list, or -1. */
    int indexOf(List<JsonNode> list, JsonNode item) {
        JsonNode id = identity(item);
        for (int i = 0; i < list.size(); i++) {
            JsonNode other = identity(list.get(i));
            if (id != null && other != null && JsonValues.equal(id, other)) {
                return i;
            }
        }
        return -1;
    }

    private JsonNode identity(JsonNode item) {
        return maps ? (item.isObject() ? item.get(mergeKey) : null) : item;
    }

    private void requireKey(JsonNode item) {
        if (!item.isObject()) {
            throw SmpErrors.badArgType("map[string]interface {}", item);
        }
        if (!item.has(mergeKey)) {
            throw SmpErrors.noMergeKey(item, mergeKey);
        }
    }

    /**
     * Checks that the patch list's non-delete items occur in the {@code $setElementOrder} list in the
     * same relative order (the order list may name more items).
     */
    void validate(JsonNode patchList, JsonNode orderList) {
        if (patchList == null || orderList.isEmpty() || patchList.isEmpty()) {
            return;
        }
        List<JsonNode> items = new ArrayList<>();
        for (JsonNode item : patchList) {
            if (!mergeKey.isEmpty() && !item.isObject()) {
                throw SmpErrors.badArgType("map[string]interface {}", item);
            }
            if (!(item.isObject() && Directives.DELETE.equals(item.path(Directives.PATCH).asText(null)))) {
                items.add(item);
            }
        }
        int pi = 0;
        int oi = 0;
        while (pi < items.size() && oi < orderList.size()) {
            if (Directives.hasPatchMarker(items.get(pi))) {
                pi++;
                continue;
            }
            if (sameItem(items.get(pi), orderList.get(oi))) {
                pi++;
            }
            oi++;
        }
        if (pi < items.size() && oi >= orderList.size()) {
            throw SmpErrors.badRequest("the order in patch list:\n" + GoFormat.value(patchList) + "\n doesn't match "
                    + Directives.SET_ELEMENT_ORDER + " list:\n" + GoFormat.value(orderList));
        }
    }

    private boolean sameItem(JsonNode patchItem, JsonNode orderItem) {
        if (mergeKey.isEmpty()) {
            return JsonValues.equal(patchItem, orderItem);
        }
        requireKey(patchItem);
        requireKey(orderItem);
        return JsonValues.equal(patchItem.get(mergeKey), orderItem.get(mergeKey));
    }
}
