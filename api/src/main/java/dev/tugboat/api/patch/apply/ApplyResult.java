package dev.tugboat.api.patch.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of an apply.
 *
 * @param object               the merged object carrying the new {@code metadata.managedFields}; still to be
 *                             defaulted, admitted, validated and stored by the caller
 * @param objectChanged        whether anything besides managedFields differs from the live object
 * @param managedFieldsChanged whether managedFields differ from the live object's
 */
public record ApplyResult(ObjectNode object, boolean objectChanged, boolean managedFieldsChanged) {

    /** Nothing to write: the caller answers with the live object (same resourceVersion). */
    public boolean unchanged() {
        return !objectChanged && !managedFieldsChanged;
    }
}
