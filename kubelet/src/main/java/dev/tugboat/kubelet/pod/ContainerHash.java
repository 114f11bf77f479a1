package dev.tugboat.kubelet.pod;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A container spec's hash, recorded on the container when it is created: when the pod's spec for that
 * container changes (e.g. {@code kubectl set image} on a bare pod), the hash differs and the kubelet
 * replaces the running container, as upstream does. Members are hashed in sorted order, so a patch that
 * only reorders fields changes nothing; resources are left out because they can change in place.
 */
public final class ContainerHash {

    private static final Set<String> IGNORED = Set.of("resources", "resizePolicy");

    private ContainerHash() {
    }

    public static String of(JsonNode container) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            feed(md, container, true);
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static void feed(MessageDigest md, JsonNode node, boolean top) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            md.update((byte) '{');
            for (String name : names) {
                if (top && IGNORED.contains(name)) {
                    continue;
                }
                md.update(name.getBytes(StandardCharsets.UTF_8));
                md.update((byte) ':');
                feed(md, node.get(name), false);
                md.update((byte) ',');
            }
            md.update((byte) '}');
        } else if (node.isArray()) {
            md.update((byte) '[');
            for (JsonNode item : node) {
                feed(md, item, false);
                md.update((byte) ',');
            }
            md.update((byte) ']');
        } else {
            md.update(node.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
