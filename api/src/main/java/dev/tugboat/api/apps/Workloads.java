package dev.tugboat.api.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.core.PodSpecDefaults;
import dev.tugboat.api.core.PodSpecValidation;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.validation.Bare;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.Formats;
import dev.tugboat.api.validation.LabelSelectors;
import dev.tugboat.api.validation.MetaRules;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Rules shared by the apps/v1 workload controllers: selectors, templates, int-or-percent fields, status. */
public final class Workloads {

    private Workloads() {
    }

    /** Defaults the PodSpec inside {@code spec.template}. */
    public static void defaultTemplate(ObjectNode spec) {
        PodSpecDefaults.apply(Fields.object(Fields.object(spec, "template"), "spec"));
    }

    /**
     * A required, non-empty, valid selector that selects the template, and a valid template with
     * restart policy Always.
     *
     * @param kindWord the word in {@code empty selector is invalid for <kindWord>}
     */
    public static List<FieldError> selectorAndTemplate(JsonNode spec, FieldPath specPath, String kindWord,
                                                       String activeDeadlineKind) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode selector = Fields.get(spec, "selector");
        FieldPath selPath = specPath.child("selector");
        List<FieldError> selectorErrs = new ArrayList<>();
        if (!selector.isObject()) {
            errs.add(FieldError.required(selPath, ""));
        } else {
            selectorErrs = LabelSelectors.validate(selector, selPath);
            errs.addAll(selectorErrs);
            if (LabelSelectors.isEmpty(selector)) {
                errs.add(FieldError.invalid(selPath, selector, "empty selector is invalid for " + kindWord));
            }
        }
        if (!selectorErrs.isEmpty()) {
            errs.add(FieldError.invalid(selPath, selector, "invalid label selector"));
        } else {
            errs.addAll(PodSpecValidation.controllerTemplate(Fields.get(spec, "template"),
                    selector.isObject() ? selector : null, activeDeadlineKind, specPath.child("template")));
        }
        return errs;
    }

    /** An int-or-percent that is a non-negative integer or a {@code N%} string. */
    public static List<FieldError> positiveIntOrPercent(JsonNode v, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        if (v.isTextual()) {
            for (String m : Formats.percent(v.textValue())) {
                errs.add(FieldError.invalid(p, new Bare(v.textValue()), m));
            }
        } else if (v.isNumber()) {
            errs.addAll(ObjectMetaValidation.nonNegative(v.asLong(), p));
        } else if (!v.isMissingNode() && !v.isNull()) {
            errs.add(FieldError.invalid(p, v, "must be an integer or percentage (e.g '5%')"));
        }
        return errs;
    }

    /** The integer, or the percentage number of a {@code N%} string (0 when unparsable). */
    public static long intOrPercentValue(JsonNode v) {
        if (v.isNumber()) {
            return v.asLong();
        }
        String s = v.asText("");
        if (s.endsWith("%")) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static List<FieldError> notMoreThan100Percent(JsonNode v, FieldPath p) {
        if (v.isTextual() && v.textValue().endsWith("%") && Formats.percent(v.textValue()).isEmpty()
                && intOrPercentValue(v) > 100) {
            return List.of(FieldError.invalid(p, new Bare(v.textValue()), "must not be greater than 100%"));
        }
        return List.of();
    }

    /** maxUnavailable/maxSurge of a rolling update: valid, not both zero, at most 100% unavailable. */
    public static List<FieldError> rollingUpdate(JsonNode ru, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode maxUnavailable = Fields.get(ru, "maxUnavailable");
        JsonNode maxSurge = Fields.get(ru, "maxSurge");
        errs.addAll(positiveIntOrPercent(maxUnavailable, p.child("maxUnavailable")));
        errs.addAll(positiveIntOrPercent(maxSurge, p.child("maxSurge")));
        if (intOrPercentValue(maxUnavailable) == 0 && intOrPercentValue(maxSurge) == 0) {
            errs.add(FieldError.invalid(p.child("maxUnavailable"), bareIntOrString(maxUnavailable),
                    "may not be 0 when `maxSurge` is 0"));
        }
        errs.addAll(notMoreThan100Percent(maxUnavailable, p.child("maxUnavailable")));
        return errs;
    }

    /** An int-or-string as Go's String() prints it. */
    public static Bare bareIntOrString(JsonNode v) {
        return new Bare(v.isNumber() ? String.valueOf(v.asLong()) : v.asText("0").isEmpty() ? "0" : v.asText("0"));
    }

    /**
     * Update validation shared by Deployments, ReplicaSets and DaemonSets: metadata, the new spec as
     * on create, and a selector that may not change.
     */
    public static List<FieldError> updateWithImmutableSelector(ObjectNode obj, ObjectNode old,
                                                               Function<JsonNode, List<FieldError>> specRules) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        errs.addAll(specRules.apply(Fields.get(obj, "spec")));
        errs.addAll(ObjectMetaValidation.immutable(Fields.get(Fields.get(obj, "spec"), "selector"),
                Fields.get(Fields.get(old, "spec"), "selector"), FieldPath.root("spec").child("selector")));
        return errs;
    }

    /**
     * Status counters: non-negative, and not above {@code status.replicas}.
     *
     * @param bounded the counters that may not exceed {@code replicas}
     */
    public static List<FieldError> status(JsonNode status, List<String> counters, List<String> bounded) {
        List<FieldError> errs = new ArrayList<>();
        FieldPath p = FieldPath.root("status");
        for (String c : counters) {
            errs.addAll(ObjectMetaValidation.nonNegative(status, c, p));
        }
        long replicas = Fields.integer(status, "replicas", 0);
        for (String c : bounded) {
            long v = Fields.integer(status, c, 0);
            if (v > replicas) {
                errs.add(FieldError.invalid(p.child(c), v, "cannot be greater than status.replicas"));
            }
        }
        if (counters.contains("availableReplicas") && counters.contains("readyReplicas")
                && Fields.integer(status, "availableReplicas", 0) > Fields.integer(status, "readyReplicas", 0)) {
            errs.add(FieldError.invalid(p.child("availableReplicas"), Fields.integer(status, "availableReplicas", 0),
                    "cannot be greater than readyReplicas"));
        }
        return errs;
    }

    /** collisionCount may only grow. */
    public static List<FieldError> collisionCount(JsonNode status, JsonNode oldStatus) {
        Long now = Fields.integer(status, "collisionCount");
        Long before = Fields.integer(oldStatus, "collisionCount");
        boolean decremented = now == null ? before != null : before != null && now < before;
        if (decremented) {
            return List.of(FieldError.invalid(FieldPath.of("status", "collisionCount"), now == null ? 0 : now,
                    "cannot be decremented"));
        }
        return List.of();
    }
}
