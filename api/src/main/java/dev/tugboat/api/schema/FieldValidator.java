package dev.tugboat.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a decoded object against its kind's schema, as upstream's strict decoding does
 * ({@code fieldValidation=Strict|Warn|Ignore}): undeclared fields and values of the wrong JSON
 * type. {@link #prune} removes undeclared fields, which is what Warn and Ignore store.
 * Duplicate keys are a property of the raw body: see {@link DuplicateFields}.
 *
 * <p>Paths read as upstream prints them: {@code spec.containers[0].foo}; map keys join with a dot.
 * Below {@code x-kubernetes-preserve-unknown-fields} (and untyped values) anything is accepted.
 * Stateless; thread-safe.
 */
public final class FieldValidator {

    private FieldValidator() {
    }

    /** Every unknown field and wrong-typed value of {@code object}, in document order. */
    public static List<FieldProblem> check(JsonNode object, Schema root) {
        List<FieldProblem> out = new ArrayList<>();
        walk(object, root, new Where("", "", "", root), out);
        return out;
    }

    /**
     * Removes the unknown fields of {@code object} in place.
     *
     * @return the removed paths, in document order
     */
    public static List<String> prune(JsonNode object, Schema root) {
        List<String> removed = new ArrayList<>();
        prune(object, root, "", removed);
        return removed;
    }

    /**
     * Where a value sits: its printed path, the Go-style field path (names only, as Go's decoder
     * reports it), the simple name of the enclosing struct type, and the declared schema of the field.
     */
    private record Where(String path, String goPath, String structName, Schema declared) {
    }

    private static void walk(JsonNode value, Schema schema, Where at, List<FieldProblem> out) {
        if (value == null || value.isNull()) {
            return;
        }
        Schema s = schema.resolved();
        switch (s) {
            case Schema.Struct st -> {
                if (!value.isObject()) {
                    out.add(wrongType(value, at));
                    return;
                }
                // Go-style messages name a built-in Go type; custom resources get the CRD validation wording.
                String name = st.name().startsWith("io.k8s.") ? simpleName(st.name()) : "";
                for (Map.Entry<String, JsonNode> e : value.properties()) {
                    String path = join(at.path(), e.getKey());
                    Schema.Property p = st.property(e.getKey());
                    if (p == null) {
                        if (!st.preserveUnknownFields()) {
                            out.add(FieldProblem.unknown(path));
                        }
                        continue;
                    }
                    walk(e.getValue(), p.schema(), new Where(path, join(at.goPath(), e.getKey()), name, p.schema()), out);
                }
            }
            case Schema.MapOf m -> {
                if (!value.isObject()) {
                    out.add(wrongType(value, at));
                    return;
                }
                for (Map.Entry<String, JsonNode> e : value.properties()) {
                    walk(e.getValue(), m.values(),
                            new Where(join(at.path(), e.getKey()), at.goPath(), at.structName(), m.values()), out);
                }
            }
            case Schema.ListOf l -> {
                if (!value.isArray()) {
                    out.add(wrongType(value, at));
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    walk(value.get(i), l.items(), new Where(at.path() + "[" + i + "]", at.goPath(), at.structName(),
                            l.items()), out);
                }
            }
            case Schema.Scalar sc -> {
                if (!fits(value, sc)) {
                    out.add(wrongType(value, at));
                } else if (!at.structName().isEmpty()) {
                    goDecodingError(value, sc, at).ifPresent(out::add);
                }
            }
            case Schema.Untyped u -> {
                // anything goes
            }
            case Schema.Ref r -> throw new IllegalStateException("unresolved reference " + r.name());
        }
    }

    private static boolean fits(JsonNode v, Schema.Scalar s) {
        return switch (s.type()) {
            case STRING -> v.isTextual();
            case INTEGER -> v.isIntegralNumber();
            case NUMBER -> v.isNumber();
            case BOOLEAN -> v.isBoolean();
            case INT_OR_STRING -> v.isIntegralNumber() || v.isTextual();
            case QUANTITY -> v.isTextual() || v.isNumber();
        };
    }

    /**
     * What Go's decoder rejects in a value of the right JSON type: integers beyond the field's Go
     * type, byte strings that are not base64, times that do not parse.
     */
    private static Optional<FieldProblem> goDecodingError(JsonNode v, Schema.Scalar s, Where at) {
        Optional<String> message = switch (s.type()) {
            case INTEGER -> ("int32".equals(s.format()) ? v.canConvertToInt() : v.canConvertToLong())
                    ? Optional.empty()
                    : Optional.of("json: cannot unmarshal number " + v.asText() + " into Go struct field "
                            + at.structName() + "." + at.goPath() + " of type " + goType(s));
            case STRING -> switch (String.valueOf(s.format())) {
                case "byte" -> GoScalars.base64Error(v.asText());
                case "date-time" -> GoScalars.timeError(v.asText(),
                        at.declared() instanceof Schema.Ref r && r.name().endsWith(".MicroTime")
                                ? GoScalars.RFC3339_MICRO : GoScalars.RFC3339);
                default -> Optional.empty();
            };
            default -> Optional.empty();
        };
        return message.map(m -> new FieldProblem(FieldProblem.Type.WRONG_TYPE, at.path(), m));
    }

    private static void prune(JsonNode value, Schema schema, String path, List<String> removed) {
        if (value == null || value.isNull()) {
            return;
        }
        Schema s = schema.resolved();
        if (s instanceof Schema.Struct st && value instanceof ObjectNode obj) {
            Iterator<Map.Entry<String, JsonNode>> it = obj.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                Schema.Property p = st.property(e.getKey());
                if (p != null) {
                    prune(e.getValue(), p.schema(), join(path, e.getKey()), removed);
                } else if (!st.preserveUnknownFields()) {
                    removed.add(join(path, e.getKey()));
                    it.remove();
                }
            }
        } else if (s instanceof Schema.MapOf m && value.isObject()) {
            value.properties().forEach(e -> prune(e.getValue(), m.values(), join(path, e.getKey()), removed));
        } else if (s instanceof Schema.ListOf l && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                prune(value.get(i), l.items(), path + "[" + i + "]", removed);
            }
        }
    }

    /**
     * Go's wording for built-in kinds ({@code json: cannot unmarshal string into Go struct field
     * PodSpec.spec.containers of type []v1.Container}); the CRD validation wording for inline
     * (custom resource) structs.
     */
    private static FieldProblem wrongType(JsonNode v, Where at) {
        String got = jsonKind(v, at.declared());
        String message;
        if (at.structName().isEmpty()) {
            String want = openApiType(at.declared());
            String kind = jsonKind(v, null);
            message = at.path() + ": Invalid value: \"" + kind + "\": " + at.path() + " in body must be of type "
                    + want + ": \"" + kind + "\"";
        } else if (at.goPath().isEmpty()) {
            message = "json: cannot unmarshal " + got + " into Go value of type " + goType(at.declared());
        } else {
            message = "json: cannot unmarshal " + got + " into Go struct field " + at.structName() + "."
                    + at.goPath() + " of type " + goType(at.declared());
        }
        return new FieldProblem(FieldProblem.Type.WRONG_TYPE, at.path(), message);
    }

    private static String jsonKind(JsonNode v, Schema declared) {
        if (v.isTextual()) {
            return "string";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        if (v.isArray()) {
            return "array";
        }
        if (v.isObject()) {
            return "object";
        }
        boolean wantsInt = declared != null && declared.resolved() instanceof Schema.Scalar sc
                && (sc.type() == Schema.ScalarType.INTEGER || sc.type() == Schema.ScalarType.INT_OR_STRING);
        return wantsInt && !v.isIntegralNumber() ? "number " + v.asText() : "number";
    }

    /** The Go type upstream names in decoding errors, e.g. {@code []v1.Container}, {@code int32}. */
    static String goType(Schema s) {
        if (s instanceof Schema.Ref r) {
            String name = r.name();
            int hash = name.indexOf('#');
            return goTypeName(hash < 0 ? name : name.substring(0, hash));
        }
        return switch (s) {
            case Schema.ListOf l -> "[]" + goType(l.items());
            case Schema.MapOf m -> "map[string]" + goType(m.values());
            case Schema.Struct st -> st.name().isEmpty() ? "map[string]interface {}" : goTypeName(st.name());
            case Schema.Scalar sc -> switch (sc.type()) {
                case STRING -> "byte".equals(sc.format()) ? "[]uint8" : "string";
                case INTEGER -> "int32".equals(sc.format()) ? "int32" : "int64";
                case NUMBER -> "float64";
                case BOOLEAN -> "bool";
                case INT_OR_STRING -> "intstr.IntOrString";
                case QUANTITY -> "resource.Quantity";
            };
            case Schema.Untyped u -> "interface {}";
            case Schema.Ref r -> throw new IllegalStateException("unreachable");
        };
    }

    private static String goTypeName(String definition) {
        String simple = simpleName(definition);
        String pkg = definition.substring(0, Math.max(0, definition.length() - simple.length() - 1));
        String alias = pkg.substring(pkg.lastIndexOf('.') + 1);
        return alias + "." + simple;
    }

    private static String openApiType(Schema declared) {
        return switch (declared.resolved()) {
            case Schema.Struct st -> "object";
            case Schema.MapOf m -> "object";
            case Schema.ListOf l -> "array";
            case Schema.Scalar sc -> switch (sc.type()) {
                case STRING -> "string";
                case INTEGER -> "integer";
                case NUMBER, QUANTITY -> "number";
                case BOOLEAN -> "boolean";
                case INT_OR_STRING -> "integer or string";
            };
            default -> "any";
        };
    }

    static String simpleName(String definition) {
        return definition.substring(definition.lastIndexOf('.') + 1);
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
