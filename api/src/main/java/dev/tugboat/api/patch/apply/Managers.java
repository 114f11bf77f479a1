package dev.tugboat.api.patch.apply;

import dev.tugboat.api.patch.fieldpath.FieldSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The working state of one write: each manager's owned fields and the time of its last change.
 * Mutable and confined to one call of {@link FieldManager}.
 */
final class Managers {

    /** Fields owned by one manager, with the API version they are expressed in. */
    record Owned(FieldSet fields, String apiVersion, boolean applied) {
    }

    private final Map<ManagerIdentity, Owned> owned = new LinkedHashMap<>();
    private final Map<ManagerIdentity, Instant> times = new HashMap<>();

    static Managers of(List<ManagedFieldsEntry> entries) {
        Managers m = new Managers();
        for (ManagedFieldsEntry e : entries) {
            ManagerIdentity id = ManagerIdentity.of(e);
            m.owned.put(id, new Owned(e.fields(), e.apiVersion(), e.operation() == ManagedFieldsEntry.Operation.APPLY));
            if (e.time() == null) {
                m.times.remove(id);
            } else {
                m.times.put(id, e.time());
            }
        }
        return m;
    }

    Managers copy() {
        Managers m = new Managers();
        m.owned.putAll(owned);
        m.times.putAll(times);
        return m;
    }

    boolean isEmpty() {
        return owned.isEmpty();
    }

    Owned get(ManagerIdentity id) {
        return owned.get(id);
    }

    void put(ManagerIdentity id, Owned o) {
        owned.put(id, o);
    }

    void remove(ManagerIdentity id) {
        owned.remove(id);
        times.remove(id);
    }

    /** Replaces a manager's fields, keeping its version and operation. */
    void setFields(ManagerIdentity id, FieldSet fields) {
        Owned o = owned.get(id);
        owned.put(id, new Owned(fields, o.apiVersion(), o.applied()));
    }

    Map<ManagerIdentity, Owned> all() {
        return owned;
    }

    Instant time(ManagerIdentity id) {
        return times.get(id);
    }

    void setTime(ManagerIdentity id, Instant time) {
        if (time == null) {
            times.remove(id);
        } else {
            times.put(id, time);
        }
    }

    /** Drops managers that own nothing. */
    void removeEmpty() {
        new ArrayList<>(owned.keySet()).forEach(id -> {
            if (owned.get(id).fields().isEmpty()) {
                remove(id);
            }
        });
    }

    List<ManagedFieldsEntry> entries() {
        List<ManagedFieldsEntry> out = new ArrayList<>();
        owned.forEach((id, o) -> out.add(new ManagedFieldsEntry(id.manager(),
                o.applied() ? ManagedFieldsEntry.Operation.APPLY : ManagedFieldsEntry.Operation.UPDATE,
                o.apiVersion(), times.get(id), o.fields(), id.subresource())));
        return out;
    }
}
