package dev.tugboat.api.patch.typed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.patch.GoFormat;
import dev.tugboat.api.patch.GoJson;
import dev.tugboat.api.patch.fieldpath.Path;
import dev.tugboat.api.patch.fieldpath.PathElement;
import dev.tugboat.api.schema.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that an applied configuration fits the schema, as structured-merge-diff's conversion to a
 * typed value does: no undeclared fields, scalars of the declared kind, list-map items with all key
 * fields (or defaults) and without duplicates. Messages are {@code <path>: <problem>}, e.g.
 * {@code .spec.foo: field not declared in schema}. Stateless and thread-safe.
 */
public final class TypedValidator {

    private TypedValidator() {
    }

    /** Every problem found, in document order; empty when the value fits. */
    public static List<String> validate(JsonNode value, SsaType type) {
        List<String> errors = new ArrayList<>();
        walk(Path.root(), type, value, errors);
        return errors;
    }

    /** The problems joined as upstream's {@code ValidationErrors.Error()}. */
    public static String describe(List<String> errors) {
        if (errors.size() == 1) {
            return errors.getFirst();
        }
        StringBuilder sb = new StringBuilder("errors:");
        errors.forEach(e -> sb.append("\n  ").append(e));
        return sb.toString();
    }

    private static void walk(Path path, SsaType type, JsonNode value, List<String> errors) {
        if (value.isNull()) {
            return;
        }
        if (type.isDeduced()) {
            if (value.isObject()) {
                value.properties().forEach(e -> walk(path.child(e.getKey()), SsaType.deduced(), e.getValue(), errors));
            }
            return;
        }
        if (type.isMapNode()) {
            map(path, type, value, errors);
        } else if (type.isListNode()) {
            list(path, type, value, errors);
        } else {
            String problem = scalarProblem(type.scalarType(), value);
            if (problem != null) {
                errors.add(at(path, problem));
            }
        }
    }

    private static void map(Path path, SsaType type, JsonNode value, List<String> errors) {
        if (!value.isObject()) {
            errors.add(at(path, "expected map, got " + GoJson.write(value)));
            return;
        }
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            SsaType child = type.field(e.getKey());
            if (child == null) {
                errors.add(at(path.child(e.getKey()), "field not declared in schema"));
            } else {
                walk(path.child(e.getKey()), child, e.getValue(), errors);
            }
        }
    }

    private static void list(Path path, SsaType type, JsonNode value, List<String> errors) {
        if (!value.isArray()) {
            errors.add(at(path, "expected list, got " + GoJson.write(value)));
            return;
        }
        boolean associative = type.shape(value) == SsaType.Shape.LIST;
        Set<PathElement> seen = new HashSet<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            PathElement pe = new PathElement.Index(i);
            if (associative) {
                try {
                    pe = ListItems.elementOf(type, item);
                } catch (ListItems.UnkeyedItem e) {
                    errors.add(at(path, "element " + i + ": " + e.getMessage()));
                    return;
                }
                if (!seen.add(pe)) {
                    errors.add(at(path, "duplicate entries for key " + pe));
                }
            }
            walk(path.child(pe), type.items(), item, errors);
        }
    }

    private static String scalarProblem(Schema.ScalarType type, JsonNode v) {
        return switch (type) {
            case INTEGER, NUMBER -> v.isNumber() ? null
                    : "expected numeric (int or float), got " + GoFormat.typeName(v);
            case STRING -> v.isTextual() ? null : "expected string, got " + GoJson.write(v);
            case BOOLEAN -> v.isBoolean() ? null : "expected boolean, got " + GoJson.write(v);
            case INT_OR_STRING, QUANTITY -> v.isValueNode() ? null : "expected any scalar, got " + GoJson.write(v);
            case null -> null;
        };
    }

    private static String at(Path path, String problem) {
        return path.isRoot() ? problem : path + ": " + problem;
    }
}
