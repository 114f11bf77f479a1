package dev.tugboat.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code metadata} checks shared by every kind, as apimachinery's {@code ValidateObjectMeta} and
 * {@code ValidateObjectMetaUpdate} plus core's finalizer-name rule. Stateless and thread-safe.
 */
public final class ObjectMetaValidation {

    /** The total size limit of annotations (keys plus values) in bytes. */
    public static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
    public static final String FIELD_IMMUTABLE = "field is immutable";
    public static final String NEGATIVE = "must be greater than or equal to 0";

    private static final FieldPath METADATA = FieldPath.root("metadata");
    private static final Set<String> STANDARD_FINALIZERS = Set.of("kubernetes", "orphan", "foregroundDeletion");
    private static final DateTimeFormatter GO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '+0000 UTC'").withZone(ZoneOffset.UTC);

    private ObjectMetaValidation() {
    }

    /** Create-time checks of {@code obj.metadata}; name generation has already happened. */
    public static List<FieldError> validate(JsonNode obj, boolean namespaced, NameRule nameRule) {
        List<FieldError> errs = validateGeneric(obj, namespaced, nameRule);
        errs.addAll(kubeFinalizerNames(Fields.strings(Fields.get(obj, "metadata"), "finalizers"),
                METADATA.child("finalizers")));
        return errs;
    }

    /**
     * apimachinery's create-time checks, without kube-apiserver's standard-finalizer rule: what
     * apiextensions-apiserver applies to CRDs and custom resources.
     */
    public static List<FieldError> validateGeneric(JsonNode obj, boolean namespaced, NameRule nameRule) {
        JsonNode meta = Fields.get(obj, "metadata");
        List<FieldError> errs = new ArrayList<>();
        String generateName = Fields.str(meta, "generateName");
        if (!generateName.isEmpty()) {
            for (String msg : nameRule.check(generateName, true)) {
                errs.add(FieldError.invalid(METADATA.child("generateName"), generateName, msg));
            }
        }
        String name = Fields.str(meta, "name");
        if (name.isEmpty()) {
            errs.add(FieldError.required(METADATA.child("name"), "name or generateName is required"));
        } else {
            for (String msg : nameRule.check(name, false)) {
                errs.add(FieldError.invalid(METADATA.child("name"), name, msg));
            }
        }
        String namespace = Fields.str(meta, "namespace");
        if (namespaced) {
            if (namespace.isEmpty()) {
                errs.add(FieldError.required(METADATA.child("namespace"), ""));
            } else {
                for (String msg : NameRule.DNS1123_LABEL.check(namespace, false)) {
                    errs.add(FieldError.invalid(METADATA.child("namespace"), namespace, msg));
                }
            }
        } else if (!namespace.isEmpty()) {
            errs.add(FieldError.forbidden(METADATA.child("namespace"), "not allowed on this type"));
        }
        errs.addAll(common(meta));
        return errs;
    }

    /** Update-time checks: immutable identity, resourceVersion required, generation not decreasing. */
    public static List<FieldError> validateUpdate(JsonNode obj, JsonNode old) {
        List<FieldError> errs = validateUpdateGeneric(obj, old);
        errs.addAll(kubeFinalizerNames(Fields.strings(Fields.get(obj, "metadata"), "finalizers"),
                METADATA.child("finalizers")));
        return errs;
    }

