package dev.tugboat.api.errors;

/**
 * A path to a field inside an object, rendered as Kubernetes renders it:
 * {@code spec.containers[0].image}, map keys as {@code metadata.labels[app]}.
 * Immutable; each step returns a new path. The string is built only when asked for, since most
 * paths are created by validation that finds nothing wrong.
 */
public final class FieldPath {

    private static final int FIELD = 0;
    private static final int INDEX = 1;
    private static final int KEY = 2;

    private final FieldPath parent;
    private final int kind;
    private final String name;
    private final int index;
    private String rendered;

    private FieldPath(FieldPath parent, int kind, String name, int index) {
        this.parent = parent;
        this.kind = kind;
        this.name = name;
        this.index = index;
    }

    /** A path starting at the named top-level field, e.g. {@code root("spec")}. */
    public static FieldPath root(String name) {
        return new FieldPath(null, FIELD, name, 0);
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
        return new FieldPath(this, FIELD, name, 0);
    }

    public FieldPath index(int i) {
        return new FieldPath(this, INDEX, null, i);
    }

    public FieldPath key(String key) {
        return new FieldPath(this, KEY, key, 0);
    }

    @Override
    public String toString() {
        String r = rendered;
        if (r == null) {
            StringBuilder sb = new StringBuilder();
            render(sb);
            r = sb.toString();
            rendered = r;
        }
        return r;
    }

    private void render(StringBuilder sb) {
        if (parent != null) {
            parent.render(sb);
        }
        switch (kind) {
            case FIELD -> {
                if (parent != null) {
                    sb.append('.');
                }
                sb.append(name);
            }
            case INDEX -> sb.append('[').append(index).append(']');
            default -> sb.append('[').append(name).append(']');
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
