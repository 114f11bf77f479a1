package dev.tugboat.api.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Read accessors for {@code metadata} of an object held as a JSON tree. Missing values read as empty. */
public final class Meta {

    private Meta() {
    }

    public static JsonNode metadata(JsonNode obj) {
        return obj.path("metadata");
    }

    public static String name(JsonNode obj) {
        return metadata(obj).path("name").asText("");
    }

    public static String generateName(JsonNode obj) {
        return metadata(obj).path("generateName").asText("");
    }

    public static String namespace(JsonNode obj) {
        return metadata(obj).path("namespace").asText("");
    }

    public static String uid(JsonNode obj) {
        return metadata(obj).path("uid").asText("");
    }

    public static String resourceVersion(JsonNode obj) {
        return metadata(obj).path("resourceVersion").asText("");
    }

    public static long generation(JsonNode obj) {
        return metadata(obj).path("generation").asLong(0);
    }

    public static String creationTimestamp(JsonNode obj) {
        return metadata(obj).path("creationTimestamp").asText("");
    }

    public static String deletionTimestamp(JsonNode obj) {
        JsonNode t = metadata(obj).path("deletionTimestamp");
        return t.isTextual() ? t.textValue() : "";
    }

    public static boolean isDeleting(JsonNode obj) {
        return !deletionTimestamp(obj).isEmpty();
    }

    public static Map<String, String> labels(JsonNode obj) {
        return stringMap(metadata(obj).path("labels"));
    }

    public static Map<String, String> annotations(JsonNode obj) {
        return stringMap(metadata(obj).path("annotations"));
    }

    public static List<String> finalizers(JsonNode obj) {
        JsonNode f = metadata(obj).path("finalizers");
        if (!f.isArray()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(f.size());
        f.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The ownerReferences array (possibly empty). */
    public static List<JsonNode> ownerReferences(JsonNode obj) {
        JsonNode refs = metadata(obj).path("ownerReferences");
        if (!refs.isArray()) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>(refs.size());
        refs.forEach(out::add);
        return out;
    }

    /** The {@code metadata} object, created if absent. */
    public static ObjectNode mutableMetadata(ObjectNode obj) {
        JsonNode m = obj.get("metadata");
        if (m instanceof ObjectNode o) {
            return o;
        }
        return obj.putObject("metadata");
    }

    /** A JSON object of strings as an ordered map; non-objects give an empty map. */
    public static Map<String, String> stringMap(JsonNode node) {
        if (!node.isObject() || node.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String> out = new LinkedHashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
