package dev.tugboat.api.patch.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.api.patch.fieldpath.FieldSet;
import dev.tugboat.api.patch.fieldpath.FieldsV1;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One {@code metadata.managedFields} entry: which manager owns which fields, through which
 * operation, API version and subresource. Immutable.
 *
 * @param time        last change by this manager, in whole seconds; null when never set
 * @param subresource {@code ""} for the main resource
 */
public record ManagedFieldsEntry(String manager, Operation operation, String apiVersion, Instant time,
                                 FieldSet fields, String subresource) {

    /** The two operations that own fields. */
    public enum Operation {
        APPLY("Apply"), UPDATE("Update");

        private final String wire;

        Operation(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public static final String FIELDS_TYPE = "FieldsV1";

    public ManagedFieldsEntry {
        Objects.requireNonNull(manager);
        Objects.requireNonNull(operation);
        Objects.requireNonNull(apiVersion);
        Objects.requireNonNull(fields);
        subresource = subresource == null ? "" : subresource;
        time = time == null ? null : time.truncatedTo(ChronoUnit.SECONDS);
    }

    /** The wire form, members in upstream's order; {@code time} and {@code subresource} only when set. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("manager", manager);
        o.put("operation", operation.wire());
        o.put("apiVersion", apiVersion);
        if (time != null) {
            o.put("time", Timestamps.format(time));
        }
        o.put("fieldsType", FIELDS_TYPE);
        o.set("fieldsV1", FieldsV1.encode(fields));
        if (!subresource.isEmpty()) {
            o.put("subresource", subresource);
        }
        return o;
    }

    /**
     * Decodes entry number {@code index} of a managedFields list, validating it as upstream does.
     *
     * @throws IllegalArgumentException with upstream's message when the entry is invalid
     */
    public static ManagedFieldsEntry fromJson(JsonNode entry, int index) {
        if (!entry.isObject()) {
            throw new IllegalArgumentException("managed fields entry " + index + " is not an object");
        }
        String op = text(entry, "operation");
        Operation operation = switch (op) {
            case "Apply" -> Operation.APPLY;
            case "Update" -> Operation.UPDATE;
            default -> throw new IllegalArgumentException("operation must be `Apply` or `Update`");
        };
        String apiVersion = text(entry, "apiVersion");
        if (apiVersion.isEmpty()) {
            throw new IllegalArgumentException("apiVersion must not be empty");
        }
        String fieldsType = text(entry, "fieldsType");
        if (fieldsType.isEmpty()) {
            throw new IllegalArgumentException("missing fieldsType in managed fields entry " + index);
        }
        if (!fieldsType.equals(FIELDS_TYPE)) {
            throw new IllegalArgumentException("invalid fieldsType \"" + fieldsType + "\" in managed fields entry " + index);
        }
        Instant time = null;
        if (!text(entry, "time").isEmpty()) {
            time = Timestamps.parse(text(entry, "time"))
                    .orElseThrow(() -> new IllegalArgumentException("invalid time in managed fields entry " + index));
        }
        FieldSet fields = FieldsV1.decode(entry.get("fieldsV1"));
        return new ManagedFieldsEntry(text(entry, "manager"), operation, apiVersion, time, fields,
                text(entry, "subresource"));
    }

    private static String text(JsonNode entry, String field) {
        JsonNode v = entry.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return v.textValue();
    }
}
