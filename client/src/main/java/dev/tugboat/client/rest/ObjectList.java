package dev.tugboat.client.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One list response (or several pages joined).
 *
 * @param items           the objects (PartialObjectMetadata in metadata-only mode)
 * @param resourceVersion the list's revision: start a watch from here to see every later change
 * @param continueToken   non-empty when more pages follow
 */
public record ObjectList(List<ObjectNode> items, String resourceVersion, String continueToken) {

    public ObjectList {
        items = List.copyOf(items);
    }
}
