package dev.tugboat.api.apiextensions.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.api.schema.GoScalars;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code metadata} of an embedded resource ({@code x-kubernetes-embedded-resource}) read as
 * upstream reads it: decoded into {@code metav1.ObjectMeta} and written back. {@link #typeError}
 * says why decoding fails; {@link #coerce} performs the round trip's normalisation (unknown fields
 * dropped, empty optional fields dropped, timestamps in UTC seconds, owner reference identity fields
 * always present). Stateless and thread-safe.
 *
 * <p>Decoding messages follow {@code encoding/json} ({@code json: cannot unmarshal number into Go struct
 * field ObjectMeta.name of type string}); upstream decodes with json-iterator, whose wording differs.
 */
final class EmbeddedObjectMeta {

    private enum GoType { STRING, INT64, TIME, STRING_MAP, STRING_LIST, OWNER_REFS, MANAGED_FIELDS, BOOL, RAW }

    private static final Map<String, GoType> OBJECT_META = Map.ofEntries(
            Map.entry("name", GoType.STRING), Map.entry("generateName", GoType.STRING),
            Map.entry("namespace", GoType.STRING), Map.entry("selfLink", GoType.STRING),
            Map.entry("uid", GoType.STRING), Map.entry("resourceVersion", GoType.STRING),
            Map.entry("generation", GoType.INT64), Map.entry("creationTimestamp", GoType.TIME),
            Map.entry("deletionTimestamp", GoType.TIME), Map.entry("deletionGracePeriodSeconds", GoType.INT64),
            Map.entry("labels", GoType.STRING_MAP), Map.entry("annotations", GoType.STRING_MAP),
            Map.entry("ownerReferences", GoType.OWNER_REFS), Map.entry("finalizers", GoType.STRING_LIST),
            Map.entry("managedFields", GoType.MANAGED_FIELDS));
    private static final Map<String, GoType> OWNER_REFERENCE = Map.of("apiVersion", GoType.STRING,
            "kind", GoType.STRING, "name", GoType.STRING, "uid", GoType.STRING, "controller", GoType.BOOL,
            "blockOwnerDeletion", GoType.BOOL);
    private static final Map<String, GoType> MANAGED_FIELDS_ENTRY = Map.of("manager", GoType.STRING,
            "operation", GoType.STRING, "apiVersion", GoType.STRING, "time", GoType.TIME,
            "fieldsType", GoType.STRING, "fieldsV1", GoType.RAW, "subresource", GoType.STRING);
    /** OwnerReference fields without omitempty: a round trip writes them even when absent. */
    private static final List<String> OWNER_IDENTITY = List.of("apiVersion", "kind", "name", "uid");
    /** Pointer fields: only null is omitted, a zero value stays. */
    private static final Set<String> POINTERS = Set.of("deletionGracePeriodSeconds", "controller",
            "blockOwnerDeletion");

    private EmbeddedObjectMeta() {
    }

    /** Why {@code metadata} does not decode into ObjectMeta, or null when it does. */
    static String typeError(JsonNode metadata) {
        if (GoValue.isNull(metadata)) {
            return null;
        }
        if (!metadata.isObject()) {
            return "json: cannot unmarshal " + jsonKind(metadata) + " into Go value of type v1.ObjectMeta";
        }
        return structError(metadata, OBJECT_META, "ObjectMeta", "");
    }

    private static String structError(JsonNode obj, Map<String, GoType> fields, String struct, String prefix) {
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
            GoType t = fields.get(e.getKey());
            if (t == null || GoValue.isNull(e.getValue())) {
                continue;
            }
            String err = valueError(e.getValue(), t, struct, prefix + e.getKey());
            if (err != null) {
                return err;
            }
        }
        return null;
    }

    private static String valueError(JsonNode v, GoType t, String struct, String field) {
        return switch (t) {
            case STRING -> v.isTextual() ? null : mismatch(v, struct, field, "string");
            case BOOL -> v.isBoolean() ? null : mismatch(v, struct, field, "bool");
            case INT64 -> GoValue.kind(v) == GoValue.Kind.INT ? null : mismatch(v, struct, field, "int64");
            case TIME -> !v.isTextual() ? mismatch(v, struct, field, "string") : timeError(v.textValue());
            case RAW -> null;
            case STRING_MAP -> {
                if (!v.isObject()) {
                    yield mismatch(v, struct, field, "map[string]string");
                }
                for (JsonNode item : v) {
                    if (!item.isTextual() && !item.isNull()) {
                        yield mismatch(item, struct, field, "string");
                    }
                }
                yield null;
            }
            case STRING_LIST -> {
                if (!v.isArray()) {
                    yield mismatch(v, struct, field, "[]string");
                }
                for (JsonNode item : v) {
                    if (!item.isTextual() && !item.isNull()) {
                        yield mismatch(item, struct, field, "string");
                    }
                }
                yield null;
            }
            case OWNER_REFS -> listOfStructs(v, struct, field, "OwnerReference", OWNER_REFERENCE);
            case MANAGED_FIELDS -> listOfStructs(v, struct, field, "ManagedFieldsEntry", MANAGED_FIELDS_ENTRY);
        };
    }

    private static String listOfStructs(JsonNode v, String struct, String field, String item,
                                        Map<String, GoType> fields) {
        if (!v.isArray()) {
            return mismatch(v, struct, field, "[]v1." + item);
        }
        for (JsonNode e : v) {
            if (GoValue.isNull(e)) {
                continue;
            }
            if (!e.isObject()) {
                return mismatch(e, struct, field, "v1." + item);
            }
            String err = structError(e, fields, item, field + ".");
            if (err != null) {
                return err;
            }
        }
        return null;
    }

    private static String mismatch(JsonNode v, String struct, String field, String goType) {
        String what = jsonKind(v);
        if (goType.equals("int64") && GoValue.kind(v) == GoValue.Kind.FLOAT) {
            // encoding/json quotes the literal when a number does not fit the integer type.
            what = "number " + v.asText();
        }
        return "json: cannot unmarshal " + what + " into Go struct field " + struct + "." + field + " of type " + goType;
    }

    private static String jsonKind(JsonNode v) {
        return switch (GoValue.kind(v)) {
            case STRING -> "string";
            case BOOL -> "bool";
            case INT, FLOAT -> "number";
            case ARRAY -> "array";
            case OBJECT -> "object";
            case NULL -> "null";
        };
    }

    /** Go's {@code time.Parse(time.RFC3339, s)} error, or null when {@code s} parses. */
    static String timeError(String s) {
        return GoScalars.timeError(s, GoScalars.RFC3339).orElse(null);
    }

    /**
     * Normalises {@code metadata} as the ObjectMeta round trip does and records the paths of the unknown
     * fields it drops ({@code <path>.foo}). Metadata that does not decode is left for validation to report.
     */
    static void coerce(JsonNode metadata, String path, List<String> dropped) {
        if (!(metadata instanceof ObjectNode meta) || typeError(meta) != null) {
            return;
        }
        normalise(meta, OBJECT_META, path, dropped);
        if (meta.path("ownerReferences") instanceof ArrayNode refs) {
            for (int i = 0; i < refs.size(); i++) {
                if (refs.get(i) instanceof ObjectNode ref) {
                    normalise(ref, OWNER_REFERENCE, path + ".ownerReferences[" + i + "]", dropped);
                    OWNER_IDENTITY.forEach(k -> {
                        if (!ref.has(k)) {
                            ref.put(k, "");
                        }
                    });
                }
            }
        }
        if (meta.path("managedFields") instanceof ArrayNode entries) {
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i) instanceof ObjectNode entry) {
                    normalise(entry, MANAGED_FIELDS_ENTRY, path + ".managedFields[" + i + "]", dropped);
                }
            }
        }
    }

    private static void normalise(ObjectNode obj, Map<String, GoType> fields, String path, List<String> dropped) {
        for (String k : StructuralDefaulting.fieldNames(obj)) {
            GoType t = fields.get(k);
            JsonNode v = obj.get(k);
            if (t == null) {
                dropped.add(path + "." + k);
                obj.remove(k);
            } else if (omitted(k, t, v, fields == OWNER_REFERENCE)) {
                obj.remove(k);
            } else if (t == GoType.TIME) {
                Timestamps.parse(v.textValue()).ifPresent(instant -> obj.put(k, Timestamps.format(instant)));
            }
        }
    }

    /** Whether marshalling the decoded field writes nothing (omitempty zero values, nil pointers). */
    private static boolean omitted(String name, GoType t, JsonNode v, boolean ownerReference) {
        if (GoValue.isNull(v)) {
            return !(ownerReference && OWNER_IDENTITY.contains(name));
        }
        if (POINTERS.contains(name) || ownerReference && OWNER_IDENTITY.contains(name)) {
            return false;
        }
        return switch (t) {
            case STRING -> v.textValue().isEmpty();
            case INT64 -> v.longValue() == 0;
            case STRING_MAP, STRING_LIST, OWNER_REFS, MANAGED_FIELDS -> v.isEmpty();
            default -> false;
        };
    }
}
