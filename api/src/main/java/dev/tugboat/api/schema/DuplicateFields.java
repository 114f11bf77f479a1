package dev.tugboat.api.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds keys that appear twice in one object of a raw JSON or YAML body: a decoded tree keeps only
 * the last value, so this must run on the bytes. Paths are printed like {@link FieldValidator}'s.
 * Stateless; thread-safe.
 */
public final class DuplicateFields {

    private DuplicateFields() {
    }

    /** Duplicates in a JSON body. Malformed JSON throws {@link IOException}. */
    public static List<FieldProblem> inJson(byte[] body) throws IOException {
        return scan(Json.MAPPER.getFactory(), body);
    }

    /** Duplicates in a YAML body (first document). Malformed YAML throws {@link IOException}. */
    public static List<FieldProblem> inYaml(byte[] body) throws IOException {
        return scan(Json.YAML.getFactory(), body);
    }

    /**
     * One open container while scanning. Its path is built only when a duplicate is reported, and its
     * key set only from the second key: most bodies have none, and this runs on every write.
     */
    private static final class Frame {
        final Frame parent;
        /** The key of this container in its parent object, or null. */
        final String key;
        /** The index of this container in its parent list, or -1. */
        final int index;
        final boolean object;
        /** Lists: the index of the next element. */
        int nextIndex;
        /** Objects: the key whose value is read next. */
        String pendingKey;
        private String firstKey;
        private Set<String> keys;

        Frame(Frame parent, boolean object) {
            this.parent = parent;
            this.object = object;
            if (parent == null) {
                this.key = null;
                this.index = -1;
            } else if (parent.object) {
                this.key = parent.pendingKey;
                this.index = -1;
            } else {
                this.key = null;
                this.index = parent.nextIndex++;
            }
        }

        /** Records a key of this object; false when it was seen before. */
        boolean addKey(String k) {
            pendingKey = k;
            if (firstKey == null) {
                firstKey = k;
                return true;
            }
            if (keys == null) {
                keys = new HashSet<>();
                keys.add(firstKey);
            }
            return keys.add(k);
        }

        /** A value that is not a container took its place in this list. */
        void skipElement() {
            if (!object) {
                nextIndex++;
            }
        }

        String path() {
            if (parent == null) {
                return "";
            }
            String p = parent.path();
            if (key != null) {
                return p.isEmpty() ? key : p + "." + key;
            }
            return p + "[" + index + "]";
        }

        String pathOf(String childKey) {
            String p = path();
            return p.isEmpty() ? childKey : p + "." + childKey;
        }
    }

    private static List<FieldProblem> scan(JsonFactory factory, byte[] body) throws IOException {
        List<FieldProblem> out = new ArrayList<>();
        Frame top = null;
        try (JsonParser p = factory.createParser(body)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case FIELD_NAME -> {
                        String name = p.currentName();
                        if (!top.addKey(name)) {
                            out.add(FieldProblem.duplicate(top.pathOf(name)));
                        }
                    }
                    case START_OBJECT, START_ARRAY -> top = new Frame(top, t == JsonToken.START_OBJECT);
                    case END_OBJECT, END_ARRAY -> {
                        top = top.parent;
                        if (top == null) {
                            return out;
                        }
                    }
                    default -> {
                        if (top != null) {
                            top.skipElement();
                        }
                    }
                }
            }
        }
        return out;
    }
}
