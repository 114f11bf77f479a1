package dev.tugboat.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Where a scalable resource keeps what its {@code scale} subresource shows: built-ins use
 * {@code .spec.replicas}, {@code .status.replicas} and the {@code .spec.selector} label selector; custom
 * resources declare the paths in their CRD ({@code specReplicasPath}, …; the selector there is a string).
 *
 * @param labelSelectorPath may be empty (no selector in the Scale status)
 */
public record ScalePaths(String specReplicasPath, String statusReplicasPath, String labelSelectorPath) {

    public static final ScalePaths BUILTIN = new ScalePaths(".spec.replicas", ".status.replicas", ".spec.selector");

    /** The node at a simple {@code .a.b.c} path, or a missing node. */
    public static JsonNode at(JsonNode obj, String path) {
        JsonNode n = obj;
        for (String seg : segments(path)) {
            n = n.path(seg);
        }
        return n;
    }

    /** Sets an integer at a simple {@code .a.b.c} path, creating objects on the way. */
    public static void setInt(ObjectNode obj, String path, int value) {
        List<String> segs = segments(path);
        ObjectNode n = obj;
        for (int i = 0; i < segs.size() - 1; i++) {
            n = n.withObjectProperty(segs.get(i));
        }
        n.put(segs.get(segs.size() - 1), value);
    }

    private static List<String> segments(String path) {
        String p = path.startsWith(".") ? path.substring(1) : path;
        return p.isEmpty() ? List.of() : List.of(p.split("\\."));
    }
}
