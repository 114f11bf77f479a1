package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.MetaRules;
import java.util.ArrayList;
import java.util.List;

/** core/v1 PodTemplate. */
public final class PodTemplateRules implements KindRules {

    private static final FieldPath TEMPLATE = FieldPath.root("template");

    @Override
    public void applyDefaults(ObjectNode obj) {
        PodSpecDefaults.apply(Fields.object(Fields.object(obj, "template"), "spec"));
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validate(obj));
        errs.addAll(PodSpecValidation.template(Fields.get(obj, "template"), TEMPLATE));
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        errs.addAll(PodSpecValidation.template(Fields.get(obj, "template"), TEMPLATE));
        return errs;
    }
}
