package dev.tugboat.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Computes the new object of an update from the current one (in the served version): PUT ignores
 * the current object, PATCH applies the patch to it. May be called more than once when a
 * compare-and-swap loses a race. Throws {@code ApiException} for bad input.
 */
@FunctionalInterface
public interface ObjectTransform {

    /**
     * @param current the current object (a private copy the transform may modify), or null if it does
     *                not exist
     * @return the desired object; null means "not found" when {@code current} is null
     */
    ObjectNode apply(ObjectNode current);
}
