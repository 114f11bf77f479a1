package dev.tugboat.api.networking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.Formats;
import dev.tugboat.api.validation.MetaRules;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;

/** networking.k8s.io/v1 IngressClass: a domain-prefixed controller (immutable) and parameters. */
public final class IngressClassRules implements KindRules {

    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final int MAX_CONTROLLER = 250;

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode params = Fields.objectOrNull(Fields.get(obj, "spec"), "parameters");
        if (params != null) {
            Fields.defaultString(params, "scope", "Cluster");
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.CLUSTER.validate(obj));
        JsonNode spec = Fields.get(obj, "spec");
        String controller = Fields.str(spec, "controller");
        FieldPath cp = SPEC.child("controller");
        if (controller.isEmpty()) {
            errs.add(FieldError.required(cp, ""));
        } else {
            errs.addAll(domainPrefixedPath(controller, cp));
            if (controller.length() > MAX_CONTROLLER) {
                errs.add(FieldError.tooLong(cp, MAX_CONTROLLER));
            }
        }
        JsonNode params = Fields.get(spec, "parameters");
        if (params.isObject()) {
            FieldPath pp = SPEC.child("parameters");
            if (Fields.str(params, "kind").isEmpty()) {
                errs.add(FieldError.required(pp.child("kind"), ""));
            }
            if (Fields.str(params, "name").isEmpty()) {
                errs.add(FieldError.required(pp.child("name"), ""));
            }
            String scope = Fields.str(params, "scope");
            if (!scope.equals("Cluster") && !scope.equals("Namespace")) {
                errs.add(FieldError.notSupported(pp.child("scope"), scope, List.of("Cluster", "Namespace")));
            }
            if (scope.equals("Namespace") && Fields.str(params, "namespace").isEmpty()) {
                errs.add(FieldError.required(pp.child("namespace"), "`parameters.scope` is set to 'Namespace'"));
            }
            if (scope.equals("Cluster") && Fields.has(params, "namespace")) {
                errs.add(FieldError.forbidden(pp.child("namespace"), "`parameters.scope` is set to 'Cluster'"));
            }
        }
        return errs;
    }

    /** {@code acme.io/foo}: a DNS subdomain, a slash, and HTTP path characters. */
    static List<FieldError> domainPrefixedPath(String value, FieldPath p) {
        String[] parts = value.split("/", 2);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return List.of(FieldError.invalid(p, value, "must be a domain-prefixed path (such as \"acme.io/foo\")"));
        }
        List<FieldError> errs = new ArrayList<>();
        for (String m : Formats.dns1123Subdomain(parts[0])) {
            errs.add(FieldError.invalid(p, parts[0], m));
        }
        if (!parts[1].matches("[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+")) {
            errs.add(FieldError.invalid(p, parts[1], Formats.regexError("Invalid path", "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+")));
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.CLUSTER.validateUpdate(obj, old));
        errs.addAll(validate(obj));
        errs.addAll(ObjectMetaValidation.immutable(Fields.get(Fields.get(obj, "spec"), "controller"),
                Fields.get(Fields.get(old, "spec"), "controller"), SPEC.child("controller")));
        return errs;
    }
}
