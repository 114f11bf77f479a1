package dev.tugboat.client.events;

/**
 * Records {@code core/v1} Events about objects, as controllers do for {@code kubectl describe}.
 * Recording never blocks and never fails the caller: events are best effort. Thread-safe.
 */
public interface EventRecorder {

    /** Records nothing (for tests and components without events). */
    EventRecorder NOOP = (object, type, reason, message) -> { };

    /**
     * @param object  the object the event is about (its metadata, apiVersion and kind are read)
     * @param type    {@link #NORMAL} or {@link #WARNING}
     * @param reason  a short UpperCamelCase reason, e.g. {@code OwnerRefInvalidNamespace}
     * @param message a human-readable message
     */
    void record(ObjectRef object, String type, String reason, String message);

    String NORMAL = "Normal";
    String WARNING = "Warning";

    /**
     * The object an event is about (an ObjectReference).
     *
     * @param fieldPath the part of the object, e.g. {@code spec.containers{app}} for a pod's container;
     *                  empty for the whole object
     */
    record ObjectRef(String apiVersion, String kind, String namespace, String name, String uid, String fieldPath) {

        public ObjectRef(String apiVersion, String kind, String namespace, String name, String uid) {
            this(apiVersion, kind, namespace, name, uid, "");
        }

        public ObjectRef withFieldPath(String path) {
            return new ObjectRef(apiVersion, kind, namespace, name, uid, path);
        }
    }
}
