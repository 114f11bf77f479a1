package dev.tugboat.client.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One event of a watch stream.
 *
 * @param type   what happened
 * @param object the object after the change (before, for DELETED); for BOOKMARK only metadata.resourceVersion
 *               is meaningful; for ERROR a Status
 */
public record WatchEvent(Type type, ObjectNode object) {

    /** The event types of the wire protocol. */
    public enum Type { ADDED, MODIFIED, DELETED, BOOKMARK, ERROR }
}
