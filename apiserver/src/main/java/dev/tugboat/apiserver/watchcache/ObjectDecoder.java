package dev.tugboat.apiserver.watchcache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.store.KeyValue;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns stored bytes into cached objects. Stored objects carry no resourceVersion (as upstream,
 * the revision is the key's mod revision); it is set here.
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
        return withRevision(key, obj, revision);
    }

    public static CachedObject decode(KeyValue kv) {
        return decode(kv.key(), kv.value(), kv.modRevision());
    }

    /** Wraps a tree the caller no longer mutates, setting its resourceVersion. */
    public static CachedObject withRevision(String key, ObjectNode obj, long revision) {
        Meta.mutableMetadata(obj).put("resourceVersion", Long.toString(revision));
        return new CachedObject(key, Meta.namespace(obj), Meta.name(obj), revision, obj, Json.bytes(obj),
                Meta.labels(obj));
    }

    /** A copy of {@code prev} re-stamped with a deletion revision (what DELETED events carry). */
    public static CachedObject deleted(CachedObject prev, long revision) {
        return withRevision(prev.key(), prev.object().deepCopy(), revision);
    }
}
