package dev.tugboat.api.patch.apply;

import dev.tugboat.api.patch.fieldpath.FieldSet;
import java.time.Instant;
import java.util.Objects;

/**
 * One non-apply write (create, update or non-apply patch) to track in managedFields.
 *
 * @param manager     the {@code fieldManager} parameter, else {@link ManagerNames#fromUserAgent}; empty becomes {@code unknown}
 * @param apiVersion  the request's {@code group/version}
 * @param subresource {@code ""}, {@code "status"} or {@code "scale"}
 * @param now         the time recorded when the write changes fields
 * @param resetFields paths the endpoint's strategy overwrites (see {@link ResetFields}); never owned
 */
public record UpdateRequest(String manager, String apiVersion, String subresource, Instant now, FieldSet resetFields) {

    public UpdateRequest {
        manager = manager == null || manager.isEmpty() ? "unknown" : manager;
        Objects.requireNonNull(apiVersion);
        Objects.requireNonNull(now);
        subresource = subresource == null ? "" : subresource;
        resetFields = resetFields == null ? FieldSet.empty() : resetFields;
    }
}
