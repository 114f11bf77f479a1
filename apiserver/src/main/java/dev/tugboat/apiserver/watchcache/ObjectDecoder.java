package dev.tugboat.apiserver.watchcache;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.store.KeyValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns stored bytes into cached objects. Stored objects carry no resourceVersion (as upstream, the
 * revision is the key's mod revision); it is spliced into the JSON right after the opening brace of the
 * top-level {@code metadata}, so the bytes need not be re-encoded.
 */
public final class ObjectDecoder {

    private ObjectDecoder() {
    }

    /** Decodes a stored value, setting {@code metadata.resourceVersion} to {@code revision}. */
    public static CachedObject decode(String key, byte[] value, long revision) {
        ObjectNode obj;
        try {
            obj = (ObjectNode) Json.MAPPER.readTree(value);
        } catch (IOException | ClassCastException e) {
            throw new UncheckedIOException("corrupt stored object at " + key, e instanceof IOException io
                    ? io : new IOException(e));
        }
        String rv = Long.toString(revision);
        Meta.mutableMetadata(obj).put("resourceVersion", rv);
        byte[] json = spliceResourceVersion(value, rv);
        if (json == null) {
            json = Json.bytes(obj);
        }
        return new CachedObject(key, Meta.namespace(obj), Meta.name(obj), revision, json, Meta.labels(obj), obj);
    }

    public static CachedObject decode(KeyValue kv) {
        return decode(kv.key(), kv.value(), kv.modRevision());
    }

    /** Wraps a tree the caller no longer mutates, setting its resourceVersion. */
    public static CachedObject withRevision(String key, ObjectNode obj, long revision) {
        Meta.mutableMetadata(obj).put("resourceVersion", Long.toString(revision));
        return new CachedObject(key, Meta.namespace(obj), Meta.name(obj), revision, Json.bytes(obj),
                Meta.labels(obj), obj);
    }

    /** A copy of {@code prev} re-stamped with a deletion revision (what DELETED events carry). */
    public static CachedObject deleted(CachedObject prev, long revision) {
        return withRevision(prev.key(), prev.object().deepCopy(), revision);
    }

    /**
     * {@code json} with {@code "resourceVersion":"<rv>"} as the first member of the top-level metadata
     * object, or null if the JSON has no metadata object (or already has a resourceVersion there).
     */
    public static byte[] spliceResourceVersion(byte[] json, String rv) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("metadata")) {
                    if (t != JsonToken.START_OBJECT) {
                        return null;
                    }
                    int brace = (int) p.currentTokenLocation().getByteOffset();
                    if (brace < 0 || brace >= json.length || json[brace] != '{') {
                        return null;
                    }
                    JsonToken next = p.nextToken();
                    if (next == JsonToken.FIELD_NAME && p.currentName().equals("resourceVersion")) {
                        return null;
                    }
                    boolean empty = next == JsonToken.END_OBJECT;
                    byte[] insert = ("\"resourceVersion\":\"" + rv + "\"" + (empty ? "" : ","))
                            .getBytes(StandardCharsets.UTF_8);
                    byte[] out = new byte[json.length + insert.length];
                    System.arraycopy(json, 0, out, 0, brace + 1);
                    System.arraycopy(insert, 0, out, brace + 1, insert.length);
                    System.arraycopy(json, brace + 1, out, brace + 1 + insert.length, json.length - brace - 1);
                    return out;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
