package dev.tugboat.api.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.MetaRules;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;

/** apps/v1 ReplicaSet. */
public final class ReplicaSetRules implements KindRules {

    private static final FieldPath SPEC = FieldPath.root("spec");

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Fields.object(obj, "spec");
        Fields.defaultInt(spec, "replicas", 1);
        Workloads.defaultTemplate(spec);
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validate(obj));
        errs.addAll(spec(Fields.get(obj, "spec")));
        return errs;
    }

    private static List<FieldError> spec(JsonNode spec) {
        List<FieldError> errs = new ArrayList<>();
        errs.addAll(ObjectMetaValidation.nonNegative(Fields.integer(spec, "replicas", 0), SPEC.child("replicas")));
        errs.addAll(ObjectMetaValidation.nonNegative(Fields.integer(spec, "minReadySeconds", 0), SPEC.child("minReadySeconds")));
        // Upstream reuses the Deployment wording for ReplicaSets.
        errs.addAll(Workloads.selectorAndTemplate(spec, SPEC, "deployment", "ReplicaSet"));
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        return Workloads.updateWithImmutableSelector(obj, old, ReplicaSetRules::spec);
    }

    @Override
    public List<FieldError> validateStatusUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        errs.addAll(Workloads.status(Fields.get(obj, "status"), List.of("replicas", "fullyLabeledReplicas",
                "readyReplicas", "availableReplicas", "observedGeneration"),
                List.of("fullyLabeledReplicas", "readyReplicas", "availableReplicas")));
        return errs;
    }
}
