package dev.tugboat.api.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.apps.Workloads;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.LabelSelectors;
import dev.tugboat.api.validation.MetaRules;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;

/** policy/v1 PodDisruptionBudget. */
public final class PodDisruptionBudgetRules implements KindRules {

    private static final FieldPath SPEC = FieldPath.root("spec");

    @Override
    public void applyDefaults(ObjectNode obj) {
        // policy/v1 PodDisruptionBudget has no defaults.
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validate(obj));
        errs.addAll(spec(Fields.get(obj, "spec")));
        return errs;
    }

    private static List<FieldError> spec(JsonNode spec) {
        List<FieldError> errs = new ArrayList<>();
        if (Fields.has(spec, "minAvailable") && Fields.has(spec, "maxUnavailable")) {
            errs.add(FieldError.invalid(SPEC, spec, "minAvailable and maxUnavailable cannot be both set"));
        }
        for (String f : List.of("minAvailable", "maxUnavailable")) {
            if (Fields.has(spec, f)) {
                errs.addAll(Workloads.positiveIntOrPercent(Fields.get(spec, f), SPEC.child(f)));
                errs.addAll(Workloads.notMoreThan100Percent(Fields.get(spec, f), SPEC.child(f)));
            }
        }
        errs.addAll(LabelSelectors.validate(Fields.get(spec, "selector"), SPEC.child("selector")));
        if (Fields.has(spec, "unhealthyPodEvictionPolicy")) {
            String policy = Fields.str(spec, "unhealthyPodEvictionPolicy");
            if (!policy.equals("AlwaysAllow") && !policy.equals("IfHealthyBudget")) {
                errs.add(FieldError.notSupported(SPEC.child("unhealthyPodEvictionPolicy"), policy,
                        List.of("AlwaysAllow", "IfHealthyBudget")));
            }
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        errs.addAll(spec(Fields.get(obj, "spec")));
        return errs;
    }

    @Override
    public List<FieldError> validateStatusUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        JsonNode status = Fields.get(obj, "status");
        for (String f : List.of("disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods")) {
            errs.addAll(ObjectMetaValidation.nonNegative(status, f, FieldPath.root("status")));
        }
        return errs;
    }
}
