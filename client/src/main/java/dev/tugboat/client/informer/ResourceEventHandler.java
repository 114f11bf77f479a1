package dev.tugboat.client.informer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * Receives an informer's notifications. Each handler has its own delivery thread: its calls never
 * overlap, arrive in the order the informer's cache changed, and a slow handler delays only itself. The
 * cache already holds the new state when a call is made.
 *
 * <p>Objects passed in are the cache's own: never mutate them (copy with {@code deepCopy()}).
 * Exceptions thrown by a handler are logged and do not stop delivery. Handlers in controllers should
 * only map the object to a key and add it to a work queue.
 */
public interface ResourceEventHandler {

    /**
     * An object appeared.
     *
     * @param initialList true when it comes from the informer's initial list (or is an existing object
     *                    replayed to a handler registered later)
     */
    void onAdd(ObjectNode obj, boolean initialList);

    /**
     * An object changed; also called with {@code oldObj == newObj} on periodic resyncs.
     */
    void onUpdate(ObjectNode oldObj, ObjectNode newObj);

    /**
     * An object was deleted.
     *
     * @param obj               its last state
     * @param finalStateUnknown true when the deletion was noticed by a re-list rather than a watch event,
     *                          so {@code obj} may be older than the object's final state
     */
    void onDelete(ObjectNode obj, boolean finalStateUnknown);

    /** A handler that passes the current object of every notification (the deleted one for deletes). */
    static ResourceEventHandler onAnyChange(Consumer<ObjectNode> consumer) {
        return new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode obj, boolean initialList) {
                consumer.accept(obj);
            }

            @Override
            public void onUpdate(ObjectNode oldObj, ObjectNode newObj) {
                consumer.accept(newObj);
            }

            @Override
            public void onDelete(ObjectNode obj, boolean finalStateUnknown) {
                consumer.accept(obj);
            }
        };
    }
}
