package dev.tugboat.api.patch.typed;

import dev.tugboat.api.patch.fieldpath.FieldSet;
import dev.tugboat.api.patch.fieldpath.Path;
import dev.tugboat.api.patch.fieldpath.PathElement;

/**
 * structured-merge-diff's {@code EnsureNamedFieldsAreMembers}: a declared struct field that has
 * owned fields below it counts as owned itself, so that pruning keeps a struct as long as anyone
 * owns something inside it. Map keys and list items are not promoted. Stateless.
 */
public final class NamedFields {

    private NamedFields() {
    }

    public static FieldSet ensureMembers(FieldSet set, SsaType type) {
        FieldSet.Builder b = FieldSet.builder();
        walk(set, type, Path.root(), b);
        return b.build();
    }

    private static void walk(FieldSet set, SsaType type, Path prefix, FieldSet.Builder b) {
        set.members().forEach(pe -> b.insert(prefix.child(pe)));
        set.children().forEach((pe, sub) -> {
            SsaType childType;
            if (pe instanceof PathElement.Field f) {
                if (type.declares(f.name())) {
                    b.insert(prefix.child(pe));
                }
                childType = type.fieldOrDeduced(f.name());
            } else {
                childType = type.items();
            }
            walk(sub, childType, prefix.child(pe), b);
        });
    }
}
