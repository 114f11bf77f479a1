package dev.tugboat.api.apps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.MetaRules;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;

/** apps/v1 ControllerRevision: data required and immutable, revision non-negative. */
public final class ControllerRevisionRules implements KindRules {

    @Override
    public void applyDefaults(ObjectNode obj) {
        // ControllerRevision has no defaults.
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validate(obj));
        if (!Fields.has(obj, "data")) {
            errs.add(FieldError.required(FieldPath.root("data"), "data is mandatory"));
        }
        errs.addAll(ObjectMetaValidation.nonNegative(Fields.integer(obj, "revision", 0), FieldPath.root("revision")));
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        errs.addAll(validate(obj));
        errs.addAll(ObjectMetaValidation.immutable(Fields.get(obj, "data"), Fields.get(old, "data"), FieldPath.root("data")));
        return errs;
    }
}
