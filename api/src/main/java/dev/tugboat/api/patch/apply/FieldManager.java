package dev.tugboat.api.patch.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.patch.JsonValues;
import dev.tugboat.api.patch.fieldpath.FieldSet;
import dev.tugboat.api.patch.typed.FieldSetExtractor;
import dev.tugboat.api.patch.typed.SsaType;
import dev.tugboat.api.patch.typed.TypedMerge;
import dev.tugboat.api.patch.typed.TypedValidator;
import dev.tugboat.api.schema.Schema;
import java.time.Instant;
import java.util.List;

/**
 * Server-side apply and managedFields tracking for one kind at one version: the pure core of
 * upstream's field manager chain (version check and request checks excepted, see
 * {@link ApplyRequestChecks}). Immutable and thread-safe; inputs are never modified.
 *
 * <p>Caller's sequence for an apply: check the request ({@link ApplyRequestChecks}), load live
 * (null if absent), call {@link #apply}, then default the result, reset the strategy's reset fields
 * from live, run admission, validation and the storage write (skipped when
 * {@link ApplyResult#unchanged()}). For every other write: decode, patch, default, then call
 * {@link #update} before admission.
 */
public final class FieldManager {

    static final String BEFORE_FIRST_APPLY = "before-first-apply";

    private final SsaType type;

    /** @param schema the kind's top-level schema at the endpoint's version */
    public FieldManager(Schema schema) {
        this.type = SsaType.of(schema);
    }

    /**
     * Applies a configuration. Steps:
     * 1. the configuration must fit the schema;
     * 2. the live object (empty for a create) and its managers are read;
     * 3. the apply runs; for the manager {@code kubectl}, conflicts explained by its own client-side
     *    apply are forgiven by applying again with force;
     * 4. kubectl's last-applied annotation is kept in sync;
     * 5. managedFields are encoded into the result.
     *
     * @param live   the stored object, or null when it does not exist yet (create-on-apply)
     * @param config the applied configuration (decoded body)
     * @throws ApiException.Conflict   (409) with one cause per conflicting field
     * @throws ApiException.BadRequest when the configuration does not fit the schema
     */
    public ApplyResult apply(ObjectNode live, ObjectNode config, ApplyRequest req) {
        List<String> errors = TypedValidator.validate(config, type);
        if (!errors.isEmpty()) {
            throw new ApiException.BadRequest("failed to create typed patch object (" + Meta.namespace(config) + "/"
                    + Meta.name(config) + "; " + req.kind() + "): " + TypedValidator.describe(errors));
        }
        ObjectNode liveObj = withoutManagedFields(live);
        Managers managers = Managers.of(ManagedFields.parseLeniently(live));
        ManagerIdentity applier = ManagerIdentity.apply(req.manager(), req.subresource());
        Outcome out;
        try {
            out = applyOnce(liveObj, config, managers.copy(), applier, req, req.force());
        } catch (Conflicts.Found found) {
            Conflicts rest = LastApplied.unforgiven(found.conflicts(), req.manager(), liveObj, type,
                    req.kind().apiVersion());
            if (!rest.isEmpty()) {
                throw rest.toException();
            }
            out = applyOnce(liveObj, config, managers.copy(), applier, req, true);
        }
        LastApplied.update(out.object(), config, req.manager());
        ObjectNode result = encode(out.object(), out.managers());
        return new ApplyResult(result, !JsonValues.equal(withoutManagedFields(result), liveObj),
                !JsonValues.equal(managedFields(result), managedFields(live)));
    }

    /** The merged object (or live when nothing changed) and the managers after one attempt. */
    private record Outcome(ObjectNode object, Managers managers) {
    }

    /**
     * One attempt. Steps:
     * 1. an object nobody manages yet is first attributed to {@code before-first-apply};
     * 2. merge the configuration into live; the applier's new set is the configuration's fields
     *    without reset fields;
     * 3. prune what the applier stopped applying and nobody else owns;
     * 4. take ownership from others (conflicts unless forced) and drop removed fields from them;
     * 5. strip the never-owned metadata paths from the applier;
     * 6. when the object changed, the applier's entry gets the current time.
     */
    private Outcome applyOnce(ObjectNode liveObj, ObjectNode config, Managers managers, ManagerIdentity applier,
                              ApplyRequest req, boolean force) {
        String apiVersion = req.kind().apiVersion();
        if (managers.isEmpty()) {
            track(Json.object(), liveObj, managers,
                    ManagerIdentity.update(BEFORE_FIRST_APPLY, apiVersion, req.subresource()), req.now(), req.resetFields());
            UpdateManagerCap.cap(managers);
        }
        JsonNode merged = TypedMerge.merge(liveObj, config, type);
        FieldSet applied = FieldSetExtractor.extract(config, type).recursiveDifference(req.resetFields());
        Managers.Owned previous = managers.get(applier);
        managers.put(applier, new Managers.Owned(applied, apiVersion, true));
        merged = Pruner.prune(merged, previous == null ? null : previous.fields(), managers, type);
        Ownership.takeOver(liveObj, merged, type, managers, applier, force, req.resetFields());
        stripMeta(managers, applier);
        ObjectNode result = (ObjectNode) JsonValues.withoutNullMembers(merged);
        if (JsonValues.equal(result, liveObj)) {
            return new Outcome(liveObj.deepCopy(), managers);
        }
        managers.setTime(applier, req.now());
        return new Outcome(result, managers);
    }

