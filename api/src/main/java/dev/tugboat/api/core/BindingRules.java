package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.validation.Fields;
import java.util.ArrayList;
import java.util.List;

/** core/v1 Binding, the body of {@code POST pods/<name>/binding}. */
public final class BindingRules implements KindRules {

    @Override
    public void applyDefaults(ObjectNode obj) {
        // Binding has no defaults.
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode target = Fields.get(obj, "target");
        String kind = Fields.str(target, "kind");
        if (!kind.isEmpty() && !kind.equals("Node")) {
            errs.add(FieldError.notSupported(FieldPath.of("target", "kind"), kind, List.of("Node", "<empty>")));
        }
        if (Fields.str(target, "name").isEmpty()) {
            errs.add(FieldError.required(FieldPath.of("target", "name"), ""));
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        return validate(obj);
    }
}
