package dev.tugboat.controllers.garbagecollector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The collector's metadata edits as JSON merge patches of an object's current state. Each patch carries
 * the state's resourceVersion, so it applies only to the state it was computed from (a 409 otherwise);
 * merge patches work for built-in and custom resources alike. Pure functions.
 */
final class MetadataPatches {

    private MetadataPatches() {
    }

    /** Drops the ownerReferences to {@code ownerUids}; empty when there is none to drop. */
    static Optional<ObjectNode> removeOwnerReferences(JsonNode current, Collection<String> ownerUids) {
        List<JsonNode> refs = Meta.ownerReferences(current);
        List<JsonNode> kept = refs.stream().filter(r -> !ownerUids.contains(r.path("uid").asText())).toList();
        if (kept.size() == refs.size()) {
            return Optional.empty();
        }
        ObjectNode patch = base(current);
        ObjectNode meta = (ObjectNode) patch.get("metadata");
        if (kept.isEmpty()) {
            meta.putNull("ownerReferences");
        } else {
            ArrayNode arr = meta.putArray("ownerReferences");
            kept.forEach(r -> arr.add(r.deepCopy()));
        }
        return Optional.of(patch);
    }

    /** Sets blockOwnerDeletion to false on every reference that blocks; empty when none does. */
    static Optional<ObjectNode> unblockOwnerReferences(JsonNode current) {
        List<JsonNode> refs = Meta.ownerReferences(current);
        if (refs.stream().noneMatch(r -> r.path("blockOwnerDeletion").asBoolean(false))) {
            return Optional.empty();
        }
        ObjectNode patch = base(current);
        ArrayNode arr = ((ObjectNode) patch.get("metadata")).putArray("ownerReferences");
        for (JsonNode r : refs) {
            ObjectNode copy = r.deepCopy();
            if (copy.path("blockOwnerDeletion").asBoolean(false)) {
                copy.put("blockOwnerDeletion", false);
            }
            arr.add(copy);
        }
        return Optional.of(patch);
    }

    /** Drops one finalizer; empty when the object does not have it. */
    static Optional<ObjectNode> removeFinalizer(JsonNode current, String finalizer) {
        List<String> finalizers = Meta.finalizers(current);
        if (!finalizers.contains(finalizer)) {
            return Optional.empty();
        }
        ObjectNode patch = base(current);
        ObjectNode meta = (ObjectNode) patch.get("metadata");
        List<String> kept = finalizers.stream().filter(f -> !f.equals(finalizer)).toList();
        if (kept.isEmpty()) {
            meta.putNull("finalizers");
        } else {
            ArrayNode arr = meta.putArray("finalizers");
            kept.forEach(arr::add);
        }
        return Optional.of(patch);
    }

    private static ObjectNode base(JsonNode current) {
        ObjectNode patch = Json.object();
        patch.putObject("metadata").put("resourceVersion", Meta.resourceVersion(current));
        return patch;
    }
}
