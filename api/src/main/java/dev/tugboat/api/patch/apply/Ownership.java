package dev.tugboat.api.patch.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.patch.fieldpath.FieldSet;
import dev.tugboat.api.patch.typed.Comparison;
import dev.tugboat.api.patch.typed.SsaType;
import dev.tugboat.api.patch.typed.TypedCompare;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ownership bookkeeping shared by apply and update (structured-merge-diff's
 * {@code Updater.update}): compare the old and new object, find what other managers own among the
 * changed fields, and take it from them (always for updates, with force for applies). Every other
 * manager also loses the removed fields. Stateless.
 */
final class Ownership {

    private Ownership() {
    }

    /**
     * Steps: 1. compare old and new, without the reset fields; 2. for every manager but
     * {@code writer}, its conflicts are its fields among the modified and added ones; 3. without
     * force, conflicts abort; 4. conflicting fields move away from their owners; 5. removed fields
     * leave every other manager; 6. managers left with nothing are dropped.
     *
     * @return the (filtered) comparison
     * @throws Conflicts.Found when there are conflicts and {@code force} is false
     */
    static Comparison takeOver(JsonNode oldObj, JsonNode newObj, SsaType type, Managers managers,
                               ManagerIdentity writer, boolean force, FieldSet resetFields) {
        Comparison cmp = TypedCompare.compare(oldObj, newObj, type).without(resetFields);
        FieldSet changed = cmp.changed();
        Map<ManagerIdentity, FieldSet> conflicts = new LinkedHashMap<>();
        List<ManagerIdentity> others = new ArrayList<>(managers.all().keySet());
        others.remove(writer);
        for (ManagerIdentity id : others) {
            FieldSet c = managers.get(id).fields().intersection(changed);
            if (!c.isEmpty()) {
                conflicts.put(id, c);
            }
        }
        if (!force && !conflicts.isEmpty()) {
            throw new Conflicts.Found(new Conflicts(conflicts));
        }
        for (ManagerIdentity id : others) {
            FieldSet fields = managers.get(id).fields().difference(conflicts.getOrDefault(id, FieldSet.empty()));
            managers.setFields(id, fields.difference(cmp.removed()));
        }
        managers.removeEmpty();
        return cmp;
    }
}
