package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.Formats;
import dev.tugboat.api.validation.LabelSelectors;
import dev.tugboat.api.validation.NameRule;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Affinity, tolerations, taints and topology spread constraints. */
final class SchedulingValidation {

    static final List<String> TAINT_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private SchedulingValidation() {
    }

    static List<FieldError> affinity(JsonNode affinity, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        if (!affinity.isObject()) {
            return errs;
        }
        JsonNode na = Fields.get(affinity, "nodeAffinity");
        if (na.isObject()) {
            FieldPath np = p.child("nodeAffinity");
            JsonNode required = Fields.get(na, "requiredDuringSchedulingIgnoredDuringExecution");
            if (required.isObject()) {
                errs.addAll(nodeSelector(required, false, np.child("requiredDuringSchedulingIgnoredDuringExecution")));
            }
            List<JsonNode> preferred = Fields.list(na, "preferredDuringSchedulingIgnoredDuringExecution");
            FieldPath pp = np.child("preferredDuringSchedulingIgnoredDuringExecution");
            for (int i = 0; i < preferred.size(); i++) {
                long weight = Fields.integer(preferred.get(i), "weight", 0);
                if (weight <= 0 || weight > 100) {
                    errs.add(FieldError.invalid(pp.index(i).child("weight"), weight, "must be in the range 1-100"));
                }
                errs.addAll(nodeSelectorTerm(Fields.get(preferred.get(i), "preference"), true,
                        pp.index(i).child("preference")));
            }
        }
        for (String kind : List.of("podAffinity", "podAntiAffinity")) {
            JsonNode pa = Fields.get(affinity, kind);
            if (!pa.isObject()) {
                continue;
            }
            FieldPath kp = p.child(kind);
            List<JsonNode> required = Fields.list(pa, "requiredDuringSchedulingIgnoredDuringExecution");
            for (int i = 0; i < required.size(); i++) {
                errs.addAll(podAffinityTerm(required.get(i),
                        kp.child("requiredDuringSchedulingIgnoredDuringExecution").index(i)));
            }
            List<JsonNode> preferred = Fields.list(pa, "preferredDuringSchedulingIgnoredDuringExecution");
            FieldPath pp = kp.child("preferredDuringSchedulingIgnoredDuringExecution");
            for (int i = 0; i < preferred.size(); i++) {
                long weight = Fields.integer(preferred.get(i), "weight", 0);
                if (weight <= 0 || weight > 100) {
                    errs.add(FieldError.invalid(pp.index(i).child("weight"), weight, "must be in the range 1-100"));
                }
                errs.addAll(podAffinityTerm(Fields.get(preferred.get(i), "podAffinityTerm"),
                        pp.index(i).child("podAffinityTerm")));
            }
        }
        return errs;
    }

