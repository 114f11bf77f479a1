package dev.tugboat.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One admission plugin. {@link #admit} may mutate the incoming object (mutating phase, before the
 * strategy's validation); {@link #validate} may only reject (validating phase, after it). Both reject
 * by throwing an {@code ApiException}. Plugins are thread-safe; objects are in the storage version.
 */
public interface AdmissionPlugin {

    /** Mutating phase. {@code old} is null on create. */
    default void admit(AdmissionAttributes attrs, ObjectNode obj, ObjectNode old) {
    }

    /** Validating phase. {@code old} is null on create; {@code obj} is null on delete. */
    default void validate(AdmissionAttributes attrs, ObjectNode obj, ObjectNode old) {
    }
}
