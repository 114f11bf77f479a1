package dev.tugboat.api.patch.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.patch.JsonValues;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reading and writing the {@code metadata.managedFields} list. Written lists are sorted as upstream
 * sorts them: operation (Apply first), time in seconds (missing as 0), manager, apiVersion,
 * subresource. Stateless and thread-safe.
 */
public final class ManagedFields {

    static final Comparator<ManagedFieldsEntry> ORDER = Comparator
            .comparing((ManagedFieldsEntry e) -> e.operation().wire())
            .thenComparingLong(e -> e.time() == null ? 0 : e.time().getEpochSecond())
            .thenComparing(ManagedFieldsEntry::manager, JsonValues::compareStrings)
            .thenComparing(ManagedFieldsEntry::apiVersion, JsonValues::compareStrings)
            .thenComparing(ManagedFieldsEntry::subresource, JsonValues::compareStrings);

    private ManagedFields() {
    }

    /**
     * Decodes a managedFields list; null, missing and JSON null read as empty.
     *
     * @throws IllegalArgumentException with upstream's message when an entry is invalid
     */
    public static List<ManagedFieldsEntry> parse(JsonNode list) {
        if (list == null || list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("managedFields must be a list");
        }
        List<ManagedFieldsEntry> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(ManagedFieldsEntry.fromJson(list.get(i), i));
        }
        return out;
    }

    /** The sorted wire form; empty when there are no entries. */
    public static ArrayNode toJson(List<ManagedFieldsEntry> entries) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        entries.stream().sorted(ORDER).forEach(e -> out.add(e.toJson()));
        return out;
    }

    /**
     * Whether a client-supplied managedFields value asks to reset tracking: {@code []} or a list with
     * one empty entry ({@code [{}]}).
     */
    public static boolean isReset(JsonNode list) {
        if (list == null || !list.isArray()) {
            return false;
        }
        if (list.isEmpty()) {
            return true;
        }
        return list.size() == 1 && isEmptyEntry(list.get(0));
    }

    private static boolean isEmptyEntry(JsonNode entry) {
        if (!entry.isObject()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> e : entry.properties()) {
            JsonNode v = e.getValue();
            if (!(v.isNull() || (v.isTextual() && v.textValue().isEmpty()))) {
                return false;
            }
        }
        return true;
    }

    /** The managedFields of an object, or an empty list if they are absent or invalid. */
    static List<ManagedFieldsEntry> parseLeniently(JsonNode obj) {
        try {
            return parse(obj == null ? null : obj.path("metadata").get("managedFields"));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }
}
