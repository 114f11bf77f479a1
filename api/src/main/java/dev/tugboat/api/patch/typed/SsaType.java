package dev.tugboat.api.patch.typed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.schema.Schema;
import java.util.List;

/**
 * How server-side apply sees one schema node (structured-merge-diff's atom): a granular map, an
 * associative list (list-map or set), or a leaf (scalars and atomic maps and lists, owned and
 * replaced as one value). {@link Schema.Untyped} subtrees are "deduced" from the value: objects are
 * granular maps, arrays atomic lists. Immutable.
 */
public final class SsaType {

    /** The shape a walker handles a node with. */
    public enum Shape { MAP, LIST, LEAF }

    private static final SsaType DEDUCED = new SsaType(null);

    private final Schema schema;

    private SsaType(Schema schema) {
        this.schema = schema;
    }

    /** The SSA view of a schema node; null means deduced. */
    public static SsaType of(Schema schema) {
        if (schema == null) {
            return DEDUCED;
        }
        Schema s = schema.resolved();
        return s instanceof Schema.Untyped ? DEDUCED : new SsaType(s);
    }

    static SsaType deduced() {
        return DEDUCED;
    }

    /**
     * The shape for a value of this node. Absent and null values take the node's natural shape; a
     * value of the wrong JSON kind is a leaf.
     */
    public Shape shape(JsonNode value) {
        boolean given = value != null && !value.isMissingNode() && !value.isNull();
        return switch (schema) {
            case null -> given && value.isObject() ? Shape.MAP : Shape.LEAF;
            case Schema.Struct s -> s.atomic() || (given && !value.isObject()) ? Shape.LEAF : Shape.MAP;
            case Schema.MapOf m -> m.atomic() || (given && !value.isObject()) ? Shape.LEAF : Shape.MAP;
            case Schema.ListOf l -> l.type() == Schema.ListType.ATOMIC || (given && !value.isArray())
                    ? Shape.LEAF : Shape.LIST;
            default -> Shape.LEAF;
        };
    }

    /**
     * The common shape of two values of this node: an absent side takes the other's shape, and
     * values of different shapes are a leaf.
     */
    Shape shape(JsonNode left, JsonNode right) {
        if (left == null || left.isMissingNode()) {
            return shape(right);
        }
        if (right == null || right.isMissingNode()) {
            return shape(left);
        }
        Shape l = shape(left);
        Shape r = shape(right);
        return l == r ? l : Shape.LEAF;
    }

    /** Whether the node is a struct declaring this field (the fields whose own path is not owned). */
    public boolean declares(String field) {
        return schema instanceof Schema.Struct s && s.property(field) != null;
    }

    /** The type of a map entry, or null when the schema does not allow that key. */
    public SsaType field(String name) {
        return switch (schema) {
            case null -> DEDUCED;
            case Schema.Struct s when s.property(name) != null -> of(s.property(name).schema());
            case Schema.Struct s when s.preserveUnknownFields() -> DEDUCED;
            case Schema.MapOf m -> of(m.values());
            default -> null;
        };
    }

    /** Like {@link #field} but deduced for undeclared keys (walks over live objects never fail). */
    public SsaType fieldOrDeduced(String name) {
        SsaType t = field(name);
        return t == null ? DEDUCED : t;
    }

    /** The item type of a list (deduced for anything else). */
    public SsaType items() {
        return schema instanceof Schema.ListOf l ? of(l.items()) : DEDUCED;
    }

    /** Key fields of a list-map; empty for sets. */
    public List<String> keys() {
        return schema instanceof Schema.ListOf l && l.type() == Schema.ListType.MAP ? l.keys() : List.of();
    }

    /** The schema default of a key field of this list's items (e.g. {@code protocol: TCP}); null if none. */
    JsonNode keyDefault(String key) {
        if (schema instanceof Schema.ListOf l && l.items().resolved() instanceof Schema.Struct s && s.property(key) != null) {
            return s.property(key).defaultValue();
        }
        return null;
    }

    /** The scalar type of a leaf scalar node, null for other nodes. */
    Schema.ScalarType scalarType() {
        return schema instanceof Schema.Scalar s ? s.type() : null;
    }

    boolean isDeduced() {
        return schema == null;
    }

    boolean isMapNode() {
        return schema instanceof Schema.Struct || schema instanceof Schema.MapOf;
    }

    boolean isListNode() {
        return schema instanceof Schema.ListOf;
    }
}
