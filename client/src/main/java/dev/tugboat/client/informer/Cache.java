package dev.tugboat.client.informer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * Read access to an informer's local cache (client-go's Lister/Indexer). Reads are consistent with the
 * informer's latest applied change and never block on the network. Thread-safe.
 *
 * <p>Returned objects are shared with the cache and other readers: never mutate them.
 */
public interface Cache {

    /** The name of the built-in index of objects by namespace. */
    String NAMESPACE_INDEX = "namespace";

    Optional<ObjectNode> get(ObjectKey key);

    /** A snapshot of every cached object, in no particular order. */
    List<ObjectNode> list();

    /** A snapshot of the objects of one namespace. */
    List<ObjectNode> list(String namespace);

    /**
     * The objects whose index function returned {@code value} for index {@code indexName}.
     *
     * @throws IllegalArgumentException if no such index was added
     */
    List<ObjectNode> byIndex(String indexName, String value);

    /** A snapshot of every key. */
    List<ObjectKey> keys();

    int size();
}
