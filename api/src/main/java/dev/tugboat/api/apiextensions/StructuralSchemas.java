package dev.tugboat.api.apiextensions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.validation.Fields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The structural-schema rules apiextensions enforces on {@code openAPIV3Schema}: every node has a type
 * (unless it preserves unknown fields or is int-or-string), the root is an object, arrays have items,
 * properties and additionalProperties are exclusive, and the root {@code metadata} is left implicit.
 */
final class StructuralSchemas {

    private static final List<String> TYPES = List.of("array", "boolean", "integer", "number", "object", "string");
    private static final Set<String> METADATA_FIELDS = Set.of("name", "generateName");

    private StructuralSchemas() {
    }

    static List<FieldError> validate(JsonNode schema, FieldPath path) {
        List<FieldError> errs = new ArrayList<>();
        walk(schema, path, Level.ROOT, errs);
        return errs;
    }

    private enum Level { ROOT, PROPERTY, ITEM }

    private static void walk(JsonNode s, FieldPath p, Level level, List<FieldError> errs) {
        if (!s.isObject()) {
            return;
        }
        String type = Fields.str(s, "type");
        boolean preserve = Fields.isTrue(s, "x-kubernetes-preserve-unknown-fields");
        boolean intOrString = Fields.isTrue(s, "x-kubernetes-int-or-string");
        boolean embedded = Fields.isTrue(s, "x-kubernetes-embedded-resource");
        if (type.isEmpty() && !preserve && !intOrString && !embedded) {
            errs.add(FieldError.required(p.child("type"), switch (level) {
                case ROOT -> "must not be empty at the root";
                case PROPERTY -> "must not be empty for specified object fields";
                case ITEM -> "must not be empty for specified array items";
            }));
        } else if (!type.isEmpty() && !TYPES.contains(type)) {
            errs.add(FieldError.notSupported(p.child("type"), type, TYPES));
        }
        if (level == Level.ROOT && !type.isEmpty() && !type.equals("object")) {
            errs.add(FieldError.invalid(p.child("type"), type, "must be object at the root"));
        }
        if (Fields.has(s, "x-kubernetes-preserve-unknown-fields") && !preserve) {
            errs.add(FieldError.invalid(p.child("x-kubernetes-preserve-unknown-fields"), false, "must be true or undefined"));
        }
        if (Fields.isTrue(s, "uniqueItems")) {
            errs.add(FieldError.forbidden(p.child("uniqueItems"),
                    "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
        }
        JsonNode additional = Fields.get(s, "additionalProperties");
        boolean hasProperties = Fields.get(s, "properties").isObject() && !Fields.get(s, "properties").isEmpty();
        if (!additional.isMissingNode() && !additional.isNull() && hasProperties
                && (additional.isObject() || additional.isBoolean() && !additional.booleanValue())) {
            errs.add(FieldError.forbidden(p.child("additionalProperties"), "additionalProperties and properties are mutual exclusive"));
        }
        if (type.equals("array") && !Fields.has(s, "items")) {
            errs.add(FieldError.required(p.child("items"), "must be specified"));
        }
        for (Map.Entry<String, JsonNode> e : Fields.entries(s, "properties")) {
            FieldPath pp = p.child("properties").key(e.getKey());
            if (level == Level.ROOT && e.getKey().equals("metadata")) {
                metadata(e.getValue(), pp, errs);
            }
            walk(e.getValue(), pp, Level.PROPERTY, errs);
        }
        if (additional.isObject()) {
            walk(additional, p.child("additionalProperties"), Level.PROPERTY, errs);
        }
        JsonNode items = Fields.get(s, "items");
        if (items.isObject()) {
            walk(items, p.child("items"), Level.ITEM, errs);
        }
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            List<JsonNode> branches = Fields.list(s, combinator);
            for (int i = 0; i < branches.size(); i++) {
                nested(branches.get(i), p.child(combinator).index(i), errs);
            }
        }
        if (Fields.get(s, "not").isObject()) {
            nested(Fields.get(s, "not"), p.child("not"), errs);
        }
    }

    /** Value-validation branches may not declare types or structure of their own. */
    private static void nested(JsonNode s, FieldPath p, List<FieldError> errs) {
        for (String f : List.of("type", "additionalProperties", "default", "nullable", "x-kubernetes-preserve-unknown-fields",
                "x-kubernetes-embedded-resource", "x-kubernetes-int-or-string")) {
            if (Fields.has(s, f)) {
                errs.add(FieldError.forbidden(p.child(f), "must be empty to be structural"));
            }
        }
    }

    private static void metadata(JsonNode s, FieldPath p, List<FieldError> errs) {
        boolean onlyNames = true;
        for (java.util.Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (f.equals("type") || f.equals("description")) {
                continue;
            }
            if (!f.equals("properties")) {
                onlyNames = false;
            }
        }
        for (Map.Entry<String, JsonNode> e : Fields.entries(s, "properties")) {
            boolean stringOnly = Fields.str(e.getValue(), "type").equals("string") && e.getValue().size() <= 2;
            if (!METADATA_FIELDS.contains(e.getKey()) || !stringOnly) {
                onlyNames = false;
            }
        }
        String type = Fields.str(s, "type");
        if (!onlyNames || !type.isEmpty() && !type.equals("object")) {
            errs.add(FieldError.forbidden(p, "must not specify anything other than name and generateName, but metadata is"
                    + " implicitly specified"));
        }
    }
}
