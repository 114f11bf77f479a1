package dev.tugboat.api.patch.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.patch.JsonValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 6902 JSON Patch ({@code application/json-patch+json}), applied with the semantics of the
 * library kube-apiserver uses (evanphx/json-patch v4): negative array indices count from the end,
 * {@code replace} of a missing object member adds it, and the error texts name the operation and
 * path as that library's do. Immutable and thread-safe; {@link #apply} never modifies its input.
 *
 * <p>Two guards bound the cost of a patch: at most {@link #MAX_OPERATIONS} operations (413 as
 * upstream), and at most {@link #MAX_COPY_BYTES} bytes added by {@code copy} operations (upstream's
 * {@code JSONPatchMaxCopyBytes}).
 */
public final class JsonPatch {

    /** kube-apiserver's {@code maxJSONPatchOperations}. */
    public static final int MAX_OPERATIONS = 10_000;
    /** kube-apiserver's default {@code JSONPatchMaxCopyBytes}. */
    public static final long MAX_COPY_BYTES = 3L * 1024 * 1024;

    private final List<JsonNode> operations;
    private final long maxCopyBytes;

    private JsonPatch(List<JsonNode> operations, long maxCopyBytes) {
        this.operations = List.copyOf(operations);
        this.maxCopyBytes = maxCopyBytes;
    }

    /**
     * Decodes a patch document.
     *
     * @throws ApiException.BadRequest            if the body is not a JSON array of objects
     * @throws ApiException.RequestEntityTooLarge if it has more than {@link #MAX_OPERATIONS} operations
     */
    public static JsonPatch parse(byte[] body) {
        JsonNode doc;
        try {
            doc = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ApiException.BadRequest("error decoding patch: " + firstLine(e));
        }
        return of(doc);
    }

    /** A patch from an already decoded document; same checks as {@link #parse}. */
    public static JsonPatch of(JsonNode doc) {
        return of(doc, MAX_COPY_BYTES);
    }

    /** As {@link #of(JsonNode)} with a different copy budget (tests and configuration). */
    public static JsonPatch of(JsonNode doc, long maxCopyBytes) {
        if (doc == null || !doc.isArray()) {
            throw new ApiException.BadRequest("json: cannot unmarshal " + goType(doc)
                    + " into Go value of type jsonpatch.Patch");
        }
        List<JsonNode> ops = new ArrayList<>(doc.size());
        for (JsonNode op : doc) {
            if (!op.isObject()) {
                throw new ApiException.BadRequest("json: cannot unmarshal " + goType(op)
                        + " into Go value of type jsonpatch.Operation");
            }
            ops.add(op);
        }
        if (ops.size() > MAX_OPERATIONS) {
            throw new ApiException.RequestEntityTooLarge("Request entity too large: The allowed maximum operations in a "
                    + "JSON patch is " + MAX_OPERATIONS + ", got " + ops.size());
        }
        return new JsonPatch(ops, maxCopyBytes);
    }

    /**
     * Applies the operations in order to a copy of {@code target}.
     *
     * @return the patched document
     * @throws ApiException.Invalid (422) naming the failed operation and path; nothing is half-applied
     */
    public JsonNode apply(JsonNode target) {
        Document doc = new Document(target.deepCopy(), maxCopyBytes);
        for (JsonNode op : operations) {
            try {
                doc.apply(op);
            } catch (PatchFailure f) {
                throw new ApiException.Invalid(f.getMessage());
            }
        }
        return doc.root;
    }

