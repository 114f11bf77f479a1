package dev.tugboat.api.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.core.PodSpecDefaults;
import dev.tugboat.api.core.PodSpecValidation;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.Formats;
import dev.tugboat.api.validation.JsonEquality;
import dev.tugboat.api.validation.LabelSelectors;
import dev.tugboat.api.validation.MetaRules;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * batch/v1 Job. The registry generates the selector and the controller labels (unless
 * {@code manualSelector}); validation checks that they are the generated ones.
 */
public final class JobRules implements KindRules {

    public static final String CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
    public static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
    public static final String LEGACY_CONTROLLER_UID_LABEL = "controller-uid";
    public static final String LEGACY_JOB_NAME_LABEL = "job-name";
    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final int MAX_INDEXED_PARALLELISM = 100_000;
    private static final int MAX_RULES = 20;

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Fields.object(obj, "spec");
        if (!Fields.has(spec, "completions") && !Fields.has(spec, "parallelism")) {
            spec.put("completions", 1);
            spec.put("parallelism", 1);
        }
        Fields.defaultInt(spec, "parallelism", 1);
        Fields.defaultInt(spec, "backoffLimit", Fields.has(spec, "backoffLimitPerIndex") ? Integer.MAX_VALUE : 6);
        JsonNode templateLabels = Fields.get(Fields.get(Fields.get(spec, "template"), "metadata"), "labels");
        if (templateLabels.isObject() && Meta.labels(obj).isEmpty()) {
            Meta.mutableMetadata(obj).set("labels", templateLabels.deepCopy());
        }
        Fields.defaultString(spec, "completionMode", "NonIndexed");
        Fields.defaultBool(spec, "suspend", false);
        ObjectNode pfp = Fields.objectOrNull(spec, "podFailurePolicy");
        for (ObjectNode rule : Fields.objects(pfp, "rules")) {
            for (ObjectNode pattern : Fields.objects(rule, "onPodConditions")) {
                Fields.defaultString(pattern, "status", "True");
            }
        }
        Fields.defaultString(spec, "podReplacementPolicy", pfp != null ? "Failed" : "TerminatingOrFailed");
        Fields.defaultBool(spec, "manualSelector", false);
        PodSpecDefaults.apply(Fields.object(Fields.object(spec, "template"), "spec"));
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validate(obj));
        errs.addAll(generatedSelector(obj));
        JsonNode spec = Fields.get(obj, "spec");
        errs.addAll(spec(spec));
        Long completions = Fields.integer(spec, "completions");
        if (Fields.str(spec, "completionMode").equals("Indexed") && completions != null && completions > 0) {
            String hostname = Meta.name(obj) + "-" + (completions - 1);
            if (!Formats.dns1123Label(hostname).isEmpty()) {
                errs.add(FieldError.invalid(FieldPath.of("metadata", "name"), Meta.name(obj),
                        "will not able to create pod with invalid DNS label: " + hostname));
            }
        }
        return errs;
    }

    private static List<FieldError> generatedSelector(JsonNode job) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = Fields.get(job, "spec");
        if (Fields.isTrue(spec, "manualSelector") || !Fields.has(spec, "selector")) {
            return errs;
        }
        String uid = Meta.uid(job);
        JsonNode selector = Fields.get(spec, "selector");
        boolean generated = Fields.list(selector, "matchExpressions").isEmpty()
                && Fields.stringMap(selector, "matchLabels").equals(Map.of(CONTROLLER_UID_LABEL, uid));
        if (!generated) {
            errs.add(FieldError.invalid(SPEC.child("selector"), selector, "`selector` not auto-generated"));
        }
        FieldPath meta = SPEC.child("template").child("metadata");
        Map<String, String> labels = Fields.stringMap(Fields.get(Fields.get(spec, "template"), "metadata"), "labels");
        errs.addAll(hasLabel(labels, meta, LEGACY_CONTROLLER_UID_LABEL, uid));
        errs.addAll(hasLabel(labels, meta, LEGACY_JOB_NAME_LABEL, Meta.name(job)));
        errs.addAll(hasLabel(labels, meta, CONTROLLER_UID_LABEL, uid));
        errs.addAll(hasLabel(labels, meta, JOB_NAME_LABEL, Meta.name(job)));
        return errs;
    }

    private static List<FieldError> hasLabel(Map<String, String> labels, FieldPath meta, String key, String expected) {
        String actual = labels.get(key);
        if (actual == null) {
            return List.of(FieldError.required(meta.child("labels").key(key), "must be '" + expected + "'"));
        }
        if (!actual.equals(expected)) {
            var map = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            labels.forEach(map::put);
            return List.of(FieldError.invalid(meta.child("labels").key(key), map, "must be '" + expected + "'"));
        }
        return List.of();
    }

    /** {@code ValidateJobSpec}: the job spec rules plus a required selector matching the template. */
    static List<FieldError> spec(JsonNode spec) {
        List<FieldError> errs = new ArrayList<>(jobSpec(spec, SPEC));
        JsonNode selector = Fields.get(spec, "selector");
        if (!selector.isObject()) {
            errs.add(FieldError.required(SPEC.child("selector"), ""));
        } else {
            List<FieldError> selectorErrs = LabelSelectors.validate(selector, SPEC.child("selector"));
            errs.addAll(selectorErrs);
            if (selectorErrs.isEmpty()) {
                JsonNode templateMeta = Fields.get(Fields.get(spec, "template"), "metadata");
                if (!LabelSelectors.matches(selector, Fields.stringMap(templateMeta, "labels"))) {
                    errs.add(FieldError.invalid(SPEC.child("template").child("metadata").child("labels"),
                            Fields.get(templateMeta, "labels"), "`selector` does not match template `labels`"));
                }
            }
        }
        return errs;
    }

    /** {@code validateJobSpec}, shared with CronJob templates. */
    static List<FieldError> jobSpec(JsonNode spec, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        for (String f : List.of("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
                "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes")) {
            errs.addAll(ObjectMetaValidation.nonNegative(spec, f, p));
        }
        if (Fields.has(spec, "maxFailedIndexes") && !Fields.has(spec, "backoffLimitPerIndex")) {
            errs.add(FieldError.required(p.child("backoffLimitPerIndex"), "when maxFailedIndexes is specified"));
        }
        if (Fields.has(spec, "managedBy")) {
            String managedBy = Fields.str(spec, "managedBy");
            errs.addAll(ObjectMetaValidation.labelName(managedBy, p.child("managedBy")));
        }
        String mode = Fields.str(spec, "completionMode");
        boolean indexed = mode.equals("Indexed");
        if (Fields.has(spec, "completionMode")) {
            if (!mode.equals("NonIndexed") && !indexed) {
                errs.add(FieldError.notSupported(p.child("completionMode"), mode, List.of("NonIndexed", "Indexed")));
            }
            if (indexed) {
                if (!Fields.has(spec, "completions")) {
                    errs.add(FieldError.required(p.child("completions"), "when completion mode is Indexed"));
                }
                long parallelism = Fields.integer(spec, "parallelism", 0);
                if (parallelism > MAX_INDEXED_PARALLELISM) {
                    errs.add(FieldError.invalid(p.child("parallelism"), parallelism,
                            "must be less than or equal to 100000 when completion mode is Indexed"));
                }
                Long maxFailed = Fields.integer(spec, "maxFailedIndexes");
                Long completions = Fields.integer(spec, "completions");
                if (maxFailed != null && completions != null && maxFailed > completions) {
                    errs.add(FieldError.invalid(p.child("maxFailedIndexes"), maxFailed,
                            "must be less than or equal to completions"));
                }
            }
        }
        if (!indexed) {
            for (String f : List.of("backoffLimitPerIndex", "maxFailedIndexes")) {
                Long v = Fields.integer(spec, f);
                if (v != null) {
                    errs.add(FieldError.invalid(p.child(f), v, "requires indexed completion mode"));
                }
            }
        }
        JsonNode pfp = Fields.get(spec, "podFailurePolicy");
        if (pfp.isObject()) {
            errs.addAll(podFailurePolicy(spec, pfp, p.child("podFailurePolicy")));
        }
        JsonNode success = Fields.get(spec, "successPolicy");
        if (success.isObject()) {
            if (!indexed) {
                errs.add(FieldError.invalid(p.child("successPolicy"), success, "requires indexed completion mode"));
            } else {
                errs.addAll(successPolicy(spec, success, p.child("successPolicy")));
            }
        }
        if (Fields.has(spec, "podReplacementPolicy")) {
            String prp = Fields.str(spec, "podReplacementPolicy");
            if (pfp.isObject()) {
                if (!prp.equals("Failed")) {
                    errs.add(FieldError.notSupported(p.child("podReplacementPolicy"), prp, List.of("Failed")));
                }
            } else if (!prp.equals("Failed") && !prp.equals("TerminatingOrFailed")) {
                errs.add(FieldError.notSupported(p.child("podReplacementPolicy"), prp,
                        List.of("Failed", "TerminatingOrFailed")));
            }
        }
        JsonNode template = Fields.get(spec, "template");
        errs.addAll(PodSpecValidation.template(template, p.child("template")));
        String restart = Fields.str(Fields.get(template, "spec"), "restartPolicy");
        FieldPath rp = p.child("template").child("spec").child("restartPolicy");
        if (restart.equals("Always") || restart.isEmpty()) {
            errs.add(FieldError.required(rp, "valid values: \"OnFailure\", \"Never\""));
        } else if (!restart.equals("OnFailure") && !restart.equals("Never")) {
            errs.add(FieldError.notSupported(rp, restart, List.of("OnFailure", "Never")));
        } else if (pfp.isObject() && !restart.equals("Never")) {
            errs.add(FieldError.invalid(rp, restart, "only \"Never\" is supported when podFailurePolicy is specified"));
        }
        return errs;
    }

    private static List<FieldError> podFailurePolicy(JsonNode spec, JsonNode pfp, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        List<JsonNode> rules = Fields.list(pfp, "rules");
        FieldPath rulesPath = p.child("rules");
        if (rules.size() > MAX_RULES) {
            errs.add(FieldError.tooMany(rulesPath, rules.size(), MAX_RULES));
        }
        Set<String> containers = new HashSet<>();
        JsonNode podSpec = Fields.get(Fields.get(spec, "template"), "spec");
        for (String list : List.of("containers", "initContainers")) {
            Fields.list(podSpec, list).forEach(c -> containers.add(Fields.str(c, "name")));
        }
        for (int i = 0; i < rules.size(); i++) {
            JsonNode rule = rules.get(i);
            FieldPath rulePath = rulesPath.index(i);
            String action = Fields.str(rule, "action");
            if (action.equals("FailIndex") && !Fields.has(spec, "backoffLimitPerIndex")) {
                errs.add(FieldError.invalid(rulePath.child("action"), action, "requires the backoffLimitPerIndex to be set"));
            }
            if (!List.of("Count", "FailIndex", "FailJob", "Ignore").contains(action)) {
                errs.add(FieldError.notSupported(rulePath.child("action"), action,
                        List.of("Count", "FailIndex", "FailJob", "Ignore")));
            }
            boolean onExit = Fields.has(rule, "onExitCodes");
            boolean onConditions = !Fields.list(rule, "onPodConditions").isEmpty();
            if (onExit) {
                errs.addAll(onExitCodes(Fields.get(rule, "onExitCodes"), rulePath.child("onExitCodes"), containers));
            }
            List<JsonNode> conditions = Fields.list(rule, "onPodConditions");
            for (int j = 0; j < conditions.size(); j++) {
                FieldPath cp = rulePath.child("onPodConditions").index(j);
                String status = Fields.str(conditions.get(j), "status");
                if (!List.of("False", "True", "Unknown").contains(status)) {
                    errs.add(FieldError.notSupported(cp.child("status"), status, List.of("False", "True", "Unknown")));
                }
                errs.addAll(ObjectMetaValidation.labelName(Fields.str(conditions.get(j), "type"), cp.child("type")));
            }
            if (onExit && onConditions) {
                errs.add(FieldError.invalid(rulePath, FieldError.OMITTED,
                        "specifying both OnExitCodes and OnPodConditions is not supported"));
            }
            if (!onExit && !onConditions) {
                errs.add(FieldError.invalid(rulePath, FieldError.OMITTED,
                        "specifying one of OnExitCodes and OnPodConditions is required"));
            }
        }
        return errs;
    }

    private static List<FieldError> onExitCodes(JsonNode req, FieldPath p, Set<String> containers) {
        List<FieldError> errs = new ArrayList<>();
        if (Fields.has(req, "containerName") && !containers.contains(Fields.str(req, "containerName"))) {
            errs.add(FieldError.invalid(p.child("containerName"), Fields.str(req, "containerName"),
                    "must be one of the container or initContainer names in the pod template"));
        }
        String op = Fields.str(req, "operator");
        if (!op.equals("In") && !op.equals("NotIn")) {
            errs.add(FieldError.notSupported(p.child("operator"), op, List.of("In", "NotIn")));
        }
        List<JsonNode> values = Fields.list(req, "values");
        FieldPath vp = p.child("values");
        if (values.isEmpty() || values.size() > 255) {
            errs.add(FieldError.invalid(vp, Fields.get(req, "values"), "at least one value is required, and at most 255 are allowed"));
        }
        boolean ordered = true;
        Set<Long> unique = new HashSet<>();
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < values.size(); i++) {
            long v = values.get(i).asLong();
            if (v < previous) {
                ordered = false;
            }
            if (v == 0 && op.equals("In")) {
                errs.add(FieldError.invalid(vp.index(i), v, "must not be 0 for the In operator"));
            }
            if (!unique.add(v)) {
                errs.add(FieldError.duplicate(vp.index(i), v));
            }
            previous = v;
        }
        if (!ordered) {
            errs.add(FieldError.invalid(vp, Fields.get(req, "values"), "must be ordered"));
        }
        return errs;
    }

    private static List<FieldError> successPolicy(JsonNode spec, JsonNode policy, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        List<JsonNode> rules = Fields.list(policy, "rules");
        FieldPath rulesPath = p.child("rules");
        if (rules.isEmpty()) {
            errs.add(FieldError.required(rulesPath, "at least one rules must be specified when the successPolicy is specified"));
        }
        if (rules.size() > MAX_RULES) {
            errs.add(FieldError.tooMany(rulesPath, rules.size(), MAX_RULES));
        }
        Long completions = Fields.integer(spec, "completions");
        for (int i = 0; i < rules.size(); i++) {
            JsonNode rule = rules.get(i);
            FieldPath rp = rulesPath.index(i);
            if (!Fields.has(rule, "succeededCount") && !Fields.has(rule, "succeededIndexes")) {
                errs.add(FieldError.required(rp, "at least one of succeededCount or succeededIndexes must be specified"));
            }
            if (Fields.has(rule, "succeededIndexes")) {
                String indexes = Fields.str(rule, "succeededIndexes");
                if (!indexes.matches("[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*")) {
                    errs.add(FieldError.invalid(rp.child("succeededIndexes"), indexes,
                            "error parsing succeededIndexes: " + indexes));
                }
            }
            Long count = Fields.integer(rule, "succeededCount");
            if (count != null) {
                if (count < 0) {
                    errs.add(FieldError.invalid(rp.child("succeededCount"), count, ObjectMetaValidation.NEGATIVE));
                }
                if (completions != null && count > completions) {
                    errs.add(FieldError.invalid(rp.child("succeededCount"), count,
                            "must be less than or equal to " + completions + " (the number of specified completions)"));
                }
            }
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        JsonNode spec = Fields.get(obj, "spec");
        JsonNode oldSpec = Fields.get(old, "spec");
        errs.addAll(spec(spec));
        errs.addAll(completionsUpdate(spec, oldSpec));
        errs.addAll(ObjectMetaValidation.immutable(Fields.get(spec, "selector"), Fields.get(oldSpec, "selector"),
                SPEC.child("selector")));
        errs.addAll(templateUpdate(obj, old));
        for (String f : List.of("completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy", "successPolicy")) {
            errs.addAll(ObjectMetaValidation.immutable(Fields.get(spec, f), Fields.get(oldSpec, f), SPEC.child(f)));
        }
        return errs;
    }

    private static List<FieldError> completionsUpdate(JsonNode spec, JsonNode oldSpec) {
        JsonNode now = Fields.get(spec, "completions");
        JsonNode before = Fields.get(oldSpec, "completions");
        if (!Fields.str(spec, "completionMode").equals("Indexed")) {
            return ObjectMetaValidation.immutable(now, before, SPEC.child("completions"));
        }
        if (JsonEquality.equal(now, before) || !now.isNumber()) {
            return List.of();
        }
        if (now.asLong() != Fields.integer(spec, "parallelism", 0)) {
            return List.of(FieldError.invalid(SPEC.child("completions"), now.asLong(),
                    "can only be modified in tandem with spec.parallelism"));
        }
        return List.of();
    }

    /** Immutable, except scheduling directives while the job is suspended and has never started. */
    private static List<FieldError> templateUpdate(JsonNode job, JsonNode old) {
        JsonNode template = Fields.get(Fields.get(job, "spec"), "template");
        ObjectNode oldTemplate = Fields.get(Fields.get(old, "spec"), "template").deepCopy();
        boolean mutable = Fields.isTrue(Fields.get(job, "spec"), "suspend")
                && !Fields.has(Fields.get(old, "status"), "startTime");
        if (mutable) {
            ObjectNode oldSpec = Fields.object(oldTemplate, "spec");
            JsonNode spec = Fields.get(template, "spec");
            ObjectNode affinity = Fields.objectOrNull(oldSpec, "affinity");
            JsonNode newAffinity = Fields.get(spec, "affinity");
            if (!newAffinity.isObject() && affinity != null) {
                affinity.remove("nodeAffinity");
                if (affinity.isEmpty()) {
                    oldSpec.remove("affinity");
                }
            } else if (newAffinity.isObject()) {
                ObjectNode a = affinity != null ? affinity : oldSpec.putObject("affinity");
                copy(newAffinity, a, "nodeAffinity");
            }
            for (String f : List.of("nodeSelector", "tolerations", "schedulingGates")) {
                copy(spec, oldSpec, f);
            }
            ObjectNode oldMeta = Fields.object(oldTemplate, "metadata");
            for (String f : List.of("annotations", "labels")) {
                copy(Fields.get(template, "metadata"), oldMeta, f);
            }
        }
        return ObjectMetaValidation.immutable(template, oldTemplate, SPEC.child("template"));
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        JsonNode v = Fields.get(from, field);
        if (v.isMissingNode()) {
            to.remove(field);
        } else {
            to.set(field, v.deepCopy());
        }
    }

    @Override
    public List<FieldError> validateStatusUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        JsonNode status = Fields.get(obj, "status");
        for (String f : List.of("active", "succeeded", "failed", "ready", "terminating")) {
            errs.addAll(ObjectMetaValidation.nonNegative(status, f, FieldPath.root("status")));
        }
        return errs;
    }

    @Override
    public List<String> warnings(ObjectNode obj) {
        List<String> msgs = Formats.dns1123Label(Meta.name(obj));
        if (msgs.isEmpty()) {
            return List.of();
        }
        return List.of("metadata.name: this is used in Pod names and hostnames, which can result in surprising"
                + " behavior; a DNS label is recommended: [" + String.join(" ", msgs) + "]");
    }
}
