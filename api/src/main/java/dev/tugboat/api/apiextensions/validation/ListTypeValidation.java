package dev.tugboat.api.apiextensions.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.patch.GoJson;
import dev.tugboat.api.validation.Bare;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's {@code listtype.ValidateListSetsAndMaps}: items of an {@code x-kubernetes-list-type: set}
 * list must be unique, and items of a {@code map} list must be objects (or null) with unique key
 * values. The second and later copies of a value are reported once each, as
 * {@code spec.ports[1]: Duplicate value: map[string]interface {}{"name":"http"}}. Paths use
 * {@code [key]} for map values, as upstream's. Scalars compare by Go type and value; objects and lists
 * by their JSON encoding. Stateless and thread-safe.
 */
final class ListTypeValidation {

    private ListTypeValidation() {
    }

    static List<FieldError> validate(JsonNode obj, SchemaProps root) {
        List<FieldError> errs = new ArrayList<>();
        if (root != null && obj.isObject()) {
            object(obj, root, "", errs);
        }
        return errs;
    }

    private static void object(JsonNode obj, SchemaProps s, String path, List<FieldError> errs) {
        if (s.additionalSchema != null) {
            obj.properties().forEach(e ->
                    value(e.getValue(), s.additionalSchema, path + "[" + e.getKey() + "]", errs));
        }
        obj.properties().forEach(e -> {
            SchemaProps sub = s.properties.get(e.getKey());
            if (sub != null) {
                value(e.getValue(), sub, EmbeddedResources.child(path, e.getKey()), errs);
            }
        });
    }

    private static void value(JsonNode v, SchemaProps s, String path, List<FieldError> errs) {
        if (v.isArray()) {
            array(v, s, path, errs);
        } else if (v.isObject()) {
            object(v, s, path, errs);
        }
    }

    private static void array(JsonNode arr, SchemaProps s, String path, List<FieldError> errs) {
        if (s.listType.equals("set")) {
            for (int i : duplicates(elements(arr))) {
                errs.add(FieldError.duplicate(FieldPath.root(path + "[" + i + "]"),
                        GoValue.errorValue(arr.get(i))));
            }
        } else if (s.listType.equals("map")) {
            errs.addAll(map(arr, s, path));
        }
        if (s.items != null) {
            for (int i = 0; i < arr.size(); i++) {
                value(arr.get(i), s.items, path + "[" + i + "]", errs);
            }
        }
    }

    private static List<FieldError> map(JsonNode arr, SchemaProps s, String path) {
        for (int i = 0; i < arr.size(); i++) {
            JsonNode x = arr.get(i);
            if (!x.isObject() && !x.isNull()) {
                return List.of(new FieldError(FieldError.Type.INVALID, path + "[" + i + "]", GoValue.errorValue(x),
                        "must be an object for an array of list-type map"));
            }
        }
        List<String> keys = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        for (JsonNode x : arr) {
            ObjectNode present = Json.object();
            for (String k : s.listMapKeys) {
                if (x.isObject() && x.has(k)) {
                    present.set(k, x.get(k));
                }
            }
            if (s.listMapKeys.size() == 1) {
                // One key compares as a scalar (int64 and float64 differ); a missing key is its own value.
                keys.add(present.isEmpty() ? "u" : scalarKey(present.get(s.listMapKeys.get(0))));
            } else {
                keys.add(GoJson.write(present));
            }
            shown.add(GoValue.goSyntax(present));
        }
        List<FieldError> errs = new ArrayList<>();
        for (int i : duplicates(keys)) {
            errs.add(new FieldError(FieldError.Type.DUPLICATE, path + "[" + i + "]", new Bare(shown.get(i)), ""));
        }
        return errs;
    }

    private static List<String> elements(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(x -> out.add(scalarKey(x)));
        return out;
    }

    /** An identity for set membership: Go type plus value for scalars, the JSON encoding for compounds. */
    private static String scalarKey(JsonNode x) {
        GoValue.Kind k = GoValue.kind(x);
        return switch (k) {
            case ARRAY, OBJECT -> "j" + GoJson.write(x);
            case NULL -> "n";
            case STRING -> "s" + x.textValue();
            case BOOL -> "b" + x.booleanValue();
            case INT -> "i" + x.longValue();
            case FLOAT -> "f" + x.doubleValue();
        };
    }

    /** The index of the second occurrence of each repeated value. */
    private static List<Integer> duplicates(List<String> keys) {
        Map<String, Integer> seen = new HashMap<>();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            int times = seen.merge(keys.get(i), 1, Integer::sum);
            if (times == 2) {
                out.add(i);
            }
        }
        return out;
    }
}
