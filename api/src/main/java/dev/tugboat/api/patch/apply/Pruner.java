package dev.tugboat.api.patch.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.patch.fieldpath.FieldSet;
import dev.tugboat.api.patch.typed.ItemRemoval;
import dev.tugboat.api.patch.typed.NamedFields;
import dev.tugboat.api.patch.typed.SsaType;

/**
 * Removal of what an applier stopped applying (structured-merge-diff's {@code prune}): a path the
 * applier owned last time is deleted unless some manager (the applier's new set included, Apply or
 * Update) still owns it. Struct fields count as owned when anything below them is, so a struct
 * survives while anyone owns a field inside; list items and map keys do not, so an item nobody owns
 * goes away with whatever others owned inside it. Stateless.
 */
final class Pruner {

    private Pruner() {
    }

    /**
     * @param previous the applier's fields before this apply; null or empty when it never applied
     * @param managers every manager's fields, with the applier's new set already stored
     */
    static JsonNode prune(JsonNode merged, FieldSet previous, Managers managers, SsaType type) {
        if (previous == null || previous.isEmpty()) {
            return merged;
        }
        FieldSet owned = FieldSet.empty();
        for (Managers.Owned o : managers.all().values()) {
            owned = owned.union(o.fields());
        }
        FieldSet remove = NamedFields.ensureMembers(previous, type).difference(NamedFields.ensureMembers(owned, type));
        return ItemRemoval.remove(merged, remove, type);
    }
}
