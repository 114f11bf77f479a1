package dev.tugboat.api.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.validation.Fields;
import java.util.ArrayList;
import java.util.List;

/**
 * policy/v1 Eviction, the body of {@code POST pods/<name>/eviction}: its delete options are checked as
 * {@code ValidateDeleteOptions} does. Matching the pod name is the REST handler's concern.
 */
public final class EvictionRules implements KindRules {

    private static final List<String> PROPAGATION = List.of("Foreground", "Background", "Orphan", "nil");

    @Override
    public void applyDefaults(ObjectNode obj) {
        // Eviction has no defaults.
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode options = Fields.get(obj, "deleteOptions");
        if (!options.isObject()) {
            return errs;
        }
        if (Fields.has(options, "orphanDependents") && Fields.has(options, "propagationPolicy")) {
            errs.add(FieldError.invalid(FieldPath.root("propagationPolicy"), Fields.str(options, "propagationPolicy"),
                    "orphanDependents and deletionPropagation cannot be both set"));
        }
        if (Fields.has(options, "propagationPolicy")) {
            String policy = Fields.str(options, "propagationPolicy");
            if (!PROPAGATION.subList(0, 3).contains(policy)) {
                errs.add(FieldError.notSupported(FieldPath.root("propagationPolicy"), policy, PROPAGATION));
            }
        }
        List<String> dryRun = Fields.strings(options, "dryRun");
        if (!dryRun.stream().allMatch("All"::equals)) {
            errs.add(FieldError.notSupported(FieldPath.root("dryRun"), Fields.get(options, "dryRun"), List.of("All")));
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        return validate(obj);
    }
}