    private static String goType(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "null";
        }
        if (n.isObject()) {
            return "object";
        }
        if (n.isArray()) {
            return "array";
        }
        if (n.isTextual()) {
            return "string";
        }
        return n.isBoolean() ? "bool" : "number";
    }

    private static String firstLine(Exception e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return m == null ? "invalid JSON" : m.lines().findFirst().orElse(m);
    }

    /** A failed operation; its message is the client-facing text. */
    static final class PatchFailure extends RuntimeException {
        PatchFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** The document being patched and the running copy budget. */
    private static final class Document {
        private JsonNode root;
        private final long maxCopyBytes;
        private long copiedBytes;

        Document(JsonNode root, long maxCopyBytes) {
            this.root = root;
            this.maxCopyBytes = maxCopyBytes;
        }

        void apply(JsonNode op) {
            String kind = op.path("op").isTextual() ? op.get("op").textValue() : "unknown";
            switch (kind) {
                case "add" -> add(pointer(op, "path", kind), value(op, kind), kind);
                case "remove" -> remove(pointer(op, "path", kind), kind);
                case "replace" -> replace(pointer(op, "path", kind), value(op, kind));
                case "move" -> move(pointer(op, "from", kind), pointer(op, "path", kind));
                case "copy" -> copy(pointer(op, "from", kind), pointer(op, "path", kind));
                case "test" -> test(pointer(op, "path", kind), value(op, kind));
                default -> throw new PatchFailure("Unexpected kind: " + kind);
            }
        }

        private static JsonPointer pointer(JsonNode op, String field, String kind) {
            JsonNode p = op.get(field);
            if (p == null || !p.isTextual()) {
                throw new PatchFailure(kind + " operation failed to decode " + field + ": missing value");
            }
            try {
                return JsonPointer.parse(p.textValue());
            } catch (IllegalArgumentException e) {
                throw new PatchFailure(kind + " operation failed to decode " + field + ": " + e.getMessage());
            }
        }

        private static JsonNode value(JsonNode op, String kind) {
            JsonNode v = op.get("value");
            if (v == null) {
                throw new PatchFailure(kind + " operation, missing value field: missing value");
            }
            return v.deepCopy();
        }

        /** The container holding the pointer's last token; null for the root or when some ancestor is missing. */
        private JsonNode parent(JsonPointer p) {
            JsonNode node = root;
            if (p.isRoot() || !node.isContainerNode()) {
                return null;
            }
            for (String token : p.parentTokens()) {
                node = child(node, token);
                if (node == null || !node.isContainerNode()) {
                    return null;
                }
            }
            return node;
        }

        private static JsonNode child(JsonNode node, String token) {
            if (node.isObject()) {
                return node.get(token);
            }
            Integer i = index(token, node.size());
            return i == null || i >= node.size() ? null : node.get(i);
        }

        /** An array index as Go's Atoi reads it, negative counting from {@code size}; null if not a number. */
        private static Integer index(String token, int size) {
            if (token.isEmpty() || token.length() > 18 || !token.matches("[+-]?\\d+")) {
                return null;
            }
            long i = Long.parseLong(token);
            if (i < 0 && i >= -size) {
                i += size;
            }
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, i));
        }

        private void add(JsonPointer p, JsonNode value, String kind) {
            if (p.isRoot()) {
                root = value;
                return;
            }
            JsonNode parent = parent(p);
            if (parent == null) {
                throw new PatchFailure(kind + " operation does not apply: doc is missing path: \"" + p + "\": missing value");
            }
            if (parent instanceof ObjectNode o) {
                o.set(p.last(), value);
                return;
            }
            ArrayNode a = (ArrayNode) parent;
            if (p.last().equals("-")) {
                a.add(value);
                return;
            }
            int i = arrayIndex(p, a.size() + 1, "add");
            a.insert(i, value);
        }

        private static int arrayIndex(JsonPointer p, int size, String kind) {
            Integer i = index(p.last(), size);
            if (i == null) {
                throw new PatchFailure("error in " + kind + " for path: '" + p + "': value was not a proper array index: '"
                        + p.last() + "'");
            }
            if (i < 0 || i >= size) {
                throw new PatchFailure("error in " + kind + " for path: '" + p + "': Unable to access invalid index: "
                        + p.last() + ": invalid index referenced");
            }
            return i;
        }

        private JsonNode remove(JsonPointer p, String kind) {
            if (p.isRoot()) {
                throw new PatchFailure(kind + " operation does not apply: doc is missing path: \"\": missing value");
            }
            JsonNode parent = parent(p);
            if (parent == null) {
                throw new PatchFailure(kind + " operation does not apply: doc is missing path: \"" + p + "\": missing value");
            }
            if (parent instanceof ObjectNode o) {
                if (!o.has(p.last())) {
                    throw new PatchFailure("error in " + kind + " for path: '" + p + "': Unable to remove nonexistent key: "
                            + p.last() + ": missing value");
                }
                return o.remove(p.last());
            }
            ArrayNode a = (ArrayNode) parent;
            return a.remove(arrayIndex(p, a.size(), kind));
        }

        private void replace(JsonPointer p, JsonNode value) {
            if (p.isRoot()) {
                root = value;
                return;
            }
            JsonNode parent = parent(p);
            if (parent == null) {
                throw new PatchFailure("replace operation does not apply: doc is missing path: " + p + ": missing value");
            }
            if (parent instanceof ObjectNode o) {
                // As evanphx/json-patch v4: replacing a missing member adds it.
                o.set(p.last(), value);
                return;
            }
            ArrayNode a = (ArrayNode) parent;
            Integer i = index(p.last(), a.size());
            if (i == null || i < 0 || i >= a.size()) {
                throw new PatchFailure("replace operation does not apply: doc is missing key: " + p + ": missing value");
            }
            a.set(i, value);
        }

        private void move(JsonPointer from, JsonPointer to) {
            if (!from.isRoot() && parent(from) == null) {
                throw new PatchFailure("move operation does not apply: doc is missing from path: " + from + ": missing value");
            }
            JsonNode value = remove(from, "move");
            if (!to.isRoot() && parent(to) == null) {
                throw new PatchFailure("move operation does not apply: doc is missing destination path: " + to
                        + ": missing value");
            }
            add(to, value, "move");
        }

        private void copy(JsonPointer from, JsonPointer to) {
            JsonNode value = get(from);
            if (!to.isRoot() && parent(to) == null) {
                throw new PatchFailure("copy operation does not apply: doc is missing destination path: " + to
                        + ": missing value");
            }
            copiedBytes += Json.bytes(value).length;
            if (copiedBytes > maxCopyBytes) {
                throw new PatchFailure("Unable to complete the copy, the accumulated size increase of copy is "
                        + copiedBytes + ", exceeding the limit " + maxCopyBytes);
            }
            add(to, value.deepCopy(), "copy");
        }

        private void test(JsonPointer p, JsonNode expected) {
            if (!p.isRoot() && parent(p) == null) {
                throw new PatchFailure("test operation does not apply: is missing path: " + p + ": missing value");
            }
            JsonNode actual = p.isRoot() ? root : child(parent(p), p.last());
            if (actual == null || !JsonValues.equal(actual, expected)) {
                throw new PatchFailure("testing value " + p + " failed: test failed");
            }
        }

        private JsonNode get(JsonPointer from) {
            if (from.isRoot()) {
                return root;
            }
            JsonNode parent = parent(from);
            JsonNode value = parent == null ? null : child(parent, from.last());
            if (value == null) {
                throw new PatchFailure("copy operation does not apply: doc is missing from path: " + from
                        + ": missing value");
            }
            return value;
        }
    }
}
