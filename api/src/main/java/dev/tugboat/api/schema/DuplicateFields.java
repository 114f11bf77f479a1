package dev.tugboat.api.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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

    /** One open container while scanning: its path, its keys so far (objects) or next index (lists). */
    private static final class Frame {
        final String path;
        final Set<String> keys;
        int index;
        String pendingKey;

        Frame(String path, boolean object) {
            this.path = path;
            this.keys = object ? new HashSet<>() : null;
        }

        /** The path of the value about to be read in this container. */
        String childPath() {
            if (keys == null) {
                return path + "[" + index++ + "]";
            }
            return path.isEmpty() ? pendingKey : path + "." + pendingKey;
        }
    }

    private static List<FieldProblem> scan(JsonFactory factory, byte[] body) throws IOException {
        List<FieldProblem> out = new ArrayList<>();
        Deque<Frame> stack = new ArrayDeque<>();
        try (JsonParser p = factory.createParser(body)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case FIELD_NAME -> {
                        Frame f = stack.peek();
                        f.pendingKey = p.currentName();
                        if (!f.keys.add(f.pendingKey)) {
                            out.add(FieldProblem.duplicate(f.path.isEmpty() ? f.pendingKey : f.path + "." + f.pendingKey));
                        }
                    }
                    case START_OBJECT, START_ARRAY -> {
                        String path = stack.isEmpty() ? "" : stack.peek().childPath();
                        stack.push(new Frame(path, t == JsonToken.START_OBJECT));
                    }
                    case END_OBJECT, END_ARRAY -> {
                        stack.pop();
                        if (stack.isEmpty()) {
                            return out;
                        }
                    }
                    default -> {
                        if (!stack.isEmpty()) {
                            stack.peek().childPath();
                        }
                    }
                }
            }
        }
        return out;
    }
}
