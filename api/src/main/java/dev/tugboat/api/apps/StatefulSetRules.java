package dev.tugboat.api.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.core.PersistentVolumeClaimRules;
import dev.tugboat.api.core.PodSpecValidation;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.JsonEquality;
import dev.tugboat.api.validation.LabelSelectors;
import dev.tugboat.api.validation.MetaRules;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** apps/v1 StatefulSet. */
public final class StatefulSetRules implements KindRules {

    static final String UPDATE_FORBIDDEN = "updates to statefulset spec for fields other than 'replicas', 'ordinals',"
            + " 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and"
            + " 'minReadySeconds' are forbidden";
    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final List<String> MUTABLE = List.of("replicas", "ordinals", "template", "updateStrategy",
            "revisionHistoryLimit", "persistentVolumeClaimRetentionPolicy", "minReadySeconds");

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Fields.object(obj, "spec");
        Fields.defaultString(spec, "podManagementPolicy", "OrderedReady");
        ObjectNode strategy = Fields.object(spec, "updateStrategy");
        if (Fields.str(strategy, "type").isEmpty()) {
            strategy.put("type", "RollingUpdate");
            Fields.object(strategy, "rollingUpdate");
        }
        ObjectNode ru = Fields.objectOrNull(strategy, "rollingUpdate");
        if (Fields.str(strategy, "type").equals("RollingUpdate") && ru != null) {
            Fields.defaultInt(ru, "partition", 0);
        }
        ObjectNode retention = Fields.object(spec, "persistentVolumeClaimRetentionPolicy");
        Fields.defaultString(retention, "whenDeleted", "Retain");
        Fields.defaultString(retention, "whenScaled", "Retain");
        Fields.defaultInt(spec, "replicas", 1);
        Fields.defaultInt(spec, "revisionHistoryLimit", 10);
        for (ObjectNode claim : Fields.objects(spec, "volumeClaimTemplates")) {
            PersistentVolumeClaimRules.defaultSpec(Fields.object(claim, "spec"));
            Fields.defaultString(Fields.object(claim, "status"), "phase", "Pending");
        }
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
        String policy = Fields.str(spec, "podManagementPolicy");
        switch (policy) {
            case "" -> errs.add(FieldError.required(SPEC.child("podManagementPolicy"), ""));
            case "OrderedReady", "Parallel" -> { }
            default -> errs.add(FieldError.invalid(SPEC.child("podManagementPolicy"), policy,
                    "must be 'OrderedReady' or 'Parallel'"));
        }
        JsonNode strategy = Fields.get(spec, "updateStrategy");
        FieldPath sp = SPEC.child("updateStrategy");
        switch (Fields.str(strategy, "type")) {
            case "" -> errs.add(FieldError.required(sp, ""));
            case "OnDelete" -> {
                if (Fields.has(strategy, "rollingUpdate")) {
                    errs.add(FieldError.invalid(sp.child("rollingUpdate"), Fields.get(strategy, "rollingUpdate"),
                            "only allowed for updateStrategy 'RollingUpdate'"));
                }
            }
            case "RollingUpdate" -> {
                JsonNode ru = Fields.get(strategy, "rollingUpdate");
                errs.addAll(ObjectMetaValidation.nonNegative(ru, "partition", sp.child("rollingUpdate")));
            }
            default -> errs.add(FieldError.invalid(sp, strategy, "must be 'RollingUpdate' or 'OnDelete'"));
        }
        JsonNode retention = Fields.get(spec, "persistentVolumeClaimRetentionPolicy");
        for (String f : List.of("whenDeleted", "whenScaled")) {
            String v = Fields.str(retention, f);
            if (retention.isObject() && !v.equals("Retain") && !v.equals("Delete")) {
                errs.add(FieldError.notSupported(SPEC.child("persistentVolumeClaimRetentionPolicy").child(f), v,
                        List.of("Retain", "Delete")));
            }
        }
        errs.addAll(ObjectMetaValidation.nonNegative(Fields.integer(spec, "replicas", 0), SPEC.child("replicas")));
        errs.addAll(ObjectMetaValidation.nonNegative(Fields.get(spec, "ordinals"), "start", SPEC.child("ordinals")));
        JsonNode selector = Fields.get(spec, "selector");
        FieldPath selPath = SPEC.child("selector");
        if (!selector.isObject()) {
            errs.add(FieldError.required(selPath, ""));
        } else {
            errs.addAll(LabelSelectors.validate(selector, selPath));
            if (LabelSelectors.isEmpty(selector)) {
                errs.add(FieldError.invalid(selPath, selector, "empty selector is not valid for statefulset."));
            }
        }
        JsonNode template = Fields.get(spec, "template");
        if (!LabelSelectors.validate(selector, selPath).isEmpty()) {
            errs.add(FieldError.invalid(selPath, selector, ""));
        } else {
            boolean everything = selector.isObject() && LabelSelectors.isEmpty(selector);
            if (!everything && !LabelSelectors.matches(selector.isObject() ? selector : null,
                    Fields.stringMap(Fields.get(template, "metadata"), "labels"))) {
                errs.add(FieldError.invalid(SPEC.child("template").child("metadata").child("labels"),
                        Fields.get(Fields.get(template, "metadata"), "labels"), "`selector` does not match template `labels`"));
            }
            errs.addAll(PodSpecValidation.template(withClaimVolumes(template, spec), SPEC.child("template")));
        }
        JsonNode podSpec = Fields.get(template, "spec");
        String restart = Fields.str(podSpec, "restartPolicy");
        if (!restart.equals("Always")) {
            errs.add(FieldError.notSupported(SPEC.child("template").child("spec").child("restartPolicy"), restart,
                    List.of("Always")));
        }
        if (Fields.has(podSpec, "activeDeadlineSeconds")) {
            errs.add(FieldError.invalid(SPEC.child("template").child("spec").child("activeDeadlineSeconds"),
                    Fields.integer(podSpec, "activeDeadlineSeconds"), "must not be specified"));
        }
        List<JsonNode> claims = Fields.list(spec, "volumeClaimTemplates");
        for (int i = 0; i < claims.size(); i++) {
            errs.addAll(PersistentVolumeClaimRules.spec(Fields.get(claims.get(i), "spec"),
                    SPEC.child("volumeClaimTemplates").index(i).child("spec")));
        }
        errs.addAll(ObjectMetaValidation.nonNegative(Fields.integer(spec, "minReadySeconds", 0), SPEC.child("minReadySeconds")));
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        ObjectNode spec = Fields.get(obj, "spec").deepCopy();
        JsonNode oldSpec = Fields.get(old, "spec");
        for (String f : MUTABLE) {
            JsonNode v = oldSpec.get(f);
            if (v == null) {
                spec.remove(f);
            } else {
                spec.set(f, v.deepCopy());
            }
        }
        if (!JsonEquality.equal(spec, oldSpec)) {
            errs.add(FieldError.forbidden(SPEC, UPDATE_FORBIDDEN));
        }
        errs.addAll(spec(Fields.get(obj, "spec")));
        return errs;
    }

    @Override
    public List<FieldError> validateStatusUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(Workloads.status(Fields.get(obj, "status"), List.of("replicas",
                "readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas", "observedGeneration",
                "collisionCount"), List.of("readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas")));
        errs.addAll(MetaRules.NAMESPACED.validateUpdate(obj, old));
        errs.addAll(Workloads.collisionCount(Fields.get(obj, "status"), Fields.get(old, "status")));
        return errs;
    }

    /**
     * The template as its pods will be: each volumeClaimTemplate becomes a persistentVolumeClaim volume
     * of the same name, so that containers may mount the claims (upstream leaves the template's pod spec
     * unchecked for this reason; checking the union still catches what would fail every pod).
     */
    private static JsonNode withClaimVolumes(JsonNode template, JsonNode spec) {
        List<JsonNode> claims = Fields.list(spec, "volumeClaimTemplates");
        if (claims.isEmpty() || !template.isObject() || !Fields.get(template, "spec").isObject()) {
            return template;
        }
        ObjectNode copy = ((ObjectNode) template).deepCopy();
        ObjectNode podSpec = (ObjectNode) copy.get("spec");
        ArrayNode volumes = podSpec.path("volumes").isArray()
                ? (ArrayNode) podSpec.get("volumes") : podSpec.putArray("volumes");
        Set<String> present = new HashSet<>();
        volumes.forEach(v -> present.add(v.path("name").asText()));
        for (JsonNode claim : claims) {
            String name = Fields.str(Fields.get(claim, "metadata"), "name");
            if (!name.isEmpty() && present.add(name)) {
                ObjectNode v = volumes.addObject();
                v.put("name", name);
                v.putObject("persistentVolumeClaim").put("claimName", name);
            }
        }
        return copy;
    }
}
