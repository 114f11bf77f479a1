package dev.tugboat.api.patch.strategic;

import dev.tugboat.api.schema.Schema;
import java.util.List;

/**
 * The strategic-merge metadata of one schema node: for each field, its patch strategy and, for
 * lists, the merge key. Fields the schema does not know (and {@link Schema.Untyped} subtrees) have
 * no metadata, so maps under them merge and lists are replaced. Immutable.
 */
final class PatchMeta {

    private static final PatchMeta UNKNOWN = new PatchMeta(null);

    /** What a list field does under strategic merge patch. */
    record ListMeta(boolean merge, String mergeKey, PatchMeta items, String name) {
    }

    private final Schema schema;

    private PatchMeta(Schema schema) {
        this.schema = schema;
    }

    static PatchMeta of(Schema schema) {
        return schema == null ? UNKNOWN : new PatchMeta(schema.resolved());
    }

    /** The metadata of the value under {@code key} of this map node. */
    PatchMeta field(String key) {
        return switch (schema) {
            case Schema.Struct s when s.property(key) != null -> of(s.property(key).schema());
            case Schema.MapOf m -> of(m.values());
            case null, default -> UNKNOWN;
        };
    }

    /** The map strategy of {@code key}, without {@code retainKeys}: {@code replace}, {@code merge} or empty. */
    String mapStrategy(String key) {
        if (schema instanceof Schema.Struct s && s.property(key) != null) {
            return withoutRetainKeys(s.property(key).patchStrategy());
        }
        return "";
    }

    /** How the list under {@code key} merges. */
    ListMeta list(String key) {
        Schema.Property property = schema instanceof Schema.Struct s ? s.property(key) : null;
        Schema list = property != null ? property.schema().resolved()
                : schema instanceof Schema.MapOf m ? m.values().resolved() : null;
        if (!(list instanceof Schema.ListOf l)) {
            return new ListMeta(false, "", UNKNOWN, key);
        }
        String strategy = l.patchStrategy() != null ? l.patchStrategy() : property == null ? null : property.patchStrategy();
        boolean merge = strategy != null && List.of(strategy.split(",")).contains("merge");
        String mergeKey = l.patchMergeKey() == null ? "" : l.patchMergeKey();
        return new ListMeta(merge, mergeKey, of(l.items()), key);
    }

    private static String withoutRetainKeys(String strategy) {
        if (strategy == null) {
            return "";
        }
        for (String s : strategy.split(",")) {
            if (!s.isBlank() && !s.equals("retainKeys")) {
                return s.trim();
            }
        }
        return "";
    }
}
