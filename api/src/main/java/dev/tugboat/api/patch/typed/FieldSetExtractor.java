package dev.tugboat.api.patch.typed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.patch.fieldpath.FieldSet;
import dev.tugboat.api.patch.fieldpath.Path;
import dev.tugboat.api.patch.fieldpath.PathElement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The set of fields an applied configuration specifies (structured-merge-diff's
 * {@code ToFieldSet}): leaves contribute their path; associative-list items their item path and
 * their fields; granular map entries their fields, plus their own path when the value is null, an
 * empty map, or the key is not a declared struct field. Stateless and thread-safe.
 */
public final class FieldSetExtractor {

    private FieldSetExtractor() {
    }

    public static FieldSet extract(JsonNode value, SsaType type) {
        FieldSet.Builder b = FieldSet.builder();
        walk(Path.root(), type, value, b);
        return b.build();
    }

    private static void walk(Path path, SsaType type, JsonNode value, FieldSet.Builder b) {
        switch (type.shape(value)) {
            case LEAF -> b.insert(path);
            case MAP -> {
                if (value != null && value.isObject()) {
                    map(path, type, value, b);
                }
            }
            case LIST -> list(path, type, value, b);
        }
    }

    private static void map(Path path, SsaType type, JsonNode value, FieldSet.Builder b) {
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            Path child = path.child(e.getKey());
            JsonNode v = e.getValue();
            walk(child, type.fieldOrDeduced(e.getKey()), v, b);
            if (v.isNull() || (v.isObject() && v.isEmpty()) || !type.declares(e.getKey())) {
                b.insert(child);
            }
        }
    }

    private static void list(Path path, SsaType type, JsonNode value, FieldSet.Builder b) {
        if (value == null || !value.isArray()) {
            return;
        }
        List<ListItems.Item> items = ListItems.identify(type, value);
        if (items == null) {
            b.insert(path);
            return;
        }
        Set<PathElement> seen = new HashSet<>();
        Set<PathElement> duplicates = new HashSet<>();
        items.forEach(i -> {
            if (!seen.add(i.element())) {
                duplicates.add(i.element());
            }
        });
        for (ListItems.Item item : items) {
            Path itemPath = path.child(item.element());
            if (!duplicates.contains(item.element())) {
                walk(itemPath, type.items(), item.value(), b);
            }
            b.insert(itemPath);
        }
    }
}
