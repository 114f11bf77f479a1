package dev.tugboat.controllers.garbagecollector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionKind;

/**
 * A change for the graph builder: an informer event, or a <em>virtual</em> delete the collector
 * raises after confirming with the server that an object does not exist.
 *
 * @param obj    the object's metadata (its state after the change; the last state for deletes)
 * @param oldObj the state before an update, else null
 * @param kind   the kind of the informer (or of the virtual node) the object came from
 */
record GraphEvent(Type type, ObjectNode obj, ObjectNode oldObj, GroupVersionKind kind, boolean virtual) {

    enum Type { ADD, UPDATE, DELETE }
}
