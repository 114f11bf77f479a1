package dev.tugboat.api.apiextensions.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.GoValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Validates a custom resource against its CRD version's OpenAPI v3 schema the way a 1.33 API server
 * does: kube-openapi's schema validator, its results turned into {@code field.Error}s by
 * apiextensions ({@code kubeOpenAPIResultToFieldErrors}), and CRD validation ratcheting on updates.
 *
 * <p>Error shapes follow upstream: {@code spec.size: Required value};
 * {@code spec.color: Unsupported value: "pink": supported values: "red", "blue"};
 * {@code spec.name: Too long: must have at most 10 bytes}; {@code spec.tags: Too many: 4: must have
 * at most 3 items}; type and format failures are {@code FieldValueTypeInvalid}
 * ({@code spec.count: Invalid value: "string": spec.count in body must be of type integer: "string"});
 * every other failure is {@code Invalid value} with kube-openapi's sentence
 * ({@code spec.count: Invalid value: 11: spec.count in body should be less than or equal to 10}).
 * {@code anyOf}/{@code oneOf}/{@code allOf}/{@code not} failures carry no field, as upstream's do.
 * Object properties are visited in schema order (upstream's order is Go map order, i.e. random).
 *
 * <p>Ratcheting ({@code CRDValidationRatcheting}, on by default since 1.30): on update, a failure
 * inside a value that is unchanged from the old object (deep-equal, with {@code int64} and
 * {@code float64} distinct) is dropped. Values are matched to their old counterpart by property name,
 * by map key, by the key fields of {@code x-kubernetes-list-type: map} lists, and by index for other
 * lists except sets, which never match.
 *
 * <p>Not done here: {@code x-kubernetes-validations} (CEL) rules are not evaluated.
 *
 * <p>Immutable and thread-safe.
 */
public final class SchemaValidator {

    private final SchemaProps root;

    SchemaValidator(SchemaProps root) {
        this.root = root;
    }

    /** A validator for {@code openAPIV3Schema}; a missing schema accepts everything. */
    public static SchemaValidator of(JsonNode openApiV3Schema) {
        return new SchemaValidator(SchemaProps.parse(openApiV3Schema));
    }

    /** The schema errors of {@code obj} (create). */
    public List<FieldError> validate(JsonNode obj) {
        return node(obj, root, "", null, false).errors;
    }

    /** The schema errors of {@code obj} replacing {@code old}, with ratcheting. */
    public List<FieldError> validateUpdate(JsonNode obj, JsonNode old) {
        return node(obj, root, "", old, true).errors;
    }

    /** Errors plus kube-openapi's count of passed checks, used to pick the closest anyOf/oneOf branch. */
    private static final class Result {
        final List<FieldError> errors = new ArrayList<>();
        int matches;

        void add(FieldError e) {
            errors.add(e);
        }

        void merge(Result r) {
            errors.addAll(r.errors);
            matches += r.matches;
        }

        boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * One schema node applied to one value, in kube-openapi's validator order: type, composition,
     * string, format, number, array, enum, object.
     *
     * @param old     the correlated old value, or null when there is none
     * @param ratchet whether this node drops its errors when its value is unchanged
     */
    private Result node(JsonNode data, SchemaProps s, String path, JsonNode old, boolean ratchet) {
        Result r = new Result();
        if (s == null) {
            return r;
        }
        GoValue.Kind k = GoValue.kind(data);
        if (k == GoValue.Kind.NULL) {
            if (!s.types.isEmpty() && !s.nullable) {
                r.add(typeInvalid(path, "null", GoValue.joinTypes(s.types)));
            }
            r.merge(enumeration(data, k, s, path));
        } else {
            if (!s.types.isEmpty() || !s.format.isEmpty()) {
                r.merge(type(k, data, s, path));
            }
            r.merge(composition(data, s, path, old));
            if (k == GoValue.Kind.STRING) {
                r.merge(string(data.textValue(), s, path));
                r.merge(format(data.textValue(), s, path));
            }
            if (k == GoValue.Kind.INT || k == GoValue.Kind.FLOAT) {
                r.merge(checked(NumberChecks.check(data, k, s, path)));
            }
            if (k == GoValue.Kind.ARRAY) {
                r.merge(array(data, s, path, old));
            }
            r.merge(enumeration(data, k, s, path));
            if (k == GoValue.Kind.OBJECT) {
                r.merge(object(data, s, path, old));
            }
        }
        r.matches++;
        if (ratchet && old != null && !r.valid() && GoValue.deepEqual(old, data)) {
            return new Result();
        }
        return r;
    }

    /** kube-openapi's type validator, including its format-versus-type quirks. */
    private static Result type(GoValue.Kind k, JsonNode data, SchemaProps s, String path) {
        Result r = new Result();
        r.matches++;
        String schType = GoValue.schemaType(k);
        String inferred = GoValue.inferredFormat(k);
        boolean floatInt = k == GoValue.Kind.FLOAT && GoValue.isJsonInteger(data.doubleValue())
                && s.types.contains("integer");
        boolean intFloat = k == GoValue.Kind.INT && s.types.contains("number");
        boolean stringOrArray = k == GoValue.Kind.STRING || k == GoValue.Kind.ARRAY;
        boolean typeMatches = s.types.contains(schType) || floatInt || intFloat;
        if (!stringOrArray && !s.format.isEmpty() && !(typeMatches || inferred.equals(s.format))) {
            r.add(typeInvalid(path, inferred, s.format));
            return r;
        }
        boolean numeric = s.types.contains("number") || s.types.contains("integer");
        if (!numeric && !s.format.isEmpty() && stringOrArray) {
            return r;
        }
        if (!typeMatches) {
            r.add(typeInvalid(path, schType, GoValue.joinTypes(s.types)));
        }
        return r;
    }

    /** anyOf, oneOf, allOf, not: branches see the same value, path and old value as this node. */
    private Result composition(JsonNode data, SchemaProps s, String path, JsonNode old) {
        Result main = new Result();
        if (!s.anyOf.isEmpty()) {
            main.merge(anyOf(data, s, path, old));
        }
        if (!s.oneOf.isEmpty()) {
            main.merge(oneOf(data, s, path, old));
        }
        if (!s.allOf.isEmpty()) {
            main.merge(allOf(data, s, path, old));
        }
        if (s.not != null && node(data, s.not, path, old, false).valid()) {
            main.add(composite(GoValues.quote(path) + " must not validate the schema (not)"));
        }
        main.matches++;
        return main;
    }

    /** The first passing branch, else the failure plus the errors of the branch with the most passed checks. */
    private Result anyOf(JsonNode data, SchemaProps s, String path, JsonNode old) {
        Result best = null;
        for (SchemaProps alt : s.anyOf) {
            Result res = node(data, alt, path, old, false);
            if (res.valid()) {
                return res;
            }
            if (best == null || res.matches > best.matches) {
                best = res;
            }
        }
        Result r = new Result();
        r.add(composite(GoValues.quote(path) + " must validate at least one schema (anyOf)"));
        r.merge(best);
        return r;
    }

    private Result oneOf(JsonNode data, SchemaProps s, String path, JsonNode old) {
        Result best = null;
        Result firstSuccess = null;
        int validated = 0;
        for (SchemaProps alt : s.oneOf) {
            Result res = node(data, alt, path, old, false);
            if (res.valid()) {
                validated++;
                best = null;
                if (firstSuccess == null) {
                    firstSuccess = res;
                }
            } else if (validated == 0 && (best == null || res.matches > best.matches)) {
                best = res;
            }
        }
        if (validated == 1) {
            return firstSuccess;
        }
        Result r = new Result();
        String detail = validated == 0 ? "Found none valid" : "Found " + validated + " valid alternatives";
        r.add(composite(GoValues.quote(path) + " must validate one and only one schema (oneOf). " + detail));
        if (best != null) {
            r.merge(best);
        }
        return r;
    }

    private Result allOf(JsonNode data, SchemaProps s, String path, JsonNode old) {
        Result r = new Result();
        int validated = 0;
        for (SchemaProps alt : s.allOf) {
            Result res = node(data, alt, path, old, false);
            if (res.valid()) {
                validated++;
            }
            r.merge(res);
        }
        if (validated != s.allOf.size()) {
            r.add(composite(GoValues.quote(path) + " must validate all the schemas (allOf)"
                    + (validated == 0 ? ". None validated" : "")));
        }
        return r;
    }

    /** maxLength, then minLength, then pattern; the first failure ends the check, as kube-openapi's. */
    private static Result string(String value, SchemaProps s, String path) {
        Result r = new Result();
        r.matches++;
        long runes = value.codePointCount(0, value.length());
        if (s.maxLength != null && runes > s.maxLength) {
            r.add(new FieldError(FieldError.Type.TOO_LONG, field(path), FieldError.OMITTED,
                    "must have at most " + s.maxLength + " bytes"));
        } else if (s.minLength != null && runes < s.minLength) {
            r.add(invalid(path, value, inBody(path) + " should be at least " + s.minLength + " chars long"));
        } else if (!s.pattern.isEmpty()) {
            if (s.regex == null) {
                r.add(invalid(path, value, inBody(path) + " should match '" + s.pattern + ", but pattern is invalid: "
                        + s.patternError + "'"));
            } else {
                try {
                    if (!s.regex.find(value)) {
                        r.add(invalid(path, value, inBody(path) + " should match '" + s.pattern + "'"));
                    }
                } catch (GoRegex.TooExpensive e) {
                    r.add(invalid(path, value, inBody(path) + " should match '" + s.pattern
                            + "', but the match could not be decided within the evaluation budget"));
                }
            }
        }
        return r;
    }

    private static Result format(String value, SchemaProps s, String path) {
        Result r = new Result();
        if (s.format.isEmpty() || !StringFormats.isStringFormat(s.format)) {
            return r;
        }
        r.matches++;
        if (!StringFormats.validates(s.format, value)) {
            r.add(typeInvalid(path, value, s.format));
        }
        return r;
    }

    private Result array(JsonNode data, SchemaProps s, String path, JsonNode old) {
        Result r = new Result();
        r.matches++;
        int size = data.size();
        if (s.items != null) {
            for (int i = 0; i < size; i++) {
                r.merge(node(data.get(i), s.items, path + "[" + i + "]", correlateItem(old, data, s, i), true));
            }
        }
        if (s.minItems != null && size < s.minItems) {
            r.add(invalid(path, (long) size, inBody(path) + " should have at least " + s.minItems + " items"));
        }
        if (s.maxItems != null && size > s.maxItems) {
            r.add(new FieldError(FieldError.Type.TOO_MANY, field(path), (long) size,
                    "must have at most " + s.maxItems + " items"));
        }
        if (s.uniqueItems && hasDuplicates(data)) {
            r.add(invalid(path, "", inBody(path) + " shouldn't contain duplicates"));
        }
        return r;
    }

    private static boolean hasDuplicates(JsonNode arr) {
        for (int i = 1; i < arr.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (GoValue.deepEqual(arr.get(i), arr.get(j))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The old item a new item is compared with: by the map keys of a {@code map} list, by index for
     * plain lists, none for sets and atomic lists (upstream's correlation rules).
     */
    private static JsonNode correlateItem(JsonNode old, JsonNode data, SchemaProps s, int index) {
        if (old == null || !old.isArray()) {
            return null;
        }
        switch (s.listType) {
            case "map" -> {
                JsonNode item = data.get(index);
                if (!item.isObject()) {
                    return null;
                }
                for (JsonNode candidate : old) {
                    if (candidate.isObject() && sameKeys(item, candidate, s.listMapKeys)) {
                        return candidate;
                    }
                }
                return null;
            }
            case "set", "atomic" -> {
                return null;
            }
            default -> {
                return index < old.size() ? old.get(index) : null;
            }
        }
    }

    private static boolean sameKeys(JsonNode a, JsonNode b, List<String> keys) {
        for (String k : keys) {
            if (a.has(k) != b.has(k) || a.has(k) && !GoValue.deepEqual(a.get(k), b.get(k))) {
                return false;
            }
        }
        return true;
    }

    private static Result enumeration(JsonNode data, GoValue.Kind k, SchemaProps s, String path) {
        Result r = new Result();
        if (s.enumValues == null || s.enumValues.isEmpty()) {
            return r;
        }
        r.matches++;
        if (k != GoValue.Kind.NULL) {
            for (JsonNode e : s.enumValues) {
                if (EnumMatch.matches(data, k, e)) {
                    return r;
                }
            }
        }
        StringJoiner supported = new StringJoiner(", ", "supported values: ", "");
        for (JsonNode e : s.enumValues) {
            supported.add(GoValues.quote(e.isTextual() ? e.textValue() : GoValue.json(e)));
        }
        r.add(new FieldError(FieldError.Type.NOT_SUPPORTED, field(path), GoValue.errorValue(data), supported.toString()));
        return r;
    }

    private Result object(JsonNode data, SchemaProps s, String path, JsonNode old) {
        Result r = new Result();
        r.matches++;
        long size = data.size();
        if (s.minProperties != null && size < s.minProperties) {
            r.add(invalid(path, size, inBody(path) + " should have at least " + s.minProperties + " properties"));
        }
        if (s.maxProperties != null && size > s.maxProperties) {
            r.add(new FieldError(FieldError.Type.TOO_MANY, field(path), size,
                    "must have at most " + s.maxProperties + " items"));
        }
        for (Map.Entry<String, JsonNode> e : data.properties()) {
            if (s.properties.containsKey(e.getKey())) {
                continue;
            }
            if (Boolean.FALSE.equals(s.additionalAllowed)) {
                r.add(invalid(path, e.getKey(), path + "." + e.getKey() + " in body is a forbidden property"));
            } else if (s.additionalSchema != null) {
                r.merge(node(e.getValue(), s.additionalSchema, path + "." + e.getKey(), child(old, e.getKey()), true));
            }
        }
        for (Map.Entry<String, SchemaProps> p : s.properties.entrySet()) {
            JsonNode v = data.get(p.getKey());
            if (v != null) {
                String childPath = path.isEmpty() ? p.getKey() : path + "." + p.getKey();
                r.merge(node(v, p.getValue(), childPath, child(old, p.getKey()), true));
            }
        }
        for (String k : s.required) {
            if (!data.has(k)) {
                r.add(new FieldError(FieldError.Type.REQUIRED, field(path + "." + k), FieldError.OMITTED, ""));
            }
        }
        return r;
    }

    /** The failures of one simple validator, counted as one check. */
    private static Result checked(List<FieldError> errors) {
        Result r = new Result();
        r.errors.addAll(errors);
        r.matches++;
        return r;
    }

    private static JsonNode child(JsonNode old, String name) {
        return old != null && old.isObject() ? old.get(name) : null;
    }

    /** kube-openapi names errors by path; apiextensions drops the leading dot of root-level names. */
    static String field(String path) {
        return path.startsWith(".") ? path.substring(1) : path;
    }

    static String inBody(String path) {
        return path + " in body";
    }

    static FieldError invalid(String path, Object value, String message) {
        return new FieldError(FieldError.Type.INVALID, field(path), value, message);
    }

    private static FieldError typeInvalid(String path, String value, String typeName) {
        return new FieldError(FieldError.Type.TYPE_INVALID, field(path), value,
                inBody(path) + " must be of type " + typeName + ": " + GoValues.quote(value));
    }

    /** Composition failures are not field errors upstream; they land on the root with an empty value. */
    private static FieldError composite(String message) {
        return new FieldError(FieldError.Type.INVALID, "", "", message);
    }
}
