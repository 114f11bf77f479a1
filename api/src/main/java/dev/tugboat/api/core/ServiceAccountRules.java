package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.validation.MetaRules;
import java.util.ArrayList;
import java.util.List;

/** core/v1 ServiceAccount: metadata only. */
public final class ServiceAccountRules implements KindRules {

    @Override
    public void applyDefaults(ObjectNode obj) {
        // ServiceAccount has no defaults.
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        return MetaRules.NAMESPACED.validate(obj);
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        errs.addAll(validate(obj));
        return errs;
    }
}
