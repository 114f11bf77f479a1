package dev.tugboat.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The per-kind hooks of the generic create/update/delete flow (upstream's
 * {@code pkg/registry/<group>/<kind>/strategy.go}). Objects are in the storage version. Strategies
 * are stateless and thread-safe; they never do I/O (allocation and lookups belong to the registry
 * or admission).
 */
public interface RestStrategy {

    /** Versioned defaulting of an incoming object (in its served version, before conversion). */
    void applyDefaults(ObjectNode obj);

    /**
     * Server-owned fields on create: clear status, set kind-specific initial state. Called after
     * uid/creationTimestamp are filled and before validation.
     */
    void prepareForCreate(ObjectNode obj);

    /**
     * Server-owned fields on update: carry over what this endpoint may not change (status on the main
     * resource, spec on /status), bump generation when the spec changed.
     */
    void prepareForUpdate(ObjectNode obj, ObjectNode old);

    /** Validation of a new object (metadata included). */
    List<FieldError> validate(ObjectNode obj);

    /** Validation of an update. */
    List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old);

    /** Warnings for the client ({@code Warning} headers). */
    default List<String> warnings(ObjectNode obj, ObjectNode old) {
        return List.of();
    }

    /** Whether PUT of a missing object creates it. */
    default boolean allowCreateOnUpdate() {
        return false;
    }

    /** Whether PUT without {@code metadata.resourceVersion} is allowed (last write wins). */
    default boolean allowUnconditionalUpdate() {
        return true;
    }

    /**
     * Graceful deletion: the grace period to apply before the object really goes, or empty to
     * delete at once (most kinds). {@code requested} is the client's gracePeriodSeconds, if any.
     */
    default OptionalLong gracePeriod(ObjectNode obj, OptionalLong requested) {
        return OptionalLong.empty();
    }

    /** Normalization after validation on create (upstream's Canonicalize), e.g. derived labels. */
    default void canonicalize(ObjectNode obj) {
    }

    /**
     * Whether something besides {@code metadata.finalizers} keeps a deleted object alive (namespaces wait
     * for {@code spec.finalizers}).
     */
    default boolean deletionBlocked(ObjectNode obj) {
        return false;
    }

    /** Called when deletion of an object that must wait begins (namespaces become Terminating). */
    default void prepareForDeletion(ObjectNode obj) {
    }

    /** Top-level fields this endpoint resets (server-side apply excludes them from ownership). */
    default Set<String> resetFields() {
        return Set.of();
    }
}
