package dev.tugboat.api.patch.strategic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.patch.GoFormat;
import dev.tugboat.api.patch.JsonValues;
import java.util.ArrayList;
import java.util.List;

/**
 * Merging of one list under strategic merge patch: merge lists of maps by merge key (with the
 * {@code $patch} delete/replace elements), union of scalar merge lists, deletion through
 * {@code $deleteFromPrimitiveList}, and replacement for every other list.
 */
final class ListMerge {

    private final MapMerge maps;

    ListMerge(MapMerge maps) {
        this.maps = maps;
    }

    /** The merged list for a patch list under a field with the given metadata. */
    ArrayNode merge(ArrayNode live, ArrayNode patch, PatchMeta.ListMeta meta, boolean deleteList) {
        if (meta.merge() || deleteList) {
            return mergeList(live, patch, meta, deleteList);
        }
        return (ArrayNode) Directives.clean(patch);
    }

    /**
     * Steps: 1. check the element types; 2. merge scalars (union, or removal for a delete list) or
     * maps (special elements, then by merge key); 3. order the result (§ {@link ElementOrder}).
     */
    private ArrayNode mergeList(ArrayNode live, ArrayNode patch, PatchMeta.ListMeta meta, boolean deleteList) {
        if (live.isEmpty() && patch.isEmpty()) {
            return live;
        }
        boolean mapItems = elementType(live, patch) == JsonNodeType.OBJECT;
        List<JsonNode> liveItems = items(live);
        List<JsonNode> patchItems = items(patch);
        List<JsonNode> merged;
        if (!mapItems) {
            if (deleteList) {
                return withoutValues(liveItems, patchItems);
            }
            merged = union(liveItems, patchItems);
        } else {
            if (meta.mergeKey().isEmpty()) {
                throw SmpErrors.badRequest("cannot merge lists without merge key for " + meta.name());
            }
            List<JsonNode>[] split = specialElements(liveItems, patchItems, meta.mergeKey());
            liveItems = split[0];
            patchItems = split[1];
            merged = mergeByKey(liveItems, patchItems, meta);
        }
        ElementOrder order = new ElementOrder(meta.mergeKey(), mapItems);
        return order.normalize(order.partition(merged, patchItems), patchItems, liveItems);
    }

    /** The JSON type shared by all items of both lists (lists of lists are refused). */
    static JsonNodeType elementType(ArrayNode... lists) {
        JsonNodeType type = null;
        for (ArrayNode list : lists) {
            for (JsonNode item : list) {
                JsonNodeType t = item.isNumber() ? JsonNodeType.NUMBER : item.getNodeType();
                if (t == JsonNodeType.ARRAY) {
                    throw SmpErrors.noListOfLists();
                }
                if (type != null && type != t) {
                    throw SmpErrors.badRequest("list element types are not identical: " + GoFormat.value(Json.MAPPER
                            .createArrayNode().addAll(List.of(lists))));
                }
                type = t;
            }
        }
        return type;
    }

    /**
     * Applies {@code {"<key>":v,"$patch":"delete"}} and {@code {"$patch":"replace"}} elements.
     *
     * @return the live items after deletions (or the replacement items) and the remaining patch items
     */
    @SuppressWarnings("unchecked")
    private static List<JsonNode>[] specialElements(List<JsonNode> live, List<JsonNode> patch, String mergeKey) {
        List<JsonNode> remaining = new ArrayList<>();
        List<JsonNode> result = new ArrayList<>(live);
        boolean replace = false;
        for (JsonNode item : patch) {
            if (!item.has(Directives.PATCH)) {
                remaining.add(item);
                continue;
            }
            JsonNode directive = item.get(Directives.PATCH);
            switch (directive.isTextual() ? directive.textValue() : "") {
                case Directives.DELETE -> {
                    if (!item.has(mergeKey)) {
                        throw SmpErrors.noMergeKey(item, mergeKey);
                    }
                    result.removeIf(l -> JsonValues.equal(l.get(mergeKey), item.get(mergeKey)));
                }
                case Directives.REPLACE -> replace = true;
                case Directives.MERGE -> throw SmpErrors.badRequest("merging lists cannot yet be specified in the patch");
                default -> throw SmpErrors.badPatchType(directive, item);
            }
        }
        if (replace) {
            List<JsonNode> replacement = new ArrayList<>();
            remaining.forEach(i -> replacement.add(Directives.clean(i)));
            return new List[] {replacement, List.of()};
        }
        return new List[] {result, remaining};
    }

    /** Deep-merges each patch item into the first live item with an equal key, or appends it. */
    private List<JsonNode> mergeByKey(List<JsonNode> live, List<JsonNode> patch, PatchMeta.ListMeta meta) {
        List<JsonNode> out = new ArrayList<>(live);
        for (JsonNode item : patch) {
            JsonNode key = item.get(meta.mergeKey());
            if (key == null) {
                throw SmpErrors.noMergeKey(item, meta.mergeKey());
            }
            int match = -1;
            for (int i = 0; i < out.size() && match < 0; i++) {
                if (JsonValues.equal(out.get(i).get(meta.mergeKey()), key)) {
                    match = i;
                }
            }
            if (match >= 0) {
                out.set(match, maps.merge((ObjectNode) out.get(match), (ObjectNode) item, meta.items()));
            } else {
                out.add(Directives.clean(item));
            }
        }
        return out;
    }

    private static List<JsonNode> union(List<JsonNode> live, List<JsonNode> patch) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode v : concat(live, patch)) {
            if (out.stream().noneMatch(o -> JsonValues.equal(o, v))) {
                out.add(v);
            }
        }
        return out;
    }

    private static ArrayNode withoutValues(List<JsonNode> live, List<JsonNode> remove) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        live.stream().filter(v -> remove.stream().noneMatch(r -> JsonValues.equal(r, v))).forEach(out::add);
        return out;
    }

    private static List<JsonNode> concat(List<JsonNode> a, List<JsonNode> b) {
        List<JsonNode> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static List<JsonNode> items(JsonNode list) {
        List<JsonNode> out = new ArrayList<>();
        if (list != null) {
            list.forEach(out::add);
        }
        return out;
    }
}
