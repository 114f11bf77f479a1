package dev.tugboat.apiserver.watchcache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.util.Map;

/**
 * One object as the cache holds it: its serialized JSON (with {@code metadata.resourceVersion} set)
 * and the labels selectors need. The tree is parsed on demand and held only weakly: watchers of one
 * event share one parse, but trees do not outlive the next young collection. (Softly held trees were
 * kept for good on a machine with free memory, and copying them into the old generation cost a
 * fifth of the time under a stream of creates, and most of the resident memory.)
 *
 * <p>{@link #object()} returns a shared tree: callers must not modify it (take a {@code deepCopy()}).
 */
public final class CachedObject {

    private final String key;
    private final String namespace;
    private final String name;
    private final long revision;
    private final byte[] json;
    private final Map<String, String> labels;
    private volatile WeakReference<ObjectNode> tree;

    /** @param revision the object's resourceVersion (for deletions, the deletion revision) */
    public CachedObject(String key, String namespace, String name, long revision, byte[] json,
                        Map<String, String> labels, ObjectNode tree) {
        this.key = key;
        this.namespace = namespace;
        this.name = name;
        this.revision = revision;
        this.json = json;
        this.labels = labels;
        this.tree = tree == null ? null : new WeakReference<>(tree);
    }

    public String key() {
        return key;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public long revision() {
        return revision;
    }

    /** The JSON as served (storage version); never modified. */
    public byte[] json() {
        return json;
    }

    public Map<String, String> labels() {
        return labels;
    }

    /** The object as a tree (shared; do not modify). */
    public ObjectNode object() {
        WeakReference<ObjectNode> ref = tree;
        ObjectNode t = ref == null ? null : ref.get();
        if (t == null) {
            try {
                t = (ObjectNode) Json.MAPPER.readTree(json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            tree = new WeakReference<>(t);
        }
        return t;
    }
}
