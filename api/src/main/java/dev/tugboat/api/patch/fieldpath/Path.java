package dev.tugboat.api.patch.fieldpath;

import java.util.ArrayList;
import java.util.List;

/**
 * A path from the root of an object to a field, list item or set item. Immutable.
 * {@link #toString()} renders it as upstream conflict messages do:
 * {@code .spec.template.spec.containers[name="nginx"].image}.
 */
public record Path(List<PathElement> elements) {

    private static final Path ROOT = new Path(List.of());

    public Path {
        elements = List.copyOf(elements);
    }

    public static Path root() {
        return ROOT;
    }

    /** A path made of field names only, e.g. {@code fields("metadata", "labels")}. */
    public static Path fields(String... names) {
        List<PathElement> els = new ArrayList<>(names.length);
        for (String n : names) {
            els.add(new PathElement.Field(n));
        }
        return new Path(els);
    }

    public static Path of(PathElement... elements) {
        return new Path(List.of(elements));
    }

    /** This path extended by one element. */
    public Path child(PathElement element) {
        List<PathElement> els = new ArrayList<>(elements.size() + 1);
        els.addAll(elements);
        els.add(element);
        return new Path(els);
    }

    public Path child(String field) {
        return child(new PathElement.Field(field));
    }

    public boolean isRoot() {
        return elements.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        elements.forEach(sb::append);
        return sb.toString();
    }
}
