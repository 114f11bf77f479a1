package dev.tugboat.api.apiextensions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.Formats;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** apiextensions.k8s.io/v1 CustomResourceDefinition. */
public final class CustomResourceDefinitionRules implements KindRules {

    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final FieldPath METADATA = FieldPath.root("metadata");
    private static final List<String> COLUMN_TYPES = List.of("boolean", "date", "integer", "number", "string");
    private static final List<String> COLUMN_FORMATS = List.of("byte", "date", "date-time", "double", "float", "int32",
            "int64", "password");

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Fields.object(obj, "spec");
        ObjectNode names = Fields.object(spec, "names");
        String kind = Fields.str(names, "kind");
        if (!kind.isEmpty()) {
            Fields.defaultString(names, "singular", kind.toLowerCase(Locale.ROOT));
            Fields.defaultString(names, "listKind", kind + "List");
        }
        ObjectNode conversion = Fields.object(spec, "conversion");
        Fields.defaultString(conversion, "strategy", "None");
        ObjectNode service = Fields.objectOrNull(Fields.get(Fields.get(conversion, "webhook"), "clientConfig"), "service");
        if (service != null) {
            Fields.defaultInt(service, "port", 443);
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(meta(obj));
        errs.addAll(spec(Fields.get(obj, "spec")));
        errs.addAll(names(Fields.get(Fields.get(obj, "status"), "acceptedNames"), FieldPath.of("status", "acceptedNames")));
        return errs;
    }

