package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.MetaRules;
import dev.tugboat.api.validation.NameRule;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;

/**
 * core/v1 Namespace. The {@code kubernetes} finalizer and carrying spec/status over on update are the
 * registry's.
 */
public final class NamespaceRules implements KindRules {

    private static final MetaRules META = new MetaRules(false, NameRule.DNS1123_LABEL);
    private static final FieldPath FINALIZERS = FieldPath.of("spec", "finalizers");

    @Override
    public void applyDefaults(ObjectNode obj) {
        String name = Meta.name(obj);
        if (!name.isEmpty()) {
            Fields.object(Meta.mutableMetadata(obj), "labels").put("kubernetes.io/metadata.name", name);
        }
        Fields.defaultString(Fields.object(obj, "status"), "phase", "Active");
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(META.validate(obj));
        errs.addAll(finalizers(obj, false));
        return errs;
    }

    private static List<FieldError> finalizers(JsonNode obj, boolean indexed) {
        List<FieldError> errs = new ArrayList<>();
        List<String> finalizers = Fields.strings(Fields.get(obj, "spec"), "finalizers");
        for (int i = 0; i < finalizers.size(); i++) {
            FieldPath p = indexed ? FINALIZERS.index(i) : FINALIZERS;
            String f = finalizers.get(i);
            errs.addAll(ObjectMetaValidation.finalizers(List.of(f), p));
            if (!f.contains("/") && !List.of("kubernetes", "orphan", "foregroundDeletion").contains(f)) {
                errs.add(FieldError.invalid(p, f, "name is neither a standard finalizer name nor is it fully qualified"));
            }
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        return META.validateUpdate(obj, old);
    }

    @Override
    public List<FieldError> validateStatusUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(META.validateUpdate(obj, old));
        String phase = Fields.str(Fields.get(obj, "status"), "phase");
        FieldPath p = FieldPath.of("status", "Phase");
        if (!Meta.isDeleting(obj)) {
            if (!phase.equals("Active")) {
                errs.add(FieldError.invalid(p, phase, "may only be 'Active' if `deletionTimestamp` is empty"));
            }
        } else if (!phase.equals("Terminating")) {
            errs.add(FieldError.invalid(p, phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
        }
        return errs;
    }

    /** {@code PUT namespaces/<name>/finalize}: metadata rules plus each finalizer's name. */
    public List<FieldError> validateFinalizeUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(META.validateUpdate(obj, old));
        errs.addAll(finalizers(obj, true));
        return errs;
    }
}
