package dev.tugboat.api.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.meta.Json;
import java.util.List;

/** Helpers for kind rule tests: JSON written with single quotes, errors as their wire strings. */
public final class KindTesting {

    private KindTesting() {
    }

    /** Parses JSON in which {@code '} stands for {@code "} (for readable Java literals). */
    public static ObjectNode json(String singleQuoted) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }

    public static List<String> strings(List<FieldError> errors) {
        return errors.stream().map(FieldError::toString).toList();
    }

    /** Defaults then validates, as the server does on create. */
    public static List<String> createErrors(KindRules rules, ObjectNode obj) {
        rules.applyDefaults(obj);
        return strings(rules.validate(obj));
    }

    /** Canonical JSON for comparisons independent of number node types and key order. */
    public static String canonical(ObjectNode obj) {
        try {
            Object tree = Json.MAPPER.treeToValue(obj, Object.class);
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                    .writeValueAsString(tree);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