    /**
     * Records a non-apply write. Steps:
     * 1. the starting managers are the client's managedFields when it sent a decodable non-empty
     *    list (main resource only), none when it sent a reset ({@code []} or {@code [{}]}), else
     *    live's;
     * 2. an existing object nobody manages stays untracked (until an apply);
     * 3. the writer takes every modified and added field, everyone loses removed fields;
     * 4. Update entries are capped at ten.
     *
     * @param live    the stored object, or null for a create
     * @param updated the object to be stored (after decoding, patching and defaulting)
     * @return {@code updated} with its new {@code metadata.managedFields} (absent when none): a new root
     *         and metadata that share deeper members with {@code updated}
     */
    public ObjectNode update(ObjectNode live, ObjectNode updated, UpdateRequest req) {
        Managers managers = startingManagers(live, updated, req.subresource());
        ObjectNode result = withoutManagedFields(updated);
        if (managers.isEmpty() && live != null) {
            return result;
        }
        track(withoutManagedFields(live), result, managers,
                ManagerIdentity.update(req.manager(), req.apiVersion(), req.subresource()), req.now(), req.resetFields());
        UpdateManagerCap.cap(managers);
        return encode(result, managers);
    }

    private static Managers startingManagers(ObjectNode live, ObjectNode updated, String subresource) {
        if (subresource.isEmpty()) {
            JsonNode sent = updated.path("metadata").get("managedFields");
            if (ManagedFields.isReset(sent)) {
                return Managers.of(List.of());
            }
            try {
                List<ManagedFieldsEntry> entries = ManagedFields.parse(sent);
                if (!entries.isEmpty()) {
                    return Managers.of(entries);
                }
            } catch (IllegalArgumentException e) {
                // Undecodable client-supplied managedFields are ignored, as upstream does.
            }
        }
        return Managers.of(ManagedFields.parseLeniently(live));
    }

    /** The writer takes the changed fields (through a temporary manager, so time moves only on change). */
    private void track(JsonNode oldObj, JsonNode newObj, Managers managers, ManagerIdentity writer, Instant now,
                       FieldSet resetFields) {
        FieldSet changed = Ownership.takeOver(oldObj, newObj, type, managers, null, true, resetFields).changed();
        changed = StripMeta.strip(changed);
        if (changed.isEmpty()) {
            return;
        }
        Managers.Owned previous = managers.get(writer);
        managers.put(writer, new Managers.Owned(previous == null ? changed : changed.union(previous.fields()),
                writer.apiVersion(), false));
        managers.setTime(writer, now);
    }

    private static void stripMeta(Managers managers, ManagerIdentity id) {
        Managers.Owned owned = managers.get(id);
        if (owned == null) {
            return;
        }
        FieldSet stripped = StripMeta.strip(owned.fields());
        if (stripped.isEmpty()) {
            managers.remove(id);
        } else {
            managers.setFields(id, stripped);
        }
    }

    private static ObjectNode encode(ObjectNode obj, Managers managers) {
        List<ManagedFieldsEntry> entries = managers.entries();
        if (entries.isEmpty()) {
            if (obj.get("metadata") instanceof ObjectNode m) {
                m.remove("managedFields");
            }
            return obj;
        }
        Meta.mutableMetadata(obj).set("managedFields", ManagedFields.toJson(entries));
        return obj;
    }

    /**
     * A copy of the object's root and metadata without {@code metadata.managedFields}; deeper members
     * are shared with {@code obj}, as nothing here changes them (a deep copy per write cost more than
     * the rest of the bookkeeping).
     */
    private static ObjectNode withoutManagedFields(ObjectNode obj) {
        if (obj == null) {
            return Json.object();
        }
        ObjectNode copy = Json.object();
        copy.setAll(obj);
        if (obj.get("metadata") instanceof ObjectNode m) {
            ObjectNode meta = Json.object();
            meta.setAll(m);
            meta.remove("managedFields");
            copy.set("metadata", meta);
        }
        return copy;
    }

    private static JsonNode managedFields(ObjectNode obj) {
        return obj == null ? null : obj.path("metadata").get("managedFields");
    }
}