    /** Generic object metadata, with the name required to be {@code <plural>.<group>}. */
    private static List<FieldError> meta(JsonNode crd) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = Fields.get(crd, "spec");
        String required = Fields.str(Fields.get(spec, "names"), "plural") + "." + Fields.str(spec, "group");
        String name = Meta.name(crd);
        for (FieldError e : ObjectMetaValidation.validateGeneric(crd, false, dev.tugboat.api.validation.NameRule.DNS1123_SUBDOMAIN)) {
            errs.add(e);
        }
        if (!name.isEmpty() && !name.equals(required)) {
            errs.add(FieldError.invalid(METADATA.child("name"), name, "must be spec.names.plural+\".\"+spec.group"));
        }
        return errs;
    }

    private static List<FieldError> spec(JsonNode spec) {
        List<FieldError> errs = new ArrayList<>();
        String group = Fields.str(spec, "group");
        if (group.isEmpty()) {
            errs.add(FieldError.required(SPEC.child("group"), ""));
        } else if (!Formats.dns1123Subdomain(group).isEmpty()) {
            errs.add(FieldError.invalid(SPEC.child("group"), group, String.join(",", Formats.dns1123Subdomain(group))));
        } else if (!group.contains(".")) {
            errs.add(FieldError.invalid(SPEC.child("group"), group, "should be a domain with at least one dot"));
        }
        String scope = Fields.str(spec, "scope");
        if (scope.isEmpty()) {
            errs.add(FieldError.required(SPEC.child("scope"), ""));
        } else if (!scope.equals("Cluster") && !scope.equals("Namespaced")) {
            errs.add(FieldError.notSupported(SPEC.child("scope"), scope, List.of("Cluster", "Namespaced")));
        }
        errs.addAll(versions(spec));
        JsonNode names = Fields.get(spec, "names");
        for (String f : List.of("plural", "singular", "kind", "listKind")) {
            if (Fields.str(names, f).isEmpty()) {
                errs.add(FieldError.required(SPEC.child("names").child(f), ""));
            }
        }
        errs.addAll(names(names, SPEC.child("names")));
        if (Fields.isTrue(spec, "preserveUnknownFields")) {
            errs.add(FieldError.invalid(SPEC.child("preserveUnknownFields"), true,
                    "cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead"));
        }
        errs.addAll(conversion(Fields.get(spec, "conversion"), SPEC.child("conversion")));
        return errs;
    }

    private static List<FieldError> versions(JsonNode spec) {
        List<FieldError> errs = new ArrayList<>();
        List<JsonNode> versions = Fields.list(spec, "versions");
        FieldPath vp = SPEC.child("versions");
        int storage = 0;
        boolean unique = true;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < versions.size(); i++) {
            JsonNode v = versions.get(i);
            FieldPath p = vp.index(i);
            if (Fields.isTrue(v, "storage")) {
                storage++;
            }
            String name = Fields.str(v, "name");
            unique &= seen.add(name);
            List<String> msgs = Formats.dns1035Label(name);
            if (!msgs.isEmpty()) {
                errs.add(FieldError.invalid(p.child("name"), name, String.join(",", msgs)));
            }
            JsonNode schema = Fields.get(Fields.get(v, "schema"), "openAPIV3Schema");
            if (!schema.isObject()) {
                errs.add(FieldError.required(p.child("schema").child("openAPIV3Schema"), "schemas are required"));
            } else {
                errs.addAll(StructuralSchemas.validate(schema, p.child("schema").child("openAPIV3Schema")));
            }
            errs.addAll(subresources(Fields.get(v, "subresources"), p.child("subresources")));
            List<JsonNode> columns = Fields.list(v, "additionalPrinterColumns");
            for (int c = 0; c < columns.size(); c++) {
                errs.addAll(column(columns.get(c), p.child("additionalPrinterColumns").index(c)));
            }
        }
        if (!unique) {
            errs.add(FieldError.invalid(vp, Fields.get(spec, "versions"), "must contain unique version names"));
        }
        if (storage != 1) {
            errs.add(FieldError.invalid(vp, Fields.get(spec, "versions"), "must have exactly one version marked as storage version"));
        }
        return errs;
    }

    private static List<FieldError> names(JsonNode names, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        for (String f : List.of("plural", "singular")) {
            String v = Fields.str(names, f);
            if (!v.isEmpty() && !Formats.dns1035Label(v).isEmpty()) {
                errs.add(FieldError.invalid(p.child(f), v, String.join(",", Formats.dns1035Label(v))));
            }
        }
        for (String f : List.of("kind", "listKind")) {
            String v = Fields.str(names, f);
            List<String> msgs = Formats.dns1035Label(v.toLowerCase(Locale.ROOT));
            if (!v.isEmpty() && !msgs.isEmpty()) {
                errs.add(FieldError.invalid(p.child(f), v, "may have mixed case, but should otherwise match: "
                        + String.join(",", msgs)));
            }
        }
        for (String list : List.of("shortNames", "categories")) {
            List<String> values = Fields.strings(names, list);
            for (int i = 0; i < values.size(); i++) {
                List<String> msgs = Formats.dns1035Label(values.get(i));
                if (!msgs.isEmpty()) {
                    errs.add(FieldError.invalid(p.child(list).index(i), values.get(i), String.join(",", msgs)));
                }
            }
        }
        String kind = Fields.str(names, "kind");
        if (!kind.isEmpty() && kind.equals(Fields.str(names, "listKind"))) {
            errs.add(FieldError.invalid(p.child("listKind"), kind, "kind and listKind may not be the same"));
        }
        return errs;
    }

    private static List<FieldError> subresources(JsonNode sub, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode scale = Fields.get(sub, "scale");
        if (!scale.isObject()) {
            return errs;
        }
        FieldPath sp = p.child("scale");
        errs.addAll(scalePath(scale, "specReplicasPath", sp, ".spec.", "should be a json path under .spec"));
        errs.addAll(scalePath(scale, "statusReplicasPath", sp, ".status.", "should be a json path under .status"));
        String selector = Fields.str(scale, "labelSelectorPath");
        if (Fields.has(scale, "labelSelectorPath")) {
            List<FieldError> pathErrs = simpleJsonPath(selector, sp.child("labelSelectorPath"));
            errs.addAll(pathErrs);
            if (pathErrs.isEmpty() && !selector.startsWith(".spec.") && !selector.startsWith(".status.")) {
                errs.add(FieldError.invalid(sp.child("labelSelectorPath"), selector,
                        "should be a json path under either .spec or .status"));
            }
        }
        return errs;
    }

    private static List<FieldError> scalePath(JsonNode scale, String field, FieldPath sp, String prefix, String message) {
        String v = Fields.str(scale, field);
        if (v.isEmpty()) {
            return List.of(FieldError.required(sp.child(field), ""));
        }
        List<FieldError> errs = simpleJsonPath(v, sp.child(field));
        if (errs.isEmpty() && !v.startsWith(prefix)) {
            return List.of(FieldError.invalid(sp.child(field), v, message));
        }
        return errs;
    }

    static List<FieldError> simpleJsonPath(String s, FieldPath p) {
        if (s.isEmpty()) {
            return List.of(FieldError.invalid(p, s, "must not be empty"));
        }
        if (s.charAt(0) != '.') {
            return List.of(FieldError.invalid(p, s, "must be a simple json path starting with ."));
        }
        return List.of();
    }

    private static List<FieldError> column(JsonNode col, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        if (Fields.str(col, "name").isEmpty()) {
            errs.add(FieldError.required(p.child("name"), ""));
        }
        String type = Fields.str(col, "type");
        if (type.isEmpty()) {
            errs.add(FieldError.required(p.child("type"), "must be one of " + String.join(",", COLUMN_TYPES)));
        } else if (!COLUMN_TYPES.contains(type)) {
            errs.add(FieldError.notSupported(p.child("type"), type, COLUMN_TYPES));
        }
        String format = Fields.str(col, "format");
        if (!format.isEmpty() && !COLUMN_FORMATS.contains(format)) {
            errs.add(FieldError.notSupported(p.child("format"), format, COLUMN_FORMATS));
        }
        errs.addAll(ObjectMetaValidation.nonNegative(col, "priority", p));
        String jsonPath = Fields.str(col, "jsonPath");
        if (jsonPath.isEmpty()) {
            errs.add(FieldError.required(p.child("JSONPath"), ""));
        } else {
            errs.addAll(simpleJsonPath(jsonPath, p.child("JSONPath")));
        }
        return errs;
    }

    private static List<FieldError> conversion(JsonNode conversion, FieldPath p) {
        List<FieldError> errs = new ArrayList<>();
        if (!conversion.isObject()) {
            return errs;
        }
        String strategy = Fields.str(conversion, "strategy");
        if (!strategy.equals("None") && !strategy.equals("Webhook")) {
            errs.add(FieldError.notSupported(p.child("strategy"), strategy, List.of("None", "Webhook")));
        }
        JsonNode webhook = Fields.get(conversion, "webhook");
        if (strategy.equals("Webhook")) {
            // Upstream reports these under the internal field names.
            if (!webhook.isObject() || !Fields.has(webhook, "clientConfig")) {
                errs.add(FieldError.required(p.child("webhookClientConfig"), "required when strategy is set to Webhook"));
            }
            if (Fields.list(webhook, "conversionReviewVersions").isEmpty()) {
                errs.add(FieldError.required(p.child("conversionReviewVersions"), "must include at least one of v1, v1beta1"));
            }
        } else if (Fields.has(webhook, "clientConfig")) {
            errs.add(FieldError.forbidden(p.child("webhookClientConfig"), "should not be set when strategy is not set to Webhook"));
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateUpdateGeneric(obj, old));
        JsonNode spec = Fields.get(obj, "spec");
        JsonNode oldSpec = Fields.get(old, "spec");
        errs.addAll(spec(spec));
        if (established(old)) {
            errs.addAll(ObjectMetaValidation.immutable(Fields.get(spec, "scope"), Fields.get(oldSpec, "scope"),
                    SPEC.child("scope")));
            errs.addAll(ObjectMetaValidation.immutable(Fields.get(Fields.get(spec, "names"), "kind"),
                    Fields.get(Fields.get(oldSpec, "names"), "kind"), SPEC.child("names").child("kind")));
        }
        errs.addAll(ObjectMetaValidation.immutable(Fields.get(spec, "group"), Fields.get(oldSpec, "group"), SPEC.child("group")));
        errs.addAll(ObjectMetaValidation.immutable(Fields.get(Fields.get(spec, "names"), "plural"),
                Fields.get(Fields.get(oldSpec, "names"), "plural"), SPEC.child("names").child("plural")));
        errs.addAll(names(Fields.get(Fields.get(obj, "status"), "acceptedNames"), FieldPath.of("status", "acceptedNames")));
        errs.addAll(storedVersions(obj));
        return errs;
    }

    private static boolean established(JsonNode crd) {
        for (JsonNode c : Fields.list(Fields.get(crd, "status"), "conditions")) {
            if (Fields.str(c, "type").equals("Established") && Fields.str(c, "status").equals("True")) {
                return true;
            }
        }
        return false;
    }

    /** Every stored version must still be listed in spec.versions. */
    private static List<FieldError> storedVersions(JsonNode crd) {
        List<FieldError> errs = new ArrayList<>();
        Set<String> declared = new HashSet<>();
        Fields.list(Fields.get(crd, "spec"), "versions").forEach(v -> declared.add(Fields.str(v, "name")));
        List<String> stored = Fields.strings(Fields.get(crd, "status"), "storedVersions");
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < stored.size(); i++) {
            index.put(stored.get(i), i);
        }
        for (int i = 0; i < stored.size(); i++) {
            String v = stored.get(i);
            if (!declared.contains(v) && index.get(v) == i) {
                errs.add(FieldError.invalid(FieldPath.of("status", "storedVersions").index(i), v, "must appear in spec.versions"));
            }
        }
        return errs;
    }

    @Override
    public List<FieldError> validateStatusUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateUpdateGeneric(obj, old));
        errs.addAll(names(Fields.get(Fields.get(obj, "status"), "acceptedNames"), FieldPath.of("status", "acceptedNames")));
        return errs;
    }
}
