package dev.tugboat.api.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import java.util.List;

/**
 * Defaulting and validation of one built-in kind at one version, as pure functions over JSON trees
 * (upstream's {@code SetDefaults_*} functions and {@code pkg/apis/<group>/validation}).
 *
 * <p>Implementations are stateless and thread-safe. They never perform I/O; checks that need other
 * objects (quota, allocators, existence of namespaces) belong to admission and the registry.
 */
public interface KindRules {

    /**
     * Versioned defaulting, applied recursively to embedded types (PodSpec defaults also apply inside
     * pod templates). Mutates {@code obj}, which the caller owns. Idempotent.
     */
    void applyDefaults(ObjectNode obj);

    /** Validation of a new object, including its {@code metadata}. Empty when valid. */
    List<FieldError> validate(ObjectNode obj);

    /**
     * Validation of an update of the main resource: {@code obj} is the new object (already defaulted,
     * status carried over from {@code old}), {@code old} the stored one. Includes immutability rules
     * and the create-time rules that still apply.
     */
    List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old);

    /** Validation of an update through the {@code /status} subresource. */
    default List<FieldError> validateStatusUpdate(ObjectNode obj, ObjectNode old) {
        return List.of();
    }

    /** Warnings returned to the client in {@code Warning} headers on create and update. */
    default List<String> warnings(ObjectNode obj) {
        return List.of();
    }
}
