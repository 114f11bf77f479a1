package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.MetaRules;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** core/v1 ReplicationController: a map selector defaulted from the template labels. */
public final class ReplicationControllerRules implements KindRules {

    private static final FieldPath SPEC = FieldPath.root("spec");

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Fields.object(obj, "spec");
        JsonNode labels = Fields.get(Fields.get(Fields.get(spec, "template"), "metadata"), "labels");
        if (labels.isObject() && !labels.isEmpty()) {
            if (Fields.stringMap(spec, "selector").isEmpty()) {
                spec.set("selector", labels.deepCopy());
            }
            if (Meta.labels(obj).isEmpty()) {
                Meta.mutableMetadata(obj).set("labels", labels.deepCopy());
            }
        }
        Fields.defaultInt(spec, "replicas", 1);
        ObjectNode template = Fields.objectOrNull(spec, "template");
        if (template != null) {
            PodSpecDefaults.apply(Fields.object(template, "spec"));
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validate(obj));
        errs.addAll(spec(Fields.get(obj, "spec")));
        return errs;
    }

    private static List<FieldError> spec(JsonNode spec) {
        List<FieldError> errs = new ArrayList<>();
        errs.addAll(ObjectMetaValidation.nonNegative(Fields.integer(spec, "minReadySeconds", 0), SPEC.child("minReadySeconds")));
        Map<String, String> selector = Fields.stringMap(spec, "selector");
        if (selector.isEmpty()) {
            errs.add(FieldError.required(SPEC.child("selector"), ""));
        }
        errs.addAll(ObjectMetaValidation.nonNegative(Fields.integer(spec, "replicas", 0), SPEC.child("replicas")));
        JsonNode template = Fields.get(spec, "template");
        FieldPath tp = SPEC.child("template");
        if (!template.isObject()) {
            errs.add(FieldError.required(tp, ""));
            return errs;
        }
        JsonNode meta = Fields.get(template, "metadata");
        Map<String, String> labels = Fields.stringMap(meta, "labels");
        boolean matches = selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        if (!selector.isEmpty() && !matches) {
            errs.add(FieldError.invalid(tp.child("metadata").child("labels"), Fields.get(meta, "labels"),
                    "`selector` does not match template `labels`"));
        }
        errs.addAll(PodSpecValidation.template(template, tp));
        JsonNode podSpec = Fields.get(template, "spec");
        String restart = Fields.str(podSpec, "restartPolicy");
        if (!restart.equals("Always")) {
            errs.add(FieldError.notSupported(tp.child("spec").child("restartPolicy"), restart, List.of("Always")));
        }
        if (Fields.has(podSpec, "activeDeadlineSeconds")) {
            errs.add(FieldError.forbidden(tp.child("spec").child("activeDeadlineSeconds"),
                    "activeDeadlineSeconds in ReplicationController is not Supported"));
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
        FieldPath sp = FieldPath.root("status");
        for (String f : List.of("replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas", "observedGeneration")) {
            errs.addAll(ObjectMetaValidation.nonNegative(status, f, sp));
        }
        long replicas = Fields.integer(status, "replicas", 0);
        for (String f : List.of("fullyLabeledReplicas", "readyReplicas", "availableReplicas")) {
            long v = Fields.integer(status, f, 0);
            if (v > replicas) {
                errs.add(FieldError.invalid(sp.child(f), v, "cannot be greater than status.replicas"));
            }
        }
        long available = Fields.integer(status, "availableReplicas", 0);
        if (available > Fields.integer(status, "readyReplicas", 0)) {
            errs.add(FieldError.invalid(sp.child("availableReplicas"), available, "cannot be greater than readyReplicas"));
        }
        return errs;
    }
}