    /** apimachinery's update-time checks, without kube-apiserver's standard-finalizer rule. */
    public static List<FieldError> validateUpdateGeneric(JsonNode obj, JsonNode old) {
        JsonNode meta = Fields.get(obj, "metadata");
        JsonNode oldMeta = Fields.get(old, "metadata");
        List<FieldError> errs = new ArrayList<>();
        if (Fields.has(oldMeta, "deletionTimestamp")) {
            errs.addAll(noNewFinalizers(Fields.strings(meta, "finalizers"), Fields.strings(oldMeta, "finalizers"),
                    METADATA.child("finalizers")));
        }
        String rv = Fields.str(meta, "resourceVersion");
        if (rv.isEmpty()) {
            errs.add(FieldError.invalid(METADATA.child("resourceVersion"), rv, "must be specified for an update"));
        }
        long generation = Fields.integer(meta, "generation", 0);
        if (generation < Fields.integer(oldMeta, "generation", 0)) {
            errs.add(FieldError.invalid(METADATA.child("generation"), generation, "must not be decremented"));
        }
        for (String f : List.of("name", "namespace", "uid")) {
            if (!Fields.str(meta, f).equals(Fields.str(oldMeta, f))) {
                errs.add(FieldError.invalid(METADATA.child(f), Fields.str(meta, f), FIELD_IMMUTABLE));
            }
        }
        for (String f : List.of("creationTimestamp", "deletionTimestamp")) {
            if (!Fields.str(meta, f).equals(Fields.str(oldMeta, f))) {
                errs.add(FieldError.invalid(METADATA.child(f), goTime(Fields.str(meta, f)), FIELD_IMMUTABLE));
            }
        }
        if (!JsonEquality.equal(Fields.get(meta, "deletionGracePeriodSeconds"),
                Fields.get(oldMeta, "deletionGracePeriodSeconds"))) {
            Long v = Fields.integer(meta, "deletionGracePeriodSeconds");
            errs.add(FieldError.invalid(METADATA.child("deletionGracePeriodSeconds"), v, FIELD_IMMUTABLE));
        }
        errs.addAll(labels(Fields.get(meta, "labels"), METADATA.child("labels")));
        errs.addAll(annotations(Fields.get(meta, "annotations"), METADATA.child("annotations")));
        errs.addAll(ownerReferences(Fields.get(meta, "ownerReferences"), METADATA.child("ownerReferences")));
        return errs;
    }

    private static List<FieldError> common(JsonNode meta) {
        List<FieldError> errs = new ArrayList<>();
        long generation = Fields.integer(meta, "generation", 0);
        if (generation < 0) {
            errs.add(FieldError.invalid(METADATA.child("generation"), generation, NEGATIVE));
        }
        errs.addAll(labels(Fields.get(meta, "labels"), METADATA.child("labels")));
        errs.addAll(annotations(Fields.get(meta, "annotations"), METADATA.child("annotations")));
        errs.addAll(ownerReferences(Fields.get(meta, "ownerReferences"), METADATA.child("ownerReferences")));
        List<String> finalizers = Fields.strings(meta, "finalizers");
        errs.addAll(finalizers(finalizers, METADATA.child("finalizers")));
        return errs;
    }

    /** A Go {@code time.Time} as its String() prints it, for immutable timestamp errors. */
    private static Object goTime(String rfc3339) {
        return Timestamps.parse(rfc3339).<Object>map(t -> new Bare(GO_TIME.format(t)))
                .orElse(new Bare("0001-01-01 00:00:00 +0000 UTC"));
    }

    /** Each key must be a qualified name and each value a label value; errors name the map, not the key. */
    public static List<FieldError> labels(JsonNode labels, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        if (labels == null || !labels.isObject()) {
            return errs;
        }
        for (Map.Entry<String, JsonNode> e : labels.properties()) {
            errs.addAll(labelName(e.getKey(), path));
            String v = e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().asText();
            for (String msg : Formats.labelValue(v)) {
                errs.add(FieldError.invalid(path, v, msg));
            }
        }
        return errs;
    }

    /** A qualified name, reported against {@code path}. */
    public static List<FieldError> labelName(String name, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        for (String msg : Formats.qualifiedName(name)) {
            errs.add(FieldError.invalid(path, name, msg));
        }
        return errs;
    }

