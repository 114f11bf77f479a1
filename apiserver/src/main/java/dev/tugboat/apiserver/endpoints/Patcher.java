package dev.tugboat.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionKind;
import java.time.Instant;
import java.util.Set;

/**
 * Applies the patch formats upstream accepts to the current object (served version). Bad patches
 * are 4xx {@code ApiException}s. Thread-safe.
 */
public interface Patcher {

    /** {@code application/json-patch+json} (RFC 6902). */
    ObjectNode jsonPatch(ObjectNode current, byte[] patch);

    /** {@code application/merge-patch+json} (RFC 7386). */
    ObjectNode mergePatch(ObjectNode current, byte[] patch);

    /** {@code application/strategic-merge-patch+json}, built-in kinds only. */
    ObjectNode strategicMergePatch(GroupVersionKind kind, ObjectNode current, byte[] patch);

    /**
     * {@code application/apply-patch+yaml}: server-side apply of {@code config} by {@code manager}.
     *
     * @param live   the current object, or null to create
     * @return the merged object with updated managedFields; throws a 409 on conflicts without force
     */
    ObjectNode apply(GroupVersionKind kind, ObjectNode live, ObjectNode config, String manager, boolean force,
                     String subresource, Set<String> resetFields, Instant now);
}
