package dev.tugboat.api.apiextensions.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A CRD version's {@code subresources.scale} and the checks upstream's custom resource validator makes
 * with it: the integer at {@code specReplicasPath} (create and update) and at
 * {@code statusReplicasPath} (also on status updates) must be an {@code int64} between 0 and
 * 2^31-1 when present, and the value at {@code labelSelectorPath}, when present, a string. Errors are
 * reported on the path exactly as the CRD spells it ({@code .spec.replicas: Invalid value: -1: should
 * be a non-negative integer}).
 *
 * @param specReplicasPath   e.g. {@code .spec.replicas}
 * @param statusReplicasPath e.g. {@code .status.replicas}
 * @param labelSelectorPath  e.g. {@code .status.selector}; null when the CRD sets none
 */
public record ScaleSubresource(String specReplicasPath, String statusReplicasPath, String labelSelectorPath) {

    private static final long MAX_INT32 = Integer.MAX_VALUE;

    /** The scale subresource of a CRD version ({@code spec.versions[]} item), if it has one. */
    public static Optional<ScaleSubresource> of(JsonNode crdVersion) {
        JsonNode scale = crdVersion.path("subresources").path("scale");
        if (!scale.isObject()) {
            return Optional.empty();
        }
        JsonNode selector = scale.path("labelSelectorPath");
        return Optional.of(new ScaleSubresource(scale.path("specReplicasPath").asText(""),
                scale.path("statusReplicasPath").asText(""), selector.isTextual() ? selector.textValue() : null));
    }

    /** The {@code specReplicasPath} check. */
    public List<FieldError> validateSpec(JsonNode obj) {
        return replicas(obj, specReplicasPath);
    }

    /** The {@code statusReplicasPath} and {@code labelSelectorPath} checks. */
    public List<FieldError> validateStatus(JsonNode obj) {
        List<FieldError> errs = new ArrayList<>(replicas(obj, statusReplicasPath));
        if (labelSelectorPath != null) {
            Lookup selector = Lookup.at(obj, labelSelectorPath);
            if (selector.error() == null && selector.found() && !selector.value().isTextual()) {
                errs.add(FieldError.invalid(FieldPath.root(labelSelectorPath), "",
                        selector.typeError(labelSelectorPath, "string")));
            } else if (selector.error() != null) {
                errs.add(FieldError.invalid(FieldPath.root(labelSelectorPath), "", selector.error()));
            }
        }
        return errs;
    }

    private static List<FieldError> replicas(JsonNode obj, String path) {
        Lookup l = Lookup.at(obj, path);
        FieldPath field = FieldPath.root(path);
        if (l.error() != null) {
            return List.of(FieldError.invalid(field, 0L, l.error()));
        }
        if (!l.found()) {
            return List.of();
        }
        if (GoValue.kind(l.value()) != GoValue.Kind.INT) {
            return List.of(FieldError.invalid(field, 0L, l.typeError(path, "int64")));
        }
        long v = l.value().longValue();
        if (v < 0) {
            return List.of(FieldError.invalid(field, v, "should be a non-negative integer"));
        }
        if (v > MAX_INT32) {
            return List.of(FieldError.invalid(field, v, "should be less than or equal to " + MAX_INT32));
        }
        return List.of();
    }

    /** {@code unstructured.NestedFieldNoCopy} on a {@code .a.b} path: the value, "not found", or an accessor error. */
    private record Lookup(JsonNode value, boolean found, String error) {

        static Lookup at(JsonNode obj, String jsonPath) {
            String[] fields = (jsonPath.startsWith(".") ? jsonPath.substring(1) : jsonPath).split("\\.", -1);
            JsonNode v = obj;
            for (int i = 0; i < fields.length; i++) {
                if (GoValue.isNull(v)) {
                    return new Lookup(null, false, null);
                }
                if (!v.isObject()) {
                    return new Lookup(null, false, prefix(fields, i) + " accessor error: " + GoValue.percentV(v)
                            + " is of the type " + GoValue.typeName(v) + ", expected map[string]interface{}");
                }
                if (!v.has(fields[i])) {
                    return new Lookup(null, false, null);
                }
                v = v.get(fields[i]);
            }
            return new Lookup(v, true, null);
        }

        private static String prefix(String[] fields, int upTo) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i <= upTo; i++) {
                sb.append('.').append(fields[i]);
            }
            return sb.toString();
        }

        String typeError(String path, String expected) {
            String p = path.startsWith(".") ? path : "." + path;
            return p + " accessor error: " + GoValue.percentV(value) + " is of the type " + GoValue.typeName(value)
                    + ", expected " + expected;
        }
    }
}
