package dev.tugboat.api.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.Formats;
import dev.tugboat.api.validation.JsonEquality;
import dev.tugboat.api.validation.LabelSelectors;
import dev.tugboat.api.validation.MetaRules;
import dev.tugboat.api.validation.NameRule;
import java.util.ArrayList;
import java.util.List;

/**
 * rbac.authorization.k8s.io/v1 Role, ClusterRole, RoleBinding and ClusterRoleBinding. Names are path
 * segments; binding role references are immutable.
 */
public final class RbacRules implements KindRules {

    /** The four RBAC kinds. */
    public enum Kind { ROLE, CLUSTER_ROLE, ROLE_BINDING, CLUSTER_ROLE_BINDING }

    static final String GROUP = "rbac.authorization.k8s.io";

    private final Kind kind;
    private final MetaRules meta;

    public RbacRules(Kind kind) {
        this.kind = kind;
        boolean namespaced = kind == Kind.ROLE || kind == Kind.ROLE_BINDING;
        this.meta = new MetaRules(namespaced, NameRule.PATH_SEGMENT);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        if (kind == Kind.ROLE_BINDING || kind == Kind.CLUSTER_ROLE_BINDING) {
            ObjectNode ref = Fields.objectOrNull(obj, "roleRef");
            if (ref != null) {
                Fields.defaultString(ref, "apiGroup", GROUP);
            }
            for (ObjectNode subject : Fields.objects(obj, "subjects")) {
                String k = Fields.str(subject, "kind");
                if ((k.equals("User") || k.equals("Group")) && !Fields.has(subject, "apiGroup")) {
                    subject.put("apiGroup", GROUP);
                }
            }
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(meta.validate(obj));
        errs.addAll(body(obj));
        return errs;
    }

    private List<FieldError> body(JsonNode obj) {
        return switch (kind) {
            case ROLE -> rules(obj, true);
            case CLUSTER_ROLE -> clusterRole(obj);
            case ROLE_BINDING, CLUSTER_ROLE_BINDING -> binding(obj);
        };
    }

    private static List<FieldError> rules(JsonNode role, boolean namespaced) {
        List<FieldError> errs = new ArrayList<>();
        List<JsonNode> rules = Fields.list(role, "rules");
        for (int i = 0; i < rules.size(); i++) {
            JsonNode rule = rules.get(i);
            FieldPath p = FieldPath.root("rules").index(i);
            if (Fields.list(rule, "verbs").isEmpty()) {
                errs.add(FieldError.required(p.child("verbs"), "verbs must contain at least one value"));
            }
            if (!Fields.list(rule, "nonResourceURLs").isEmpty()) {
                JsonNode urls = Fields.get(rule, "nonResourceURLs");
                if (namespaced) {
                    errs.add(FieldError.invalid(p.child("nonResourceURLs"), urls, "namespaced rules cannot apply to non-resource URLs"));
                }
                if (!Fields.list(rule, "apiGroups").isEmpty() || !Fields.list(rule, "resources").isEmpty()
                        || !Fields.list(rule, "resourceNames").isEmpty()) {
                    errs.add(FieldError.invalid(p.child("nonResourceURLs"), urls,
                            "rules cannot apply to both regular resources and non-resource URLs"));
                }
                continue;
            }
            if (Fields.list(rule, "apiGroups").isEmpty()) {
                errs.add(FieldError.required(p.child("apiGroups"), "resource rules must supply at least one api group"));
            }
            if (Fields.list(rule, "resources").isEmpty()) {
                errs.add(FieldError.required(p.child("resources"), "resource rules must supply at least one resource"));
            }
        }
        return errs;
    }

    private static List<FieldError> clusterRole(JsonNode role) {
        List<FieldError> errs = new ArrayList<>(rules(role, false));
        JsonNode aggregation = Fields.get(role, "aggregationRule");
        if (aggregation.isObject()) {
            List<JsonNode> selectors = Fields.list(aggregation, "clusterRoleSelectors");
            FieldPath p = FieldPath.of("aggregationRule", "clusterRoleSelectors");
            if (selectors.isEmpty()) {
                errs.add(FieldError.required(p, "at least one clusterRoleSelector required if aggregationRule is non-nil"));
            }
            for (int i = 0; i < selectors.size(); i++) {
                errs.addAll(LabelSelectors.validate(selectors.get(i), p.index(i)));
            }
        }
        return errs;
    }

    private List<FieldError> binding(JsonNode binding) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode ref = Fields.get(binding, "roleRef");
        FieldPath rp = FieldPath.root("roleRef");
        String group = Fields.str(ref, "apiGroup");
        if (!group.equals(GROUP)) {
            errs.add(FieldError.notSupported(rp.child("apiGroup"), group, List.of(GROUP)));
        }
        String refKind = Fields.str(ref, "kind");
        List<String> kinds = kind == Kind.ROLE_BINDING ? List.of("Role", "ClusterRole") : List.of("ClusterRole");
        if (!kinds.contains(refKind)) {
            errs.add(FieldError.notSupported(rp.child("kind"), refKind, kinds));
        }
        String name = Fields.str(ref, "name");
        if (name.isEmpty()) {
            errs.add(FieldError.required(rp.child("name"), ""));
        } else {
            for (String m : Formats.pathSegmentName(name, false)) {
                errs.add(FieldError.invalid(rp.child("name"), name, m));
            }
        }
        List<JsonNode> subjects = Fields.list(binding, "subjects");
        for (int i = 0; i < subjects.size(); i++) {
            errs.addAll(subject(subjects.get(i), kind == Kind.ROLE_BINDING, FieldPath.root("subjects").index(i)));
        }
        return errs;
    }

    private static List<FieldError> subject(JsonNode s, boolean namespacedBinding, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        String name = Fields.str(s, "name");
        if (name.isEmpty()) {
            errs.add(FieldError.required(p.child("name"), ""));
        }
        String kind = Fields.str(s, "kind");
        String group = Fields.str(s, "apiGroup");
        switch (kind) {
            case "ServiceAccount" -> {
                if (!name.isEmpty()) {
                    for (String m : NameRule.DNS1123_SUBDOMAIN.check(name, false)) {
                        errs.add(FieldError.invalid(p.child("name"), name, m));
                    }
                }
                if (!group.isEmpty()) {
                    errs.add(FieldError.notSupported(p.child("apiGroup"), group, List.of("")));
                }
                if (!namespacedBinding && Fields.str(s, "namespace").isEmpty()) {
                    errs.add(FieldError.required(p.child("namespace"), ""));
                }
            }
            case "User", "Group" -> {
                if (!group.equals(GROUP)) {
                    errs.add(FieldError.notSupported(p.child("apiGroup"), group, List.of(GROUP)));
                }
            }
            default -> errs.add(FieldError.notSupported(p.child("kind"), kind, List.of("ServiceAccount", "User", "Group")));
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(meta.validateUpdate(obj, old));
        errs.addAll(validate(obj));
        if ((kind == Kind.ROLE_BINDING || kind == Kind.CLUSTER_ROLE_BINDING)
                && !JsonEquality.equal(Fields.get(obj, "roleRef"), Fields.get(old, "roleRef"))) {
            errs.add(FieldError.invalid(FieldPath.root("roleRef"), Fields.get(obj, "roleRef"), "cannot change roleRef"));
        }
        return errs;
    }
}