    /** Keys are qualified names compared case-insensitively; the total size is limited. */
    public static List<FieldError> annotations(JsonNode annotations, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        if (annotations == null || !annotations.isObject()) {
            return errs;
        }
        long size = 0;
        for (Map.Entry<String, JsonNode> e : annotations.properties()) {
            for (String msg : Formats.qualifiedName(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
                errs.add(FieldError.invalid(path, e.getKey(), msg));
            }
            String v = e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().asText();
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length + v.getBytes(StandardCharsets.UTF_8).length;
        }
        if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
            errs.add(FieldError.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
        }
        return errs;
    }

    public static List<FieldError> ownerReferences(JsonNode refs, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        if (refs == null || !refs.isArray()) {
            return errs;
        }
        String firstController = "";
        for (JsonNode ref : refs) {
            String apiVersion = Fields.str(ref, "apiVersion");
            String kind = Fields.str(ref, "kind");
            GroupVersionKind gvk = apiVersion.isEmpty() ? new GroupVersionKind("", "", kind)
                    : GroupVersionKind.of(apiVersion, kind);
            if (gvk.version().isEmpty()) {
                errs.add(FieldError.invalid(path.child("apiVersion"), apiVersion, "version must not be empty"));
            }
            if (kind.isEmpty()) {
                errs.add(FieldError.invalid(path.child("kind"), kind, "must not be empty"));
            }
            if (Fields.str(ref, "name").isEmpty()) {
                errs.add(FieldError.invalid(path.child("name"), "", "must not be empty"));
            }
            if (Fields.str(ref, "uid").isEmpty()) {
                errs.add(FieldError.invalid(path.child("uid"), "", "must not be empty"));
            }
            if (gvk.group().isEmpty() && gvk.version().equals("v1") && kind.equals("Event")) {
                errs.add(FieldError.invalid(path, ref, "/v1, Kind=Event is disallowed from being an owner"));
            }
            if (Fields.isTrue(ref, "controller")) {
                String current = kind + "/" + Fields.str(ref, "name");
                if (!firstController.isEmpty()) {
                    errs.add(FieldError.invalid(path, refs, "Only one reference can have Controller set to true."
                            + " Found \"true\" in references for " + firstController + " and " + current));
                } else {
                    firstController = current;
                }
            }
        }
        return errs;
    }

    /** Qualified names, and not both {@code orphan} and {@code foregroundDeletion}. */
    public static List<FieldError> finalizers(List<String> finalizers, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        for (String f : finalizers) {
            for (String msg : Formats.qualifiedName(f)) {
                errs.add(FieldError.invalid(path, f, msg));
            }
        }
        if (finalizers.contains("orphan") && finalizers.contains("foregroundDeletion")) {
            errs.add(FieldError.invalid(path, new Bare(goStringSlice(finalizers)),
                    "finalizer orphan and foregroundDeletion cannot be both set"));
        }
        return errs;
    }

    /** Unqualified finalizer names must be one of the standard ones. */
    public static List<FieldError> kubeFinalizerNames(List<String> finalizers, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        for (int i = 0; i < finalizers.size(); i++) {
            String f = finalizers.get(i);
            if (!f.contains("/") && !STANDARD_FINALIZERS.contains(f)) {
                errs.add(FieldError.invalid(path.index(i), f,
                        "name is neither a standard finalizer name nor is it fully qualified"));
            }
        }
        return errs;
    }

    static List<FieldError> noNewFinalizers(List<String> now, List<String> before, FieldPath path) {
        Set<String> extra = new TreeSet<>(now);
        extra.removeAll(before);
        if (extra.isEmpty()) {
            return List.of();
        }
        return List.of(FieldError.forbidden(path, "no new finalizers can be added if the object is being deleted,"
                + " found new finalizers " + goStringSlice(List.copyOf(extra))));
    }

    /** Go's {@code %#v} of a {@code []string}. */
    public static String goStringSlice(List<String> values) {
        StringBuilder sb = new StringBuilder("[]string{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dev.tugboat.api.errors.GoValues.quote(values.get(i)));
        }
        return sb.append('}').toString();
    }

    /** Go's {@code %#v} of a {@code []core.IPFamily}. */
    public static String goFamilies(List<String> values) {
        return goStringSlice(values).replace("[]string{", "[]core.IPFamily{");
    }

    /** {@code field is immutable} when the two values differ semantically. */
    public static List<FieldError> immutable(JsonNode now, JsonNode before, FieldPath path) {
        if (JsonEquality.equal(now, before)) {
            return List.of();
        }
        return List.of(FieldError.invalid(path, now == null || now.isMissingNode() ? null : now, FIELD_IMMUTABLE));
    }

    /** {@code must be greater than or equal to 0}. */
    public static List<FieldError> nonNegative(long value, FieldPath path) {
        return value < 0 ? List.of(FieldError.invalid(path, value, NEGATIVE)) : List.of();
    }

    /** Same, for an optional integer field of {@code node}. */
    public static List<FieldError> nonNegative(JsonNode node, String field, FieldPath parent) {
        Long v = Fields.integer(node, field);
        return v == null ? List.of() : nonNegative(v, parent.child(field));
    }
}
