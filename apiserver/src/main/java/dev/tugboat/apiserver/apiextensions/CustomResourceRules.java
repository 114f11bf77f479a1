package dev.tugboat.apiserver.apiextensions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.apiextensions.validation.CustomResourceValidation;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.kinds.KindRules;
import java.util.List;

/**
 * One CRD version's schema as the rules of its kind: pruning of unknown fields and schema defaults
 * when an object is decoded, and schema validation (with upstream's ratcheting on update). CEL rules
 * ({@code x-kubernetes-validations}) are not evaluated.
 */
public final class CustomResourceRules implements KindRules {

    private final CustomResourceValidation validation;

    public CustomResourceRules(CustomResourceValidation validation) {
        this.validation = validation;
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        // Unknown fields were already reported (or rejected) under fieldValidation; drop what is left.
        validation.prune(obj);
        validation.applyDefaults(obj);
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        return validation.validate(obj);
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        return validation.validateUpdate(obj, old);
    }

    @Override
    public List<FieldError> validateStatusUpdate(ObjectNode obj, ObjectNode old) {
        return validation.validateStatusUpdate(obj, old);
    }
}
