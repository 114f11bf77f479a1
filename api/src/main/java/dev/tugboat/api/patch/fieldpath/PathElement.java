package dev.tugboat.api.patch.fieldpath;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.GoValues;
import dev.tugboat.api.patch.GoJson;
import dev.tugboat.api.patch.JsonValues;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;

/**
 * One step of a field path, as structured-merge-diff's {@code PathElement}: a field of a map or
 * struct, the key of an associative-list item, the value of a set item, or a list index.
 * Immutable. Elements are ordered fields &lt; keys &lt; values &lt; indices, the order fieldsV1 uses.
 */
public sealed interface PathElement extends Comparable<PathElement> {

    /** {@code f:<name>}. */
    record Field(String name) implements PathElement {
        @Override
        public String toString() {
            return "." + name;
        }
    }

    /** {@code k:<json>}: the key fields of a list-map item, sorted by name. */
    record Key(List<KeyField> fields) implements PathElement {
        public Key {
            List<KeyField> sorted = new ArrayList<>(fields);
            sorted.sort(Comparator.comparing(KeyField::name, JsonValues::compareStrings));
            fields = List.copyOf(sorted);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && compareTo(k) == 0;
        }

        @Override
        public int hashCode() {
            return encoded().hashCode();
        }

        @Override
        public String toString() {
            StringJoiner j = new StringJoiner(",", "[", "]");
            fields.forEach(f -> j.add(f.name() + "=" + render(f.value())));
            return j.toString();
        }
    }

    /** {@code v:<json>}: a set item. */
    record Value(JsonNode value) implements PathElement {
        @Override
        public boolean equals(Object o) {
            return o instanceof Value v && JsonValues.compare(value, v.value) == 0;
        }

        @Override
        public int hashCode() {
            return encoded().hashCode();
        }

        @Override
        public String toString() {
            return "[=" + render(value) + "]";
        }
    }

    /** {@code i:<n>}: a list position (never produced for Kubernetes' atomic or associative lists). */
    record Index(int index) implements PathElement {
        @Override
        public String toString() {
            return "[" + index + "]";
        }
    }

    /** A key field of a {@link Key}. */
    record KeyField(String name, JsonNode value) {
    }

    static PathElement field(String name) {
        return new Field(name);
    }

    /** The fieldsV1 object key of this element, e.g. {@code k:{"name":"a"}}. */
    default String encoded() {
        return switch (this) {
            case Field f -> "f:" + f.name();
            case Key k -> {
                StringBuilder sb = new StringBuilder("k:{");
                for (int i = 0; i < k.fields().size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    GoJson.string(k.fields().get(i).name(), sb);
                    sb.append(':');
                    GoJson.write(k.fields().get(i).value(), sb);
                }
                yield sb.append('}').toString();
            }
            case Value v -> "v:" + GoJson.write(v.value());
            case Index i -> "i:" + i.index();
        };
    }

    @Override
    default int compareTo(PathElement o) {
        int c = Integer.compare(rank(this), rank(o));
        if (c != 0) {
            return c;
        }
        return switch (this) {
            case Field f -> JsonValues.compareStrings(f.name(), ((Field) o).name());
            case Key k -> compareKeys(k.fields(), ((Key) o).fields());
            case Value v -> JsonValues.compare(v.value(), ((Value) o).value());
            case Index i -> Integer.compare(i.index(), ((Index) o).index());
        };
    }

    private static int rank(PathElement e) {
        return switch (e) {
            case Field f -> 0;
            case Key k -> 1;
            case Value v -> 2;
            case Index i -> 3;
        };
    }

    private static int compareKeys(List<KeyField> a, List<KeyField> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = JsonValues.compareStrings(a.get(i).name(), b.get(i).name());
            if (c == 0) {
                c = JsonValues.compare(a.get(i).value(), b.get(i).value());
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** A value in a path string: strings quoted as Go's {@code %q}, everything else as compact JSON. */
    private static String render(JsonNode value) {
        if (value.isTextual()) {
            return GoValues.quote(value.textValue());
        }
        return value.isNumber() ? GoJson.number(value) : GoJson.write(value);
    }
}
