package dev.tugboat.api.patch.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.patch.GoJson;
import dev.tugboat.api.patch.fieldpath.FieldSet;
import dev.tugboat.api.patch.typed.Comparison;
import dev.tugboat.api.patch.typed.FieldSetExtractor;
import dev.tugboat.api.patch.typed.SsaType;
import dev.tugboat.api.patch.typed.TypedCompare;
import dev.tugboat.api.patch.typed.TypedValidator;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The bridge between kubectl's client-side apply and server-side apply, active only for the
 * manager {@code kubectl} on objects carrying the last-applied annotation: conflicts on fields the
 * annotation still describes truthfully are forgiven, and after a successful apply the annotation
 * is rewritten to the applied configuration. Stateless.
 */
final class LastApplied {

    static final String ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
    static final String KUBECTL = "kubectl";
    /** Upstream's total annotation size limit; a larger annotation is dropped instead of written. */
    static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

    private LastApplied() {
    }

    /**
     * The conflicts client-side apply does not explain; empty means "apply again with force".
     * Forgiven: paths of the annotation's object that are equal in the live object, when the
     * annotation's apiVersion is the request's.
     */
    static Conflicts unforgiven(Conflicts conflicts, String manager, JsonNode live, SsaType type, String apiVersion) {
        if (!manager.equals(KUBECTL)) {
            return conflicts;
        }
        return allowed(live, type, apiVersion).map(conflicts::without).orElse(conflicts);
    }

    private static Optional<FieldSet> allowed(JsonNode live, SsaType type, String apiVersion) {
        String text = annotation(live);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        JsonNode lastApplied;
        try {
            lastApplied = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (lastApplied == null || !lastApplied.isObject() || !apiVersion.equals(lastApplied.path("apiVersion").asText())
                || !TypedValidator.validate(lastApplied, type).isEmpty()) {
            return Optional.empty();
        }
        Comparison cmp = TypedCompare.compare(lastApplied, live, type);
        return Optional.of(FieldSetExtractor.extract(lastApplied, type)
                .difference(cmp.modified()).difference(cmp.added()).difference(cmp.removed()));
    }

    /** Rewrites the annotation on {@code result} to the applied configuration when kubectl applied. */
    static void update(ObjectNode result, ObjectNode config, String manager) {
        if (!manager.equals(KUBECTL) || annotation(result).isEmpty()) {
            return;
        }
        ObjectNode annotations = (ObjectNode) result.path("metadata").path("annotations");
        annotations.put(ANNOTATION, encode(config));
        if (size(annotations) > TOTAL_ANNOTATION_SIZE_LIMIT) {
            annotations.remove(ANNOTATION);
        }
    }

    /** The configuration without the annotation itself, as Go's JSON encoder writes it (sorted, newline-terminated). */
    static String encode(ObjectNode config) {
        ObjectNode copy = config.deepCopy();
        if (copy.path("metadata").path("annotations") instanceof ObjectNode a) {
            a.remove(ANNOTATION);
        }
        return GoJson.write(copy) + "\n";
    }

    private static String annotation(JsonNode obj) {
        JsonNode v = obj.path("metadata").path("annotations").path(ANNOTATION);
        return v.isTextual() ? v.textValue() : "";
    }

    private static long size(ObjectNode annotations) {
        long total = 0;
        for (Map.Entry<String, JsonNode> e : annotations.properties()) {
            total += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + e.getValue().asText().getBytes(StandardCharsets.UTF_8).length;
        }
        return total;
    }
}
