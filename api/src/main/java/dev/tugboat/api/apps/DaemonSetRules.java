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

/** apps/v1 DaemonSet. */
public final class DaemonSetRules implements KindRules {

    private static final FieldPath SPEC = FieldPath.root("spec");

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Fields.object(obj, "spec");
        ObjectNode strategy = Fields.object(spec, "updateStrategy");
        Fields.defaultString(strategy, "type", "RollingUpdate");
        if (Fields.str(strategy, "type").equals("RollingUpdate")) {
            ObjectNode ru = Fields.object(strategy, "rollingUpdate");
            if (!Fields.has(ru, "maxUnavailable")) {
                ru.put("maxUnavailable", 1);
            }
            if (!Fields.has(ru, "maxSurge")) {
                ru.put("maxSurge", 0);
            }
        }
        Fields.defaultInt(spec, "revisionHistoryLimit", 10);
        Workloads.defaultTemplate(spec);
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validate(obj));
        errs.addAll(spec(Fields.get(obj, "spec")));
        return errs;
    }

    private static List<FieldError> spec(JsonNode spec) {
        List<FieldError> errs = new ArrayList<>(Workloads.selectorAndTemplate(spec, SPEC, "daemonset", "DaemonSet"));
        errs.addAll(ObjectMetaValidation.nonNegative(Fields.integer(spec, "minReadySeconds", 0), SPEC.child("minReadySeconds")));
        errs.addAll(ObjectMetaValidation.nonNegative(Fields.integer(spec, "templateGeneration", 0),
                SPEC.child("templateGeneration")));
        JsonNode strategy = Fields.get(spec, "updateStrategy");
        FieldPath sp = SPEC.child("updateStrategy");
        String type = Fields.str(strategy, "type");
        switch (type) {
            case "OnDelete" -> { }
            case "RollingUpdate" -> {
                if (!Fields.has(strategy, "rollingUpdate")) {
                    errs.add(FieldError.required(sp.child("rollingUpdate"), ""));
                } else {
                    errs.addAll(Workloads.rollingUpdate(Fields.get(strategy, "rollingUpdate"), sp.child("rollingUpdate")));
                }
            }
            default -> errs.add(FieldError.notSupported(sp, type, List.of("OnDelete", "RollingUpdate")));
        }
        errs.addAll(ObjectMetaValidation.nonNegative(spec, "revisionHistoryLimit", SPEC));
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        return Workloads.updateWithImmutableSelector(obj, old, DaemonSetRules::spec);
    }

    @Override
    public List<FieldError> validateStatusUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        errs.addAll(Workloads.status(Fields.get(obj, "status"), List.of("numberAvailable", "numberUnavailable",
                "currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled", "numberReady",
                "observedGeneration", "updatedNumberScheduled", "collisionCount"), List.of()));
        errs.addAll(Workloads.collisionCount(Fields.get(obj, "status"), Fields.get(old, "status")));
        return errs;
    }
}
