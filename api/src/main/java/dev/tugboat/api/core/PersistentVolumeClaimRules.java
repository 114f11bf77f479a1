package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.quantity.Quantity;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.JsonEquality;
import dev.tugboat.api.validation.LabelSelectors;
import dev.tugboat.api.validation.MetaRules;
import dev.tugboat.api.validation.NameRule;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** core/v1 PersistentVolumeClaim; also the PVC spec rules used by ephemeral volumes and StatefulSets. */
public final class PersistentVolumeClaimRules implements KindRules {

    static final List<String> ACCESS_MODES = List.of("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod");
    private static final List<String> VOLUME_MODES = List.of("Block", "Filesystem");
    private static final FieldPath SPEC = FieldPath.root("spec");

    @Override
    public void applyDefaults(ObjectNode obj) {
        defaultSpec(Fields.object(obj, "spec"));
        Fields.defaultString(Fields.object(obj, "status"), "phase", "Pending");
        ResourceLists.defaultList(Fields.get(obj, "status"), "capacity");
        ResourceLists.defaultList(Fields.get(obj, "status"), "allocatedResources");
    }

    /** PVC spec defaults: {@code volumeMode: Filesystem} and rounded resource lists. */
    public static void defaultSpec(ObjectNode spec) {
        Fields.defaultString(spec, "volumeMode", "Filesystem");
        JsonNode resources = Fields.get(spec, "resources");
        ResourceLists.defaultList(resources, "requests");
        ResourceLists.defaultList(resources, "limits");
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validate(obj));
        errs.addAll(spec(Fields.get(obj, "spec"), SPEC));
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        errs.addAll(validate(obj));
        JsonNode spec = Fields.get(obj, "spec").deepCopy();
        ObjectNode oldSpec = Fields.get(old, "spec").deepCopy();
        if (spec instanceof ObjectNode s && Fields.str(oldSpec, "volumeName").isEmpty()) {
            // The binder may set volumeName once.
            if (s.has("volumeName")) {
                oldSpec.set("volumeName", s.get("volumeName"));
            } else {
                oldSpec.remove("volumeName");
            }
        }
        boolean bound = Fields.str(Fields.get(obj, "status"), "phase").equals("Bound");
        if (bound && spec instanceof ObjectNode s) {
            ObjectNode requests = Fields.objectOrNull(Fields.get(s, "resources"), "requests");
            JsonNode oldStorage = Fields.get(Fields.get(oldSpec, "resources"), "requests").get("storage");
            if (requests != null) {
                if (oldStorage == null) {
                    requests.remove("storage");
                } else {
                    requests.set("storage", oldStorage);
                }
            }
            if (s.has("volumeAttributesClassName")) {
                s.set("volumeAttributesClassName", oldSpec.get("volumeAttributesClassName"));
            }
        }
        if (!JsonEquality.equal(spec, oldSpec)) {
            errs.add(FieldError.forbidden(SPEC, "spec is immutable after creation except resources.requests and"
                    + " volumeAttributesClassName for bound claims"));
        }
        Quantity newSize = storage(Fields.get(obj, "spec"));
        Quantity oldSize = storage(Fields.get(old, "spec"));
        if (newSize != null && oldSize != null && newSize.compareTo(oldSize) < 0) {
            Quantity capacity = ResourceLists.parseOrNull(Fields.get(Fields.get(old, "status"), "capacity").path("storage"));
            if (capacity == null || newSize.compareTo(capacity) <= 0) {
                errs.add(FieldError.forbidden(FieldPath.of("spec", "resources", "requests", "storage"),
                        "field can not be less than status.capacity"));
            }
        }
        return errs;
    }

    private static Quantity storage(JsonNode spec) {
        JsonNode s = Fields.get(Fields.get(spec, "resources"), "requests").get("storage");
        return s == null ? null : ResourceLists.parseOrNull(s);
    }

    @Override
    public List<FieldError> validateStatusUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        if (Fields.list(Fields.get(obj, "spec"), "accessModes").isEmpty()) {
            errs.add(FieldError.required(FieldPath.of("Spec", "accessModes"), ""));
        }
        for (Map.Entry<String, JsonNode> e : Fields.entries(Fields.get(obj, "status"), "capacity")) {
            Quantity q = ResourceLists.parseOrNull(e.getValue());
            if (q != null && q.value() < 0) {
                errs.add(FieldError.invalid(FieldPath.of("status", "capacity").key(e.getKey()), q.value(),
                        "must be a valid resource quantity"));
            }
        }
        return errs;
    }

    /** A PVC template: labels and annotations only in metadata, and a valid spec. */
    static List<FieldError> template(JsonNode template, FieldPath path) {
        List<FieldError> errs = new ArrayList<>(templateMeta(Fields.get(template, "metadata"), path.child("metadata")));
        errs.addAll(spec(Fields.get(template, "spec"), path.child("spec")));
        return errs;
    }

    /** {@code ValidateTemplateObjectMeta}: only labels and annotations may be set. */
    static List<FieldError> templateMeta(JsonNode meta, FieldPath path) {
        List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.annotations(Fields.get(meta, "annotations"),
                path.child("annotations")));
        errs.addAll(ObjectMetaValidation.labels(Fields.get(meta, "labels"), path.child("labels")));
        if (meta.isObject()) {
            meta.fieldNames().forEachRemaining(f -> {
                boolean allowed = f.equals("labels") || f.equals("annotations") || f.equals("creationTimestamp")
                        && Fields.get(meta, f).isNull();
                if (!allowed && Fields.has(meta, f)) {
                    errs.add(FieldError.forbidden(path.child(f), "cannot be set"));
                }
            });
        }
        return errs;
    }

    /** {@code ValidatePersistentVolumeClaimSpec}. */
    public static List<FieldError> spec(JsonNode spec, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        List<String> modes = Fields.strings(spec, "accessModes");
        if (modes.isEmpty()) {
            errs.add(FieldError.required(p.child("accessModes"), "at least 1 access mode is required"));
        }
        if (Fields.has(spec, "selector")) {
            errs.addAll(LabelSelectors.validate(Fields.get(spec, "selector"), p.child("selector")));
        }
        errs.addAll(accessModes(modes, p.child("accessModes")));
        JsonNode storage = Fields.get(Fields.get(spec, "resources"), "requests").get("storage");
        FieldPath sp = p.child("resources").key("storage");
        if (storage == null) {
            errs.add(FieldError.required(sp, ""));
        } else {
            Quantity q = Resources.quantity(storage, sp, errs);
            if (q != null && q.signum() <= 0) {
                errs.add(FieldError.invalid(sp, q.toString(), "must be greater than zero"));
            }
        }
        String sc = Fields.str(spec, "storageClassName");
        if (!sc.isEmpty()) {
            for (String m : NameRule.DNS1123_SUBDOMAIN.check(sc, false)) {
                errs.add(FieldError.invalid(p.child("storageClassName"), sc, m));
            }
        }
        if (Fields.has(spec, "volumeMode") && !VOLUME_MODES.contains(Fields.str(spec, "volumeMode"))) {
            errs.add(FieldError.notSupported(p.child("volumeMode"), Fields.str(spec, "volumeMode"), VOLUME_MODES));
        }
        for (String ref : List.of("dataSource", "dataSourceRef")) {
            JsonNode ds = Fields.get(spec, ref);
            if (ds.isObject()) {
                if (Fields.str(ds, "name").isEmpty()) {
                    errs.add(FieldError.required(p.child(ref).child("name"), ""));
                }
                if (Fields.str(ds, "kind").isEmpty()) {
                    errs.add(FieldError.required(p.child(ref).child("kind"), ""));
                }
                String group = Fields.str(ds, "apiGroup");
                if (group.isEmpty() && !Fields.str(ds, "kind").isEmpty()
                        && !Fields.str(ds, "kind").equals("PersistentVolumeClaim")) {
                    errs.add(FieldError.invalid(p.child(ref), Fields.str(ds, "kind"),
                            "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
                }
            }
        }
        return errs;
    }

    static List<FieldError> accessModes(List<String> modes, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        boolean rwop = false;
        boolean other = false;
        for (String mode : modes) {
            if (!ACCESS_MODES.contains(mode)) {
                errs.add(FieldError.notSupported(p, mode, ACCESS_MODES));
            }
            if (mode.equals("ReadWriteOncePod")) {
                rwop = true;
            } else if (ACCESS_MODES.contains(mode)) {
                other = true;
            }
        }
        if (rwop && other) {
            errs.add(FieldError.forbidden(p, "may not use ReadWriteOncePod with other access modes"));
        }
        return errs;
    }
}
