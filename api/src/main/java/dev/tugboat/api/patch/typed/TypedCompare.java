package dev.tugboat.api.patch.typed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.patch.JsonValues;
import dev.tugboat.api.patch.fieldpath.FieldSet;
import dev.tugboat.api.patch.fieldpath.Path;
import dev.tugboat.api.patch.fieldpath.PathElement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares two versions of an object (structured-merge-diff's {@code Compare}): leaves (scalars,
 * atomic values, empty or null containers) are removed, modified or added; a granular map or
 * associative item that appears or disappears is also added or removed at its own path. Walks
 * leniently: undeclared fields are deduced and unidentifiable list items make the list a leaf.
 * Stateless and thread-safe.
 */
public final class TypedCompare {

    private final FieldSet.Builder removed = FieldSet.builder();
    private final FieldSet.Builder modified = FieldSet.builder();
    private final FieldSet.Builder added = FieldSet.builder();

    private TypedCompare() {
    }

    /** What {@code right} changes relative to {@code left}; either may be null (absent). */
    public static Comparison compare(JsonNode left, JsonNode right, SsaType type) {
        TypedCompare c = new TypedCompare();
        c.walk(Path.root(), type, left, right);
        return new Comparison(c.removed.build(), c.modified.build(), c.added.build());
    }

    private void walk(Path path, SsaType type, JsonNode l, JsonNode r) {
        if (l == null && r == null) {
            return;
        }
        // Equal containers hold no change; most updates touch one small part of a large object (a
        // status write leaves the spec alone), and a plain equality test is far cheaper than the
        // typed walk. Jackson's equality is stricter than JsonValues.equal, so it can only skip
        // subtrees the walk would find unchanged.
        if (l != null && r != null && l.isContainerNode() && (l == r || l.equals(r))) {
            return;
        }
        SsaType.Shape shape = type.shape(l, r);
        boolean bothEmpty = ListItems.isEmpty(l) && ListItems.isEmpty(r);
        if (shape == SsaType.Shape.LEAF || bothEmpty) {
            leaf(path, l, r);
            return;
        }
        boolean walked = shape == SsaType.Shape.MAP ? map(path, type, l, r) : list(path, type, l, r);
        if (!walked) {
            leaf(path, l, r);
        } else if (l == null) {
            added.insert(path);
        } else if (r == null) {
            removed.insert(path);
        }
    }

    private void leaf(Path path, JsonNode l, JsonNode r) {
        if (l == null) {
            added.insert(path);
        } else if (r == null) {
            removed.insert(path);
        } else if (!JsonValues.equal(l, r)) {
            modified.insert(path);
        }
    }

    private boolean map(Path path, SsaType type, JsonNode l, JsonNode r) {
        Map<String, JsonNode[]> zipped = new LinkedHashMap<>();
        if (l != null && l.isObject()) {
            l.properties().forEach(e -> zipped.put(e.getKey(), new JsonNode[] {e.getValue(), null}));
        }
        if (r != null && r.isObject()) {
            r.properties().forEach(e -> zipped.computeIfAbsent(e.getKey(), k -> new JsonNode[2])[1] = e.getValue());
        }
        zipped.forEach((k, v) -> walk(path.child(k), type.fieldOrDeduced(k), v[0], v[1]));
        return true;
    }

    private boolean list(Path path, SsaType type, JsonNode l, JsonNode r) {
        List<ListItems.Item> left = ListItems.identify(type, l);
        List<ListItems.Item> right = ListItems.identify(type, r);
        if (left == null || right == null) {
            return false;
        }
        Map<PathElement, JsonNode[]> zipped = new LinkedHashMap<>();
        left.forEach(i -> zipped.putIfAbsent(i.element(), new JsonNode[] {i.value(), null}));
        right.forEach(i -> {
            JsonNode[] pair = zipped.computeIfAbsent(i.element(), k -> new JsonNode[2]);
            if (pair[1] == null) {
                pair[1] = i.value();
            }
        });
        zipped.forEach((pe, v) -> walk(path.child(pe), type.items(), v[0], v[1]));
        return true;
    }
}
