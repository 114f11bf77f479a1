package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.MetaRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** core/v1 ResourceQuota: resource names and values, scopes, immutable scopes. */
public final class ResourceQuotaRules implements KindRules {

    private static final List<String> SCOPES = List.of("Terminating", "NotTerminating", "BestEffort", "NotBestEffort",
            "PriorityClass", "CrossNamespacePodAffinity", "VolumeAttributesClass");
    private static final Set<String> EXISTS_ONLY = Set.of("Terminating", "NotTerminating", "BestEffort", "NotBestEffort",
            "CrossNamespacePodAffinity");

    @Override
    public void applyDefaults(ObjectNode obj) {
        ResourceLists.defaultList(Fields.get(obj, "spec"), "hard");
        ResourceLists.defaultList(Fields.get(obj, "status"), "hard");
        ResourceLists.defaultList(Fields.get(obj, "status"), "used");
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validate(obj));
        errs.addAll(spec(Fields.get(obj, "spec")));
        errs.addAll(status(Fields.get(obj, "status")));
        return errs;
    }

    private static List<FieldError> lists(JsonNode parent, String field, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : Fields.entries(parent, field)) {
            FieldPath kp = p.key(e.getKey());
            errs.addAll(Resources.quotaResourceName(e.getKey(), kp));
            errs.addAll(Resources.quantityValue(e.getKey(), e.getValue(), kp));
        }
        return errs;
    }

    private static List<FieldError> status(JsonNode status) {
        List<FieldError> errs = new ArrayList<>(lists(status, "hard", FieldPath.of("status", "hard")));
        errs.addAll(lists(status, "used", FieldPath.of("status", "used")));
        return errs;
    }

    private static List<FieldError> spec(JsonNode spec) {
        List<FieldError> errs = new ArrayList<>(lists(spec, "hard", FieldPath.of("spec", "hard")));
        List<String> scopes = Fields.strings(spec, "scopes");
        FieldPath sp = FieldPath.of("spec", "scopes");
        Set<String> seen = new HashSet<>();
        for (String scope : scopes) {
            if (!SCOPES.contains(scope)) {
                errs.add(FieldError.invalid(sp, Fields.get(spec, "scopes"), "unsupported scope"));
            }
            seen.add(scope);
        }
        if (seen.containsAll(List.of("BestEffort", "NotBestEffort")) || seen.containsAll(List.of("Terminating", "NotTerminating"))) {
            errs.add(FieldError.invalid(sp, Fields.get(spec, "scopes"), "conflicting scopes"));
        }
        JsonNode selector = Fields.get(spec, "scopeSelector");
        List<JsonNode> exprs = Fields.list(selector, "matchExpressions");
        FieldPath ep = FieldPath.of("spec", "scopeSelector", "matchExpressions");
        for (JsonNode req : exprs) {
            String scope = Fields.str(req, "scopeName");
            String op = Fields.str(req, "operator");
            if (!SCOPES.contains(scope)) {
                errs.add(FieldError.invalid(ep.child("scopeName"), scope, "unsupported scope"));
            }
            if (EXISTS_ONLY.contains(scope) && !op.equals("Exists")) {
                errs.add(FieldError.invalid(ep.child("operator"), op, "must be 'Exists' when scope is any of"
                        + " ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort,"
                        + " ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity"));
            }
            List<String> values = Fields.strings(req, "values");
            switch (op) {
                case "In", "NotIn" -> {
                    if (values.isEmpty()) {
                        errs.add(FieldError.required(ep.child("values"),
                                "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector"));
                    }
                }
                case "Exists", "DoesNotExist" -> {
                    if (!values.isEmpty()) {
                        errs.add(FieldError.invalid(ep.child("values"), Fields.get(req, "values"),
                                "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector"));
                    }
                }
                default -> errs.add(FieldError.invalid(ep.child("operator"), op, "not a valid selector operator"));
            }
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        errs.addAll(spec(Fields.get(obj, "spec")));
        Set<String> now = new HashSet<>(Fields.strings(Fields.get(obj, "spec"), "scopes"));
        Set<String> before = new HashSet<>(Fields.strings(Fields.get(old, "spec"), "scopes"));
        if (!now.equals(before)) {
            errs.add(FieldError.invalid(FieldPath.of("spec", "scopes"), Fields.get(Fields.get(obj, "spec"), "scopes"),
                    "field is immutable"));
        }
        return errs;
    }

    @Override
    public List<FieldError> validateStatusUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        errs.addAll(status(Fields.get(obj, "status")));
        return errs;
    }
}
