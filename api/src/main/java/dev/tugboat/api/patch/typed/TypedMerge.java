package dev.tugboat.api.patch.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.patch.fieldpath.PathElement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges an applied configuration into a live object (structured-merge-diff's {@code Merge}):
 * leaves take the configuration's value, granular maps merge key by key (live keys stay), and
 * associative lists merge item by item in the exact order upstream produces. Nothing is removed
 * here; removal is pruning's job. Stateless and thread-safe; inputs are not modified.
 */
public final class TypedMerge {

    private TypedMerge() {
    }

    /** {@code live ⊕ config}; either may be null (absent). */
    public static JsonNode merge(JsonNode live, JsonNode config, SsaType type) {
        if (config == null) {
            return live == null ? null : live.deepCopy();
        }
        if (live == null) {
            return config.deepCopy();
        }
        return switch (type.shape(live, config)) {
            case LEAF -> config.deepCopy();
            case MAP -> ListItems.isEmpty(live) && ListItems.isEmpty(config) ? config.deepCopy() : map(live, config, type);
            case LIST -> ListItems.isEmpty(live) && ListItems.isEmpty(config) ? config.deepCopy() : list(live, config, type);
        };
    }

    private static JsonNode map(JsonNode live, JsonNode config, SsaType type) {
        ObjectNode out = Json.object();
        if (live.isObject()) {
            live.properties().forEach(e -> out.set(e.getKey(),
                    merge(e.getValue(), config.get(e.getKey()), type.fieldOrDeduced(e.getKey()))));
        }
        if (config.isObject()) {
            config.properties().forEach(e -> {
                if (!out.has(e.getKey())) {
                    out.set(e.getKey(), e.getValue().deepCopy());
                }
            });
        }
        return out;
    }

    /**
     * Associative-list merge. Walk live (L) and config (R) together, with Q = the items of R that
     * also exist in L, in R's order:
     * 1. equal heads: emit the merged item, advance both, take the next item of Q;
     * 2. L's head is in R but is not Q's next item: skip it in L (it is emitted from R);
     * 3. L's head is not in R: emit it;
     * 4. L's head was already merged (a live duplicate): skip it;
     * 5. otherwise emit R's head (merged with its live twin), advancing Q if it was Q's head.
     */
    private static JsonNode list(JsonNode live, JsonNode config, SsaType type) {
        List<ListItems.Item> l = ListItems.identify(type, live);
        List<ListItems.Item> r = ListItems.identify(type, config);
        if (l == null || r == null) {
            return config.deepCopy();
        }
        Map<PathElement, JsonNode> liveByKey = firstByKey(l, true);
        Map<PathElement, JsonNode> configByKey = firstByKey(r, false);
        Deque<PathElement> shared = new ArrayDeque<>();
        r.stream().map(ListItems.Item::element).filter(liveByKey::containsKey).forEach(shared::add);
        Set<PathElement> mergedFromConfig = new HashSet<>();
        ArrayNode out = Json.MAPPER.createArrayNode();
        SsaType items = type.items();
        int li = 0;
        int ri = 0;
        while (li < l.size() || ri < r.size()) {
            if (li < l.size() && ri < r.size()) {
                PathElement pe = l.get(li).element();
                if (pe.equals(r.get(ri).element())) { // step 1
                    out.add(merge(liveByKey.get(pe), configByKey.get(pe), items));
                    mergedFromConfig.add(pe);
                    li++;
                    ri++;
                    shared.poll();
                    continue;
                }
                if (configByKey.containsKey(pe) && !shared.isEmpty() && !shared.peek().equals(pe)) { // step 2
                    li++;
                    continue;
                }
            }
            if (li < l.size()) {
                PathElement pe = l.get(li).element();
                if (!configByKey.containsKey(pe)) { // step 3
                    out.add(l.get(li).value().deepCopy());
                    li++;
                    continue;
                }
                if (mergedFromConfig.contains(pe)) { // step 4
                    li++;
                    continue;
                }
            }
            if (ri < r.size()) { // step 5
                PathElement pe = r.get(ri).element();
                mergedFromConfig.add(pe);
                out.add(merge(liveByKey.get(pe), configByKey.get(pe), items));
                ri++;
                if (pe.equals(shared.peek())) {
                    shared.poll();
                }
            }
        }
        return out;
    }

    /** Items by element; a live key that occurs twice maps to null so that only the config's item is kept. */
    private static Map<PathElement, JsonNode> firstByKey(List<ListItems.Item> items, boolean nullDuplicates) {
        Map<PathElement, JsonNode> m = new HashMap<>();
        for (ListItems.Item i : items) {
            if (m.containsKey(i.element()) && nullDuplicates) {
                m.put(i.element(), null);
            } else if (!m.containsKey(i.element())) {
                m.put(i.element(), i.value());
            }
        }
        return m;
    }
}
