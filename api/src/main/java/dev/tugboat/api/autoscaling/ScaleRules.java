package dev.tugboat.api.autoscaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.MetaRules;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;

/** autoscaling/v1 Scale, the body of the {@code /scale} subresource: replicas may not be negative. */
public final class ScaleRules implements KindRules {

    @Override
    public void applyDefaults(ObjectNode obj) {
        // Scale has no defaults.
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validate(obj));
        errs.addAll(ObjectMetaValidation.nonNegative(Fields.integer(Fields.get(obj, "spec"), "replicas", 0),
                FieldPath.of("spec", "replicas")));
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        return validate(obj);
    }
}
