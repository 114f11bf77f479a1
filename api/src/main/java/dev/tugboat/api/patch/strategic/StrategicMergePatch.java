package dev.tugboat.api.patch.strategic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.schema.Schema;

/**
 * Strategic merge patch ({@code application/strategic-merge-patch+json}) for built-in kinds, applied
 * as kube-apiserver applies it (MergeParallelList and IgnoreUnmatchedNulls on): maps merge key by
 * key, {@code null} deletes, lists merge by the schema's patch strategy and merge key or are
 * replaced, and the directives {@code $patch}, {@code $retainKeys},
 * {@code $deleteFromPrimitiveList/<f>} and {@code $setElementOrder/<f>} are honoured and never stored.
 * Fields the schema does not declare merge as plain maps (their lists are replaced).
 *
 * <p>Immutable and thread-safe; inputs are never modified. The caller decodes the body, then (after
 * {@link #apply}) decodes the result with its field validation, re-runs defaulting, and records
 * managedFields as an Update.
 */
public final class StrategicMergePatch {

    private final Schema schema;

    /** @param schema the kind's top-level schema at the URL's version */
    public StrategicMergePatch(Schema schema) {
        this.schema = schema;
    }

    /**
     * Applies a patch to the live object (rendered in the URL's version).
     *
     * @return the patched object, a new tree
     * @throws ApiException.BadRequest for malformed patches and merge errors (missing merge key, bad
     *                                 directive, order mismatch, invalid {@code $retainKeys})
     * @throws ApiException.Invalid    (422) for lists of lists
     */
    public ObjectNode apply(ObjectNode live, JsonNode patch) {
        if (patch == null || patch.isNull()) {
            return live.deepCopy();
        }
        if (!patch.isObject()) {
            throw new ApiException.BadRequest("json: cannot unmarshal " + (patch.isArray() ? "array" : patch.isTextual()
                    ? "string" : patch.isBoolean() ? "bool" : "number") + " into Go value of type map[string]interface {}");
        }
        return new MapMerge().merge(live.deepCopy(), (ObjectNode) patch.deepCopy(), PatchMeta.of(schema));
    }
}
