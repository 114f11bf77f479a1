package dev.tugboat.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code pod-template-hash} of a Deployment's pod template (upstream's ComputeHash): FNV-32a over a
 * stable serialization of the template (keys sorted, nulls and empty values dropped), then the collision
 * count as four little-endian bytes if there is one, written as the decimal of the unsigned sum with each
 * digit mapped onto the safe-encoding alphabet. Equal templates give equal hashes in every process; the
 * value is not upstream's bit for bit (that one hashes Go's struct dump). Pure.
 */
public final class PodTemplateHash {

    /** The label (and selector key) that ties a ReplicaSet and its pods to one template. */
    public static final String LABEL = "pod-template-hash";
    /** Upstream's rand.SafeEncodeString alphabet: no vowels, no 0/1/3 (no words, no look-alikes). */
    static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private PodTemplateHash() {
    }

    public static String compute(JsonNode template, Integer collisionCount) {
        int h = fnv32a(FNV_OFFSET, canonical(normalized(template)).getBytes(StandardCharsets.UTF_8));
        if (collisionCount != null) {
            int c = collisionCount;
            h = fnv32a(h, new byte[] {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24)});
        }
        return safeEncode(Integer.toUnsignedString(h));
    }

    /** FNV-1a, 32 bits, continuing from {@code h} (start with the offset basis). */
    static int fnv32a(int h, byte[] data) {
        for (byte b : data) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        return h;
    }

    static int fnv32a(byte[] data) {
        return fnv32a(FNV_OFFSET, data);
    }

    static String safeEncode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            out.append(ALPHABET.charAt(c % ALPHABET.length()));
        }
        return out.toString();
    }

    /**
     * Whether two templates are the same apart from their {@code pod-template-hash} label (upstream's
     * EqualIgnoreHash; like Go's semantic equality, a missing and an empty map or list are equal).
     */
    public static boolean equalIgnoreHash(JsonNode a, JsonNode b) {
        return normalized(withoutHashLabel(a)).equals(normalized(withoutHashLabel(b)));
    }

    /** A copy of the template without the hash label. */
    public static JsonNode withoutHashLabel(JsonNode template) {
        JsonNode copy = template.deepCopy();
        if (copy.path("metadata").path("labels") instanceof ObjectNode labels) {
            labels.remove(LABEL);
        }
        return copy;
    }

    /** Drops nulls and empty objects and arrays, recursively: Go's omitempty and nil-vs-empty. */
    static JsonNode normalized(JsonNode n) {
        if (n.isObject()) {
            ObjectNode out = Json.object();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                JsonNode v = normalized(e.getValue());
                if (!isEmpty(v)) {
                    out.set(e.getKey(), v);
                }
            }
            return out;
        }
        if (n.isArray()) {
            var out = Json.MAPPER.createArrayNode();
            n.forEach(v -> out.add(normalized(v)));
            return out;
        }
        return n;
    }

    private static boolean isEmpty(JsonNode v) {
        return v.isNull() || v.isMissingNode() || (v.isContainerNode() && v.isEmpty());
    }

    /** JSON with object keys sorted, so that the text depends on content only. */
    static String canonical(JsonNode n) {
        StringBuilder sb = new StringBuilder();
        write(n, sb);
        return sb.toString();
    }

    private static void write(JsonNode n, StringBuilder sb) {
        if (n.isObject()) {
            List<String> keys = new ArrayList<>();
            n.fieldNames().forEachRemaining(keys::add);
            keys.sort(null);
            sb.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(Json.string(Json.MAPPER.getNodeFactory().textNode(keys.get(i)))).append(':');
                write(n.get(keys.get(i)), sb);
            }
            sb.append('}');
        } else if (n.isArray()) {
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(n.get(i), sb);
            }
            sb.append(']');
        } else {
            sb.append(Json.string(n));
        }
    }
}
