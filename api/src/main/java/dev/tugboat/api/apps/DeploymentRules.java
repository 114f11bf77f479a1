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

/** apps/v1 Deployment. */
public final class DeploymentRules implements KindRules {

    private static final FieldPath SPEC = FieldPath.root("spec");

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Fields.object(obj, "spec");
        Fields.defaultInt(spec, "replicas", 1);
        ObjectNode strategy = Fields.object(spec, "strategy");
        Fields.defaultString(strategy, "type", "RollingUpdate");
        if (Fields.str(strategy, "type").equals("RollingUpdate")) {
            ObjectNode ru = Fields.object(strategy, "rollingUpdate");
            if (!Fields.has(ru, "maxUnavailable")) {
                ru.put("maxUnavailable", "25%");
            }
            if (!Fields.has(ru, "maxSurge")) {
                ru.put("maxSurge", "25%");
            }
        }
        Fields.defaultInt(spec, "revisionHistoryLimit", 10);
        Fields.defaultInt(spec, "progressDeadlineSeconds", 600);
        Workloads.defaultTemplate(spec);
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validate(obj));
        errs.addAll(spec(Fields.get(obj, "spec")));
        return errs;
    }

    private static List<FieldError> spec(JsonNode spec) {
        List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.nonNegative(Fields.integer(spec, "replicas", 0),
                SPEC.child("replicas")));
        errs.addAll(Workloads.selectorAndTemplate(spec, SPEC, "deployment", "ReplicaSet"));
        errs.addAll(strategy(Fields.get(spec, "strategy"), SPEC.child("strategy")));
        long minReady = Fields.integer(spec, "minReadySeconds", 0);
        errs.addAll(ObjectMetaValidation.nonNegative(minReady, SPEC.child("minReadySeconds")));
        errs.addAll(ObjectMetaValidation.nonNegative(spec, "revisionHistoryLimit", SPEC));
        Long deadline = Fields.integer(spec, "progressDeadlineSeconds");
        if (deadline != null) {
            errs.addAll(ObjectMetaValidation.nonNegative(deadline, SPEC.child("progressDeadlineSeconds")));
            if (deadline <= minReady) {
                errs.add(FieldError.invalid(SPEC.child("progressDeadlineSeconds"), deadline,
                        "must be greater than minReadySeconds"));
            }
        }
        return errs;
    }

    private static List<FieldError> strategy(JsonNode strategy, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        String type = Fields.str(strategy, "type");
        switch (type) {
            case "Recreate" -> {
                if (Fields.has(strategy, "rollingUpdate")) {
                    errs.add(FieldError.forbidden(p.child("rollingUpdate"),
                            "may not be specified when strategy `type` is 'Recreate'"));
                }
            }
            case "RollingUpdate" -> {
                if (!Fields.has(strategy, "rollingUpdate")) {
                    errs.add(FieldError.required(p.child("rollingUpdate"), "this should be defaulted and never be nil"));
                } else {
                    errs.addAll(Workloads.rollingUpdate(Fields.get(strategy, "rollingUpdate"), p.child("rollingUpdate")));
                }
            }
            default -> errs.add(FieldError.notSupported(p.child("type"), type, List.of("Recreate", "RollingUpdate")));
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        return Workloads.updateWithImmutableSelector(obj, old, DeploymentRules::spec);
    }

    @Override
    public List<FieldError> validateStatusUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        JsonNode status = Fields.get(obj, "status");
        errs.addAll(Workloads.status(status, List.of("observedGeneration", "replicas", "updatedReplicas",
                "readyReplicas", "availableReplicas", "unavailableReplicas", "collisionCount"),
                List.of("updatedReplicas", "readyReplicas", "availableReplicas")));
        errs.addAll(Workloads.collisionCount(status, Fields.get(old, "status")));
        return errs;
    }
}
