package dev.tugboat.client.informer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/**
 * Computes the values under which an object is indexed (e.g. a pod's node name). Must be a pure
 * function of the object; it runs under the cache's write lock, so it must be fast and must not block.
 */
@FunctionalInterface
public interface IndexFunction {

    Collection<String> values(ObjectNode obj);
}
