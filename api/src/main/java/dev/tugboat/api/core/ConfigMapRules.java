package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.Formats;
import dev.tugboat.api.validation.JsonEquality;
import dev.tugboat.api.validation.MetaRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** core/v1 ConfigMap: keys, total size, and {@code immutable}. */
public final class ConfigMapRules implements KindRules {

    /** The size limit of a ConfigMap's or Secret's data. */
    static final int MAX_SIZE = 1024 * 1024;
    static final String IMMUTABLE_SET = "field is immutable when `immutable` is set";

    @Override
    public void applyDefaults(ObjectNode obj) {
        // ConfigMap has no defaults.
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validate(obj));
        long size = 0;
        JsonNode binary = Fields.get(obj, "binaryData");
        for (Map.Entry<String, JsonNode> e : Fields.entries(obj, "data")) {
            FieldPath p = FieldPath.root("data").key(e.getKey());
            for (String m : Formats.configMapKey(e.getKey())) {
                errs.add(FieldError.invalid(p, e.getKey(), m));
            }
            if (binary.has(e.getKey())) {
                errs.add(FieldError.invalid(p, e.getKey(), "duplicate of key present in binaryData"));
            }
            size += e.getValue().asText().getBytes(StandardCharsets.UTF_8).length;
        }
        for (Map.Entry<String, JsonNode> e : Fields.entries(obj, "binaryData")) {
            for (String m : Formats.configMapKey(e.getKey())) {
                errs.add(FieldError.invalid(FieldPath.root("binaryData").key(e.getKey()), e.getKey(), m));
            }
            size += decodedLength(e.getValue().asText());
        }
        if (size > MAX_SIZE) {
            errs.add(FieldError.tooLong(FieldPath.root(""), MAX_SIZE));
        }
        return errs;
    }

    static long decodedLength(String base64) {
        try {
            return Base64.getDecoder().decode(base64).length;
        } catch (IllegalArgumentException e) {
            return base64.length();
        }
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        if (Fields.isTrue(old, "immutable")) {
            if (!Fields.isTrue(obj, "immutable")) {
                errs.add(FieldError.forbidden(FieldPath.root("immutable"), IMMUTABLE_SET));
            }
            for (String f : List.of("data", "binaryData")) {
                if (!JsonEquality.equal(emptyAsAbsent(obj.get(f)), emptyAsAbsent(old.get(f)))) {
                    errs.add(FieldError.forbidden(FieldPath.root(f), IMMUTABLE_SET));
                }
            }
        }
        errs.addAll(validate(obj));
        return errs;
    }

    static JsonNode emptyAsAbsent(JsonNode n) {
        return n != null && n.isObject() && n.isEmpty() ? null : n;
    }
}
