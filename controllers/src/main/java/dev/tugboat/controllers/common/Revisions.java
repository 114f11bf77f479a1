package dev.tugboat.controllers.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.patch.GoJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * ControllerRevisions as values (upstream's pkg/controller/history): the revision a controller records
 * for its owner's pod template, its content hash and name, ordering by revision number, and restoring an
 * owner from a revision. Pure functions.
 *
 * <p>A revision's {@code data} is a strategic merge patch that replaces the owner's pod template
 * ({@code {"spec":{"template":{…,"$patch":"replace"}}}}), which is what {@code kubectl rollout undo}
 * applies to a DaemonSet or StatefulSet. Data are compared by their Go JSON encoding (sorted keys), so
 * two encodings of the same template are the same revision.
 */
public final class Revisions {

    public static final GroupVersionResource CONTROLLER_REVISIONS =
            new GroupVersionResource("apps", "v1", "controllerrevisions");
    /** The label carrying a revision's data hash (upstream's ControllerRevisionHashLabel). */
    public static final String HASH_LABEL = "controller.kubernetes.io/hash";
    /** Upstream's rand.SafeEncodeString alphabet: no vowels, no look-alikes, so no words. */
    private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int MAX_PREFIX = 223;

    private Revisions() {
    }

    /** The Go JSON encoding of a revision's data: what is hashed and compared. */
    public static byte[] encode(JsonNode data) {
        return GoJson.write(data).getBytes(StandardCharsets.UTF_8);
    }

    /** FNV-1, 32 bit (Go's fnv.New32). */
    public static int fnv32(byte[]... chunks) {
        int h = 0x811c9dc5;
        for (byte[] chunk : chunks) {
            for (byte b : chunk) {
                h *= 0x01000193;
                h ^= b & 0xff;
            }
        }
        return h;
    }

    /** FNV-1a, 32 bit (Go's fnv.New32a). */
    public static int fnv32a(byte[]... chunks) {
        int h = 0x811c9dc5;
        for (byte[] chunk : chunks) {
            for (byte b : chunk) {
                h ^= b & 0xff;
                h *= 0x01000193;
            }
        }
        return h;
    }

    /** Maps each character to the safe alphabet (upstream's rand.SafeEncodeString). */
    public static String safeEncode(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            sb.append(SAFE_ALPHABET.charAt((b & 0xff) % SAFE_ALPHABET.length()));
        }
        return sb.toString();
    }

    /** The decimal form of an unsigned 32-bit hash, safe-encoded. */
    public static String encodeHash(int hash) {
        return safeEncode(Integer.toUnsignedString(hash));
    }

    /**
     * The hash of a revision's data, with the collision count mixed in when it is not null (upstream's
     * HashControllerRevision).
     */
    public static String hash(JsonNode data, Integer collisionCount) {
        byte[] probe = collisionCount == null ? new byte[0]
                : Integer.toString(collisionCount).getBytes(StandardCharsets.UTF_8);
        return encodeHash(fnv32(encode(data), probe));
    }

    /** {@code <prefix>-<hash>}, the prefix cut to 223 characters so that the name fits 253. */
    public static String name(String prefix, String hash) {
        return (prefix.length() > MAX_PREFIX ? prefix.substring(0, MAX_PREFIX) : prefix) + "-" + hash;
    }

    /** The patch that restores {@code owner}'s current pod template. */
    public static ObjectNode templatePatch(JsonNode owner) {
        ObjectNode template = owner.path("spec").path("template").isObject()
                ? ((ObjectNode) owner.path("spec").path("template")).deepCopy() : Json.object();
        template.put("$patch", "replace");
        ObjectNode patch = Json.object();
        patch.putObject("spec").set("template", template);
        return patch;
    }

    /** The pod template a revision restores. */
    public static ObjectNode template(JsonNode revision) {
        JsonNode t = revision.path("data").path("spec").path("template");
        ObjectNode copy = t.isObject() ? ((ObjectNode) t).deepCopy() : Json.object();
        copy.remove("$patch");
        return copy;
    }

    /** A copy of {@code owner} with the pod template {@code revision} restores (upstream's ApplyRevision). */
    public static ObjectNode applyRevision(JsonNode owner, JsonNode revision) {
        ObjectNode copy = ((ObjectNode) owner).deepCopy();
        ObjectNode spec = copy.get("spec") instanceof ObjectNode o ? o : copy.putObject("spec");
        spec.set("template", template(revision));
        return copy;
    }

    /** Whether two revisions hold the same data (upstream's EqualRevision without the hash shortcut). */
    public static boolean sameData(JsonNode a, JsonNode b) {
        return java.util.Arrays.equals(encode(a), encode(b));
    }

    public static long revision(JsonNode cr) {
        return cr.path("revision").asLong(0);
    }

    /** Ascending by revision, ties broken by creation time and then name (upstream's byRevision). */
    public static final Comparator<JsonNode> BY_REVISION = Comparator.<JsonNode>comparingLong(Revisions::revision)
            .thenComparing(Meta::creationTimestamp).thenComparing(Meta::name);

    public static List<JsonNode> sorted(Collection<? extends JsonNode> revisions) {
        List<JsonNode> out = new ArrayList<>(revisions);
        out.sort(BY_REVISION);
        return out;
    }

    /** One more than the highest revision number of {@code sorted}; 1 for none. */
    public static long nextRevision(List<? extends JsonNode> sorted) {
        return sorted.isEmpty() ? 1 : revision(sorted.get(sorted.size() - 1)) + 1;
    }

    /**
     * A new ControllerRevision of {@code owner} (upstream's NewControllerRevision): the template's labels
     * plus the hash label, a controller reference, the data and revision number, named
     * {@code <owner>-<hash>}. Its namespace is the owner's.
     */
    public static ObjectNode newRevision(JsonNode owner, OwnerKind ownerKind, Map<String, String> templateLabels,
                                         JsonNode data, long revision, Integer collisionCount) {
        String hash = hash(data, collisionCount);
        ObjectNode cr = Json.object();
        cr.put("apiVersion", "apps/v1");
        cr.put("kind", "ControllerRevision");
        ObjectNode meta = cr.putObject("metadata");
        meta.put("name", name(Meta.name(owner), hash));
        meta.put("namespace", Meta.namespace(owner));
        ObjectNode labels = meta.putObject("labels");
        templateLabels.forEach(labels::put);
        labels.put(HASH_LABEL, hash);
        meta.putArray("ownerReferences").add(ownerKind.controllerRef(owner));
        cr.set("data", data.deepCopy());
        cr.put("revision", revision);
        return cr;
    }
}