    static List<FieldError> nodeSelector(JsonNode selector, boolean allowInvalidValues, FieldPath p) {
        List<JsonNode> terms = Fields.list(selector, "nodeSelectorTerms");
        if (terms.isEmpty()) {
            return List.of(FieldError.required(p.child("nodeSelectorTerms"), "must have at least one node selector term"));
        }
        List<FieldError> errs = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            errs.addAll(nodeSelectorTerm(terms.get(i), allowInvalidValues, p.child("nodeSelectorTerms").index(i)));
        }
        return errs;
    }

    private static List<FieldError> nodeSelectorTerm(JsonNode term, boolean allowInvalidValues, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        List<JsonNode> exprs = Fields.list(term, "matchExpressions");
        for (int j = 0; j < exprs.size(); j++) {
            errs.addAll(nodeRequirement(exprs.get(j), allowInvalidValues, p.child("matchExpressions").index(j)));
        }
        List<JsonNode> fields = Fields.list(term, "matchFields");
        for (int j = 0; j < fields.size(); j++) {
            JsonNode req = fields.get(j);
            FieldPath fp = p.child("matchFields").index(j);
            String op = Fields.str(req, "operator");
            List<String> values = Fields.strings(req, "values");
            if (op.equals("In") || op.equals("NotIn")) {
                if (values.size() != 1) {
                    errs.add(FieldError.required(fp.child("values"),
                            "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
                }
            } else {
                errs.add(FieldError.invalid(fp.child("operator"), op, "not a valid selector operator"));
            }
            String key = Fields.str(req, "key");
            if (!key.equals("metadata.name")) {
                errs.add(FieldError.invalid(fp.child("key"), key, "not a valid field selector key"));
            } else {
                for (int v = 0; v < values.size(); v++) {
                    for (String m : NameRule.DNS1123_SUBDOMAIN.check(values.get(v), false)) {
                        errs.add(FieldError.invalid(fp.child("values").index(v), values.get(v), m));
                    }
                }
            }
        }
        return errs;
    }

    private static List<FieldError> nodeRequirement(JsonNode req, boolean allowInvalidValues, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        String op = Fields.str(req, "operator");
        List<String> values = Fields.strings(req, "values");
        switch (op) {
            case "In", "NotIn" -> {
                if (values.isEmpty()) {
                    errs.add(FieldError.required(p.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
                }
            }
            case "Exists", "DoesNotExist" -> {
                if (!values.isEmpty()) {
                    errs.add(FieldError.forbidden(p.child("values"),
                            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                }
            }
            case "Gt", "Lt" -> {
                if (values.size() != 1) {
                    errs.add(FieldError.required(p.child("values"),
                            "must be specified single value when `operator` is 'Lt' or 'Gt'"));
                }
            }
            default -> errs.add(FieldError.invalid(p.child("operator"), op, "not a valid selector operator"));
        }
        errs.addAll(ObjectMetaValidation.labelName(Fields.str(req, "key"), p.child("key")));
        if (!allowInvalidValues) {
            for (int i = 0; i < values.size(); i++) {
                for (String m : Formats.labelValue(values.get(i))) {
                    errs.add(FieldError.invalid(p.child("values").index(i), values.get(i), m));
                }
            }
        }
        return errs;
    }

    private static List<FieldError> podAffinityTerm(JsonNode term, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        errs.addAll(LabelSelectors.validate(Fields.get(term, "labelSelector"), p.child("labelSelector")));
        errs.addAll(LabelSelectors.validate(Fields.get(term, "namespaceSelector"), p.child("namespaceSelector")));
        for (String ns : Fields.strings(term, "namespaces")) {
            for (String m : Formats.dns1123Label(ns)) {
                errs.add(FieldError.invalid(p.child("namespace"), ns, m));
            }
        }
        JsonNode selector = Fields.get(term, "labelSelector");
        for (String list : List.of("matchLabelKeys", "mismatchLabelKeys")) {
            List<String> keys = Fields.strings(term, list);
            if (keys.isEmpty()) {
                continue;
            }
            if (!selector.isObject()) {
                errs.add(FieldError.forbidden(p.child(list), "must not be specified when labelSelector is not set"));
                continue;
            }
            for (int i = 0; i < keys.size(); i++) {
                errs.addAll(ObjectMetaValidation.labelName(keys.get(i), p.child(list).index(i)));
            }
        }
        List<String> match = Fields.strings(term, "matchLabelKeys");
        Set<String> mismatch = new HashSet<>(Fields.strings(term, "mismatchLabelKeys"));
        for (int i = 0; i < match.size(); i++) {
            if (mismatch.contains(match.get(i))) {
                errs.add(FieldError.invalid(p.child("matchLabelKeys").index(i), match.get(i),
                        "exists in both matchLabelKeys and mismatchLabelKeys"));
            }
        }
        String topologyKey = Fields.str(term, "topologyKey");
        if (topologyKey.isEmpty()) {
            errs.add(FieldError.required(p.child("topologyKey"), "can not be empty"));
        }
        errs.addAll(ObjectMetaValidation.labelName(topologyKey, p.child("topologyKey")));
        return errs;
    }

    static List<FieldError> tolerations(List<JsonNode> tolerations, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        for (int i = 0; i < tolerations.size(); i++) {
            JsonNode t = tolerations.get(i);
            FieldPath p = path.index(i);
            String key = Fields.str(t, "key");
            String op = Fields.str(t, "operator");
            String effect = Fields.str(t, "effect");
            String value = Fields.str(t, "value");
            if (!key.isEmpty()) {
                errs.addAll(ObjectMetaValidation.labelName(key, p.child("key")));
            }
            if (key.isEmpty() && !op.equals("Exists")) {
                errs.add(FieldError.invalid(p.child("operator"), op,
                        "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            }
            if (Fields.has(t, "tolerationSeconds") && !effect.equals("NoExecute")) {
                errs.add(FieldError.invalid(p.child("effect"), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
            }
            switch (op) {
                case "Equal", "" -> {
                    List<String> msgs = Formats.labelValue(value);
                    if (!msgs.isEmpty()) {
                        errs.add(FieldError.invalid(p.child("operator"), value, String.join(";", msgs)));
                    }
                }
                case "Exists" -> {
                    if (!value.isEmpty()) {
                        errs.add(FieldError.invalid(p.child("operator"), value, "value must be empty when `operator` is 'Exists'"));
                    }
                }
                default -> errs.add(FieldError.notSupported(p.child("operator"), op, List.of("Equal", "Exists")));
            }
            if (!effect.isEmpty() && !TAINT_EFFECTS.contains(effect)) {
                errs.add(FieldError.notSupported(p.child("effect"), effect, TAINT_EFFECTS));
            }
        }
        return errs;
    }

    static List<FieldError> taints(List<JsonNode> taints, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        Set<String> unique = new HashSet<>();
        for (int i = 0; i < taints.size(); i++) {
            JsonNode t = taints.get(i);
            FieldPath p = path.index(i);
            String key = Fields.str(t, "key");
            errs.addAll(ObjectMetaValidation.labelName(key, p.child("key")));
            List<String> msgs = Formats.labelValue(Fields.str(t, "value"));
            if (!msgs.isEmpty()) {
                errs.add(FieldError.invalid(p.child("value"), Fields.str(t, "value"), String.join(";", msgs)));
            }
            String effect = Fields.str(t, "effect");
            if (effect.isEmpty()) {
                errs.add(FieldError.required(p.child("effect"), ""));
            } else if (!TAINT_EFFECTS.contains(effect)) {
                errs.add(FieldError.notSupported(p.child("effect"), effect, TAINT_EFFECTS));
            }
            if (!unique.add(effect + "\u0000" + key)) {
                errs.add(new FieldError(FieldError.Type.DUPLICATE, p.toString(), t, "taints must be unique by key and effect pair"));
            }
        }
        return errs;
    }

    static List<FieldError> topologySpread(List<JsonNode> constraints, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        for (int i = 0; i < constraints.size(); i++) {
            JsonNode c = constraints.get(i);
            FieldPath p = path.index(i);
            long maxSkew = Fields.integer(c, "maxSkew", 0);
            if (maxSkew <= 0) {
                errs.add(FieldError.invalid(p.child("maxSkew"), maxSkew, "must be greater than zero"));
            }
            String topologyKey = Fields.str(c, "topologyKey");
            if (topologyKey.isEmpty()) {
                errs.add(FieldError.required(p.child("topologyKey"), "can not be empty"));
            }
            String when = Fields.str(c, "whenUnsatisfiable");
            if (!when.equals("DoNotSchedule") && !when.equals("ScheduleAnyway")) {
                errs.add(FieldError.notSupported(p.child("whenUnsatisfiable"), when, List.of("DoNotSchedule", "ScheduleAnyway")));
            }
            for (int j = i + 1; j < constraints.size(); j++) {
                JsonNode other = constraints.get(j);
                if (topologyKey.equals(Fields.str(other, "topologyKey")) && when.equals(Fields.str(other, "whenUnsatisfiable"))) {
                    errs.add(FieldError.duplicate(p.child("{topologyKey, whenUnsatisfiable}"),
                            "{" + topologyKey + ", " + when + "}"));
                    break;
                }
            }
            Long minDomains = Fields.integer(c, "minDomains");
            if (minDomains != null) {
                if (minDomains <= 0) {
                    errs.add(FieldError.invalid(p.child("minDomains"), minDomains, "must be greater than zero"));
                }
                if (!when.equals("DoNotSchedule")) {
                    errs.add(FieldError.invalid(p.child("minDomains"), minDomains,
                            "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not " + when));
                }
            }
            for (String policy : List.of("nodeAffinityPolicy", "nodeTaintsPolicy")) {
                if (Fields.has(c, policy) && !List.of("Honor", "Ignore").contains(Fields.str(c, policy))) {
                    errs.add(FieldError.notSupported(p.child(policy), Fields.str(c, policy), List.of("Honor", "Ignore")));
                }
            }
            JsonNode selector = Fields.get(c, "labelSelector");
            List<String> keys = Fields.strings(c, "matchLabelKeys");
            if (!keys.isEmpty()) {
                Set<String> selectorKeys = new HashSet<>(Fields.stringMap(selector, "matchLabels").keySet());
                Fields.list(selector, "matchExpressions").forEach(e -> selectorKeys.add(Fields.str(e, "key")));
                if (!selector.isObject()) {
                    errs.add(FieldError.forbidden(p.child("matchLabelKeys"), "must not be specified when labelSelector is not set"));
                }
                for (int k = 0; k < keys.size(); k++) {
                    errs.addAll(ObjectMetaValidation.labelName(keys.get(k), p.child("matchLabelKeys").index(k)));
                    if (selectorKeys.contains(keys.get(k))) {
                        errs.add(FieldError.invalid(p.child("matchLabelKeys").index(k), keys.get(k),
                                "exists in both matchLabelKeys and labelSelector"));
                    }
                }
            }
            errs.addAll(LabelSelectors.validate(selector, p.child("labelSelector")));
        }
        return errs;
    }
}
