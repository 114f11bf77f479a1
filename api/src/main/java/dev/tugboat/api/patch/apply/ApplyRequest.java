package dev.tugboat.api.patch.apply;

import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.patch.fieldpath.FieldSet;
import java.time.Instant;
import java.util.Objects;

/**
 * One server-side apply.
 *
 * @param manager     the {@code fieldManager} query parameter (required for apply; see {@link ApplyRequestChecks})
 * @param kind        the endpoint's group, version and kind
 * @param subresource {@code ""}, {@code "status"} or {@code "scale"}
 * @param force       the {@code force} query parameter
 * @param now         the time recorded on the applier's entry when the object changes
 * @param resetFields paths the endpoint's strategy overwrites (see {@link ResetFields}); never owned
 */
public record ApplyRequest(String manager, GroupVersionKind kind, String subresource, boolean force, Instant now,
                           FieldSet resetFields) {

    public ApplyRequest {
        Objects.requireNonNull(manager);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(now);
        subresource = subresource == null ? "" : subresource;
        resetFields = resetFields == null ? FieldSet.empty() : resetFields;
    }
}
