package dev.tugboat.api.schema;

import java.util.Optional;

/**
 * Descends a {@link Schema} the way patch algorithms walk an object: by field name, into list
 * items and into map values. Below an {@link Schema.Untyped} node everything is untyped. Pure;
 * thread-safe.
 */
public final class SchemaWalker {

    private static final Schema.Untyped UNTYPED = new Schema.Untyped("");

    private SchemaWalker() {
    }

    /** The declared field of a struct (empty if undeclared or not a struct; untyped below untyped). */
    public static Optional<Schema.Property> property(Schema schema, String field) {
        Schema s = schema.resolved();
        if (s instanceof Schema.Struct st) {
            return Optional.ofNullable(st.property(field));
        }
        if (s instanceof Schema.Untyped) {
            return Optional.of(new Schema.Property(field, UNTYPED, "", null, null));
        }
        return Optional.empty();
    }

    /** The schema of a struct field, or of a map value when {@code schema} is a map. */
    public static Optional<Schema> field(Schema schema, String field) {
        Schema s = schema.resolved();
        if (s instanceof Schema.MapOf m) {
            return Optional.of(m.values());
        }
        if (s instanceof Schema.Struct st && st.property(field) == null && st.preserveUnknownFields()) {
            return Optional.of(UNTYPED);
        }
        return property(s, field).map(Schema.Property::schema);
    }

    /** The item schema of a list (untyped below untyped). */
    public static Optional<Schema> items(Schema schema) {
        Schema s = schema.resolved();
        if (s instanceof Schema.ListOf l) {
            return Optional.of(l.items());
        }
        return s instanceof Schema.Untyped ? Optional.of(UNTYPED) : Optional.empty();
    }

    /** The value schema of a map (untyped below untyped). */
    public static Optional<Schema> values(Schema schema) {
        Schema s = schema.resolved();
        if (s instanceof Schema.MapOf m) {
            return Optional.of(m.values());
        }
        return s instanceof Schema.Untyped ? Optional.of(UNTYPED) : Optional.empty();
    }

    /** Follows a path of struct fields / map keys, e.g. {@code ("spec", "template", "spec")}. */
    public static Optional<Schema> path(Schema root, String... fields) {
        Optional<Schema> s = Optional.of(root);
        for (String f : fields) {
            s = s.flatMap(x -> field(x, f));
        }
        return s;
    }
}
