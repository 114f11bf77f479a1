package dev.tugboat.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.kinds.KindRules;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.validation.Fields;
import dev.tugboat.api.validation.Formats;
import dev.tugboat.api.validation.JsonEquality;
import dev.tugboat.api.validation.MetaRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * core/v1 Secret: type-specific required keys, size, {@code immutable}. Defaulting also folds the
 * write-only {@code stringData} into {@code data} (upstream does it when converting the v1 object).
 */
public final class SecretRules implements KindRules {

    private static final FieldPath DATA = FieldPath.root("data");

    @Override
    public void applyDefaults(ObjectNode obj) {
        Fields.defaultString(obj, "type", "Opaque");
        ObjectNode stringData = Fields.objectOrNull(obj, "stringData");
        if (stringData != null) {
            ObjectNode data = Fields.object(obj, "data");
            for (Map.Entry<String, JsonNode> e : stringData.properties()) {
                data.put(e.getKey(), Base64.getEncoder().encodeToString(
                        e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
            }
        }
        obj.remove("stringData");
    }

    @Override
    public List<FieldError> validate(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validate(obj));
        long size = 0;
        JsonNode data = Fields.get(obj, "data");
        for (Map.Entry<String, JsonNode> e : Fields.entries(obj, "data")) {
            for (String m : Formats.configMapKey(e.getKey())) {
                errs.add(FieldError.invalid(DATA.key(e.getKey()), e.getKey(), m));
            }
            size += ConfigMapRules.decodedLength(e.getValue().asText());
        }
        if (size > ConfigMapRules.MAX_SIZE) {
            errs.add(FieldError.tooLong(DATA, ConfigMapRules.MAX_SIZE));
        }
        switch (Fields.str(obj, "type")) {
            case "kubernetes.io/service-account-token" -> {
                String sa = Meta.annotations(obj).getOrDefault("kubernetes.io/service-account.name", "");
                if (sa.isEmpty()) {
                    errs.add(FieldError.required(FieldPath.of("metadata", "annotations")
                            .key("kubernetes.io/service-account.name"), ""));
                }
            }
            case "kubernetes.io/dockercfg" -> errs.addAll(jsonKey(data, ".dockercfg"));
            case "kubernetes.io/dockerconfigjson" -> errs.addAll(jsonKey(data, ".dockerconfigjson"));
            case "kubernetes.io/basic-auth" -> {
                if (!data.has("username") && !data.has("password")) {
                    errs.add(FieldError.required(DATA.key("username"), ""));
                    errs.add(FieldError.required(DATA.key("password"), ""));
                }
            }
            case "kubernetes.io/ssh-auth" -> {
                if (ConfigMapRules.decodedLength(Fields.str(data, "ssh-privatekey")) == 0) {
                    errs.add(FieldError.required(DATA.key("ssh-privatekey"), ""));
                }
            }
            case "kubernetes.io/tls" -> {
                if (!data.has("tls.crt")) {
                    errs.add(FieldError.required(DATA.key("tls.crt"), ""));
                }
                if (!data.has("tls.key")) {
                    errs.add(FieldError.required(DATA.key("tls.key"), ""));
                }
            }
            default -> { }
        }
        return errs;
    }

    /** The key must exist and hold a JSON object; the contents are never echoed back. */
    private static List<FieldError> jsonKey(JsonNode data, String key) {
        if (!data.has(key)) {
            return List.of(FieldError.required(DATA.key(key), ""));
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data.get(key).asText());
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        String problem = jsonProblem(new String(bytes, StandardCharsets.UTF_8));
        if (problem != null) {
            return List.of(FieldError.invalid(DATA.key(key), "<secret contents redacted>", problem));
        }
        return List.of();
    }

    /** Roughly Go's json.Unmarshal errors into a map, or null when the text is a JSON object. */
    private static String jsonProblem(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return "unexpected end of JSON input";
        }
        try {
            JsonNode n = Json.MAPPER.readTree(trimmed);
            if (n == null || !n.isObject()) {
                String kind = n == null ? "null" : n.isArray() ? "array" : n.isTextual() ? "string"
                        : n.isNumber() ? "number" : n.isBoolean() ? "bool" : "null";
                return kind.equals("null") ? null
                        : "json: cannot unmarshal " + kind + " into Go value of type map[string]interface {}";
            }
            return null;
        } catch (IOException e) {
            char c = trimmed.charAt(0);
            if (c != '{' && c != '[' && c != '"' && c != '-' && !Character.isDigit(c) && c != 't' && c != 'f' && c != 'n') {
                return "invalid character '" + c + "' looking for beginning of value";
            }
            return "unexpected end of JSON input";
        }
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(MetaRules.NAMESPACED.validateUpdate(obj, old));
        String type = Fields.str(obj, "type");
        if (!type.equals(Fields.str(old, "type"))) {
            errs.add(FieldError.invalid(FieldPath.root("type"), type, "field is immutable"));
        }
        if (Fields.isTrue(old, "immutable")) {
            if (!Fields.isTrue(obj, "immutable")) {
                errs.add(FieldError.forbidden(FieldPath.root("immutable"), ConfigMapRules.IMMUTABLE_SET));
            }
            if (!JsonEquality.equal(ConfigMapRules.emptyAsAbsent(obj.get("data")),
                    ConfigMapRules.emptyAsAbsent(old.get("data")))) {
                errs.add(FieldError.forbidden(DATA, ConfigMapRules.IMMUTABLE_SET));
            }
        }
        errs.addAll(validate(obj));
        return errs;
    }
}
