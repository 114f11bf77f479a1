package dev.tugboat.api.apiextensions.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.Formats;
import dev.tugboat.api.validation.NameRule;
import dev.tugboat.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Upstream's {@code schemaobjectmeta.Validate} for the objects a schema marks
 * {@code x-kubernetes-embedded-resource}: {@code apiVersion} and {@code kind} are required strings
 * ({@code kind} a DNS-1035 label apart from case), and {@code metadata} must decode into ObjectMeta and
 * pass ObjectMeta validation with path-segment names (an empty name is allowed; a namespace, when set,
 * must be a DNS label). The resource root is not checked here; the server validates its metadata.
 * Paths read like upstream's: {@code spec.template.kind}, map values as {@code spec.objects[key]}.
 * Stateless and thread-safe.
 */
final class EmbeddedResources {

    private static final int MAX_FIELD_MANAGER = 128;
    private static final int MAX_SUBRESOURCE = 256;

    private EmbeddedResources() {
    }

    static List<FieldError> validate(JsonNode obj, SchemaProps root) {
        List<FieldError> errs = new ArrayList<>();
        walk(obj, root, "", errs);
        return errs;
    }

    private static void walk(JsonNode x, SchemaProps s, String path, List<FieldError> errs) {
        if (s == null) {
            return;
        }
        if (x.isObject()) {
            if (s.embeddedResource) {
                errs.addAll(embedded(path, x));
            }
            for (Map.Entry<String, JsonNode> e : x.properties()) {
                SchemaProps prop = s.properties.get(e.getKey());
                if (prop != null) {
                    walk(e.getValue(), prop, child(path, e.getKey()), errs);
                } else if (s.additionalSchema != null) {
                    walk(e.getValue(), s.additionalSchema, path + "[" + e.getKey() + "]", errs);
                }
            }
        } else if (x.isArray()) {
            for (int i = 0; i < x.size(); i++) {
                walk(x.get(i), s.items, path + "[" + i + "]", errs);
            }
        }
    }

    static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static List<FieldError> embedded(String path, JsonNode x) {
        List<FieldError> errs = new ArrayList<>();
        FieldPath apiVersionPath = FieldPath.root(child(path, "apiVersion"));
        FieldPath kindPath = FieldPath.root(child(path, "kind"));
        if (!x.has("apiVersion")) {
            errs.add(FieldError.required(apiVersionPath, ""));
        }
        if (!x.has("kind")) {
            errs.add(FieldError.required(kindPath, ""));
        }
        for (Map.Entry<String, JsonNode> e : x.properties()) {
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "apiVersion" -> {
                    if (!v.isTextual()) {
                        errs.add(FieldError.invalid(apiVersionPath, GoValue.errorValue(v), "must be a string"));
                    } else if (v.textValue().isEmpty()) {
                        errs.add(FieldError.required(apiVersionPath, ""));
                    } else if (v.textValue().chars().filter(c -> c == '/').count() > 1) {
                        errs.add(FieldError.invalid(apiVersionPath, v.textValue(),
                                "unexpected GroupVersion string: " + v.textValue()));
                    }
                }
                case "kind" -> {
                    if (!v.isTextual()) {
                        errs.add(FieldError.invalid(kindPath, GoValue.errorValue(v), "must be a string"));
                    } else if (v.textValue().isEmpty()) {
                        errs.add(FieldError.required(kindPath, ""));
                    } else {
                        List<String> msgs = Formats.dns1035Label(v.textValue().toLowerCase(Locale.ROOT));
                        if (!msgs.isEmpty()) {
                            errs.add(FieldError.invalid(kindPath, v.textValue(),
                                    "may have mixed case, but should otherwise match: " + String.join(",", msgs)));
                        }
                    }
                }
                case "metadata" -> errs.addAll(metadata(FieldPath.root(child(path, "metadata")), v));
                default -> {
                    // other fields belong to the embedded object's own schema
                }
            }
        }
        return errs;
    }

    private static List<FieldError> metadata(FieldPath path, JsonNode meta) {
        String decodeError = EmbeddedObjectMeta.typeError(meta);
        if (decodeError != null) {
            return List.of(FieldError.invalid(path, GoValue.errorValue(meta), decodeError));
        }
        List<FieldError> errs = new ArrayList<>();
        String generateName = Fields.str(meta, "generateName");
        if (!generateName.isEmpty()) {
            for (String msg : NameRule.PATH_SEGMENT.check(generateName, true)) {
                errs.add(FieldError.invalid(path.child("generateName"), generateName, msg));
            }
        }
        // Upstream validates an unnamed embedded object as if it were called "fakename".
        String name = Fields.str(meta, "name").isEmpty() ? "fakename" : Fields.str(meta, "name");
        for (String msg : NameRule.PATH_SEGMENT.check(name, false)) {
            errs.add(FieldError.invalid(path.child("name"), name, msg));
        }
        String namespace = Fields.str(meta, "namespace");
        if (!namespace.isEmpty()) {
            for (String msg : NameRule.DNS1123_LABEL.check(namespace, false)) {
                errs.add(FieldError.invalid(path.child("namespace"), namespace, msg));
            }
        }
        errs.addAll(ObjectMetaValidation.nonNegative(meta, "generation", path));
        errs.addAll(ObjectMetaValidation.labels(Fields.get(meta, "labels"), path.child("labels")));
        errs.addAll(ObjectMetaValidation.annotations(Fields.get(meta, "annotations"), path.child("annotations")));
        errs.addAll(ObjectMetaValidation.ownerReferences(Fields.get(meta, "ownerReferences"),
                path.child("ownerReferences")));
        errs.addAll(ObjectMetaValidation.finalizers(Fields.strings(meta, "finalizers"), path.child("finalizers")));
        errs.addAll(managedFields(Fields.get(meta, "managedFields"), path.child("managedFields")));
        return errs;
    }

    /** apimachinery's {@code ValidateManagedFields}. */
    private static List<FieldError> managedFields(JsonNode entries, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        if (entries == null || !entries.isArray()) {
            return errs;
        }
        for (int i = 0; i < entries.size(); i++) {
            JsonNode e = entries.get(i);
            FieldPath p = path.index(i);
            String operation = Fields.str(e, "operation");
            if (!operation.equals("Apply") && !operation.equals("Update")) {
                errs.add(FieldError.invalid(p.child("operation"), operation, "must be `Apply` or `Update`"));
            }
            String fieldsType = Fields.str(e, "fieldsType");
            if (!fieldsType.isEmpty() && !fieldsType.equals("FieldsV1")) {
                errs.add(FieldError.invalid(p.child("fieldsType"), fieldsType, "must be `FieldsV1`"));
            }
            String manager = Fields.str(e, "manager");
            if (manager.length() > MAX_FIELD_MANAGER) {
                errs.add(FieldError.tooLong(p.child("manager"), MAX_FIELD_MANAGER));
            } else if (!manager.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
                errs.add(FieldError.invalid(p.child("manager"), manager, "must only contain printable characters"));
            }
            if (Fields.str(e, "subresource").length() > MAX_SUBRESOURCE) {
                errs.add(FieldError.tooLong(p.child("subresource"), MAX_SUBRESOURCE));
            }
        }
        return errs;
    }
}
