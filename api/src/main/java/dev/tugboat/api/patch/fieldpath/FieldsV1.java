package dev.tugboat.api.patch.fieldpath;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code fieldsV1} encoding of a {@link FieldSet}: a trie of JSON objects keyed by encoded
 * path elements, with {@code ".":{}} marking a node that is itself in the set and also has
 * children. Keys are written in path-element order ({@code "."} first). Stateless and thread-safe.
 */
public final class FieldsV1 {

    private static final String SELF = ".";

    private FieldsV1() {
    }

    /** The fieldsV1 object of a set. */
    public static ObjectNode encode(FieldSet set) {
        ObjectNode out = Json.object();
        write(set, false, out);
        return out;
    }

    private static void write(FieldSet set, boolean self, ObjectNode out) {
        if (self) {
            out.putObject(SELF);
        }
        List<PathElement> all = new ArrayList<>(set.members());
        set.children().keySet().stream().filter(pe -> !set.members().contains(pe)).forEach(all::add);
        all.sort(null);
        for (PathElement pe : all) {
            ObjectNode child = out.putObject(pe.encoded());
            FieldSet sub = set.children().get(pe);
            if (sub != null) {
                write(sub, set.members().contains(pe), child);
            }
        }
    }

    /**
     * Decodes a fieldsV1 object. Keys with an unknown prefix are ignored, as upstream readers do.
     *
     * @throws IllegalArgumentException if the value is not a fieldsV1 trie
     */
    public static FieldSet decode(JsonNode fields) {
        if (fields == null || fields.isNull()) {
            return FieldSet.empty();
        }
        FieldSet.Builder b = FieldSet.builder();
        read(fields, Path.root(), b);
        return b.build();
    }

    private static void read(JsonNode node, Path prefix, FieldSet.Builder b) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("expected an object at " + display(prefix) + ", got " + node);
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getKey().equals(SELF)) {
                if (!e.getValue().isObject() || !e.getValue().isEmpty()) {
                    throw new IllegalArgumentException("expected {} for \".\" at " + display(prefix));
                }
                b.insert(prefix);
                continue;
            }
            PathElement pe = element(e.getKey());
            if (pe == null) {
                continue;
            }
            Path path = prefix.child(pe);
            if (e.getValue().isObject() && e.getValue().isEmpty()) {
                b.insert(path);
            } else {
                read(e.getValue(), path, b);
            }
        }
    }

    /** A path element from its fieldsV1 key; null for an unknown prefix. */
    static PathElement element(String key) {
        if (key.length() < 2 || key.charAt(1) != ':') {
            return null;
        }
        String body = key.substring(2);
        return switch (key.charAt(0)) {
            case 'f' -> new PathElement.Field(body);
            case 'k' -> key(body);
            case 'v' -> new PathElement.Value(parse(body));
            case 'i' -> index(body);
            default -> null;
        };
    }

    private static PathElement key(String body) {
        JsonNode obj = parse(body);
        if (!obj.isObject()) {
            throw new IllegalArgumentException("expected a JSON object in key element k:" + body);
        }
        List<PathElement.KeyField> fields = new ArrayList<>();
        obj.properties().forEach(f -> fields.add(new PathElement.KeyField(f.getKey(), f.getValue())));
        return new PathElement.Key(fields);
    }

    private static PathElement index(String body) {
        try {
            return new PathElement.Index(Integer.parseInt(body));
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("invalid index element i:" + body);
        }
    }

    private static JsonNode parse(String json) {
        try {
            JsonNode n = Json.MAPPER.readTree(json);
            if (n == null || n.isMissingNode()) {
                throw new IllegalArgumentException("empty JSON in path element");
            }
            return n;
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("invalid JSON in path element: " + json);
        }
    }

    private static String display(Path p) {
        return p.isRoot() ? "the root" : p.toString();
    }
}
