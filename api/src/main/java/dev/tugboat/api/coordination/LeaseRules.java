package dev.tugboat.api.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.MetaRules;
import java.util.ArrayList;
import java.util.List;

/** coordination.k8s.io/v1 Lease. */
public final class LeaseRules implements KindRules {

    private static final FieldPath SPEC = FieldPath.root("spec");

    @Override
    public void applyDefaults(ObjectNode obj) {
        // Lease has no defaults.
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validate(obj));
        JsonNode spec = Fields.get(obj, "spec");
        Long duration = Fields.integer(spec, "leaseDurationSeconds");
        if (duration != null && duration <= 0) {
            errs.add(FieldError.invalid(SPEC.child("leaseDurationSeconds"), duration, "must be greater than 0"));
        }
        Long transitions = Fields.integer(spec, "leaseTransitions");
        if (transitions != null && transitions < 0) {
            errs.add(FieldError.invalid(SPEC.child("leaseTransitions"), transitions, "must be greater than or equal to 0"));
        }
        if (Fields.has(spec, "strategy") && !Fields.str(spec, "strategy").equals("OldestEmulationVersion")) {
            errs.add(FieldError.notSupported(SPEC.child("strategy"), Fields.str(spec, "strategy"),
                    List.of("OldestEmulationVersion")));
        }
        if (!Fields.str(spec, "preferredHolder").isEmpty() && Fields.str(spec, "strategy").isEmpty()) {
            errs.add(FieldError.forbidden(SPEC.child("preferredHolder"), "may only be specified if `strategy` is defined"));
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        errs.addAll(validate(obj));
        return errs;
    }
}
