package dev.tugboat.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Set;

/**
 * Keeps {@code metadata.managedFields} current for non-apply writes (server-side apply's update
 * tracking). Called after decoding and defaulting, before mutating admission, as upstream does.
 */
public interface FieldOwnership {

    /**
     * Returns {@code updated} with managedFields recording that {@code manager} wrote it.
     *
     * @param live        the stored object, or null on create
     * @param apiVersion  the request's apiVersion
     * @param subresource "" for the main resource, else e.g. "status"
     * @param resetFields dotted paths the endpoint's strategy overwrites (never owned), e.g. {@code status}
     */
    ObjectNode trackUpdate(ObjectNode live, ObjectNode updated, String manager, String apiVersion,
                           String subresource, Set<String> resetFields, Instant now);
}
