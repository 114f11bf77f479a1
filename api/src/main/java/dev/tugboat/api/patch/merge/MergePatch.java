package dev.tugboat.api.patch.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.patch.JsonValues;
import java.util.Map;

/**
 * RFC 7386 JSON Merge Patch ({@code application/merge-patch+json}): objects merge key by key,
 * {@code null} deletes a key, anything else (arrays included) replaces the target value, and a
 * patch that is not an object replaces the whole target. As upstream, nulls are never stored:
 * null members of newly inserted objects (also inside inserted arrays) are dropped.
 * Stateless and thread-safe; inputs are never modified.
 */
public final class MergePatch {

    private MergePatch() {
    }

    /** {@code MergePatch(target, patch)} of RFC 7386 §2; {@code target} may be null (absent). */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return JsonValues.withoutNullMembers(patch);
        }
        ObjectNode result = target != null && target.isObject() ? target.deepCopy() : Json.object();
        merge(result, patch);
        return result;
    }

    /**
     * Patches a stored object, as the PATCH handler does.
     *
     * @throws ApiException.BadRequest {@code Invalid JSON Patch} if the patch is not an object
     *                                 (upstream cannot decode the result into an object either)
     */
    public static ObjectNode applyToObject(ObjectNode target, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new ApiException.BadRequest("Invalid JSON Patch");
        }
        return (ObjectNode) apply(target, patch);
    }

    private static void merge(ObjectNode target, JsonNode patch) {
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            JsonNode value = e.getValue();
            if (value.isNull()) {
                target.remove(e.getKey());
            } else if (value.isObject() && target.get(e.getKey()) instanceof ObjectNode current) {
                merge(current, value);
            } else {
                target.set(e.getKey(), apply(null, value));
            }
        }
    }
}
