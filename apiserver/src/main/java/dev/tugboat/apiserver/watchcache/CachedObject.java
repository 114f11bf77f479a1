package dev.tugboat.apiserver.watchcache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One object as the cache holds it: the tree (never mutated once cached), its serialized JSON with
 * {@code metadata.resourceVersion} set, and the labels used by selectors.
 *
 * @param revision the object's resourceVersion (its mod revision; for deletions the deletion revision)
 */
public record CachedObject(String key, String namespace, String name, long revision, ObjectNode object,
                           byte[] json, Map<String, String> labels) {
}
