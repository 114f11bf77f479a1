package dev.tugboat.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * REST-level side effects around storage that a strategy cannot do because they involve other state
 * (upstream's BeginCreate/BeginUpdate/AfterDelete), e.g. allocating a Service's ClusterIP and node
 * ports. A begin hook returns a {@link Pending} change: the store commits it after the write happened
 * and aborts it otherwise (including dry runs).
 */
public interface StorageHooks {

    /** Side effects awaiting the outcome of a write. */
    interface Pending {
        /** The write happened: finish (e.g. release what the update freed). */
        void commit();

        /** The write did not happen: undo (e.g. release what was allocated). */
        void abort();

        Pending NONE = new Pending() {
            @Override
            public void commit() {
            }

            @Override
            public void abort() {
            }
        };
    }

    /** Before validation of a create; may fill fields (allocations). */
    default Pending beginCreate(ObjectNode obj, boolean dryRun) {
        return Pending.NONE;
    }

    /** Before validation of an update of the main resource. */
    default Pending beginUpdate(ObjectNode obj, ObjectNode old, boolean dryRun) {
        return Pending.NONE;
    }

    /** After the object is gone from storage. */
    default void afterDelete(ObjectNode obj) {
    }

    StorageHooks NONE = new StorageHooks() {
    };
}
