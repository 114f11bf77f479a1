package dev.tugboat.api.errors;

/**
 * A path to a field inside an object, rendered as Kubernetes renders it:
 * {@code spec.containers[0].image}, map keys as {@code metadata.labels[app]}.
 * Immutable; each step returns a new path.
 */
public final class FieldPath {

    private final FieldPath parent;
    private final String segment;

    private FieldPath(FieldPath parent, String segment) {
        this.parent = parent;
        this.segment = segment;
    }

    /** A path starting at the named top-level field, e.g. {@code root("spec")}. */
    public static FieldPath root(String name) {
        return new FieldPath(null, name);
    }

    /** A path from several field names: {@code of("metadata", "name")}. */
    public static FieldPath of(String first, String... rest) {
        FieldPath p = root(first);
        for (String r : rest) {
            p = p.child(r);
        }
        return p;
    }

    public FieldPath child(String name) {
        return new FieldPath(this, "." + name);
    }

    public FieldPath index(int i) {
        return new FieldPath(this, "[" + i + "]");
    }

    public FieldPath key(String key) {
        return new FieldPath(this, "[" + key + "]");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        render(sb);
        return sb.toString();
    }

    private void render(StringBuilder sb) {
        if (parent != null) {
            parent.render(sb);
            sb.append(segment);
        } else {
            sb.append(segment);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath other && other.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
