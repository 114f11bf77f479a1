package dev.tugboat.controllers.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.events.EventRecorder;
import dev.tugboat.client.rest.ResourceClient;
import java.util.function.UnaryOperator;

/** Small edits and references of claims and volumes that the volume controllers share. */
public final class VolumeObjects {

    private VolumeObjects() {
    }

    public static String annotation(JsonNode obj, String key) {
        return Meta.annotations(obj).get(key);
    }

    public static boolean hasAnnotation(JsonNode obj, String key) {
        return Meta.annotations(obj).containsKey(key);
    }

    public static void setAnnotation(ObjectNode obj, String key, String value) {
        Meta.mutableMetadata(obj).withObjectProperty("annotations").put(key, value);
    }

    public static void removeAnnotation(ObjectNode obj, String key) {
        JsonNode annotations = Meta.mutableMetadata(obj).get("annotations");
        if (annotations instanceof ObjectNode a) {
            a.remove(key);
            if (a.isEmpty()) {
                Meta.mutableMetadata(obj).remove("annotations");
            }
        }
    }

    /** Adds {@code finalizer}; returns false when it was there already. */
    public static boolean addFinalizer(ObjectNode obj, String finalizer) {
        if (Meta.finalizers(obj).contains(finalizer)) {
            return false;
        }
        Meta.mutableMetadata(obj).withArrayProperty("finalizers").add(finalizer);
        return true;
    }

    /** Removes {@code finalizer}; returns false when it was not there. */
    public static boolean removeFinalizer(ObjectNode obj, String finalizer) {
        JsonNode f = Meta.mutableMetadata(obj).get("finalizers");
        if (!(f instanceof ArrayNode arr)) {
            return false;
        }
        for (int i = 0; i < arr.size(); i++) {
            if (finalizer.equals(arr.get(i).asText())) {
                arr.remove(i);
                if (arr.isEmpty()) {
                    Meta.mutableMetadata(obj).remove("finalizers");
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Applies {@code change} through the API only if it would change the cached copy: keeps settled
     * objects free of requests. {@code change} returns null for "nothing to do" and is re-run on the
     * fresh object (with conflict retry) when a write is needed.
     *
     * @return the written object, or {@code cached} when nothing had to change
     */
    public static ObjectNode write(ResourceClient client, ObjectNode cached, UnaryOperator<ObjectNode> change) {
        if (change.apply(cached.deepCopy()) == null) {
            return cached;
        }
        return client.modify(Meta.namespace(cached), Meta.name(cached), change);
    }

    public static EventRecorder.ObjectRef claimRef(JsonNode pvc) {
        return new EventRecorder.ObjectRef("v1", "PersistentVolumeClaim", Meta.namespace(pvc), Meta.name(pvc),
                Meta.uid(pvc));
    }

    public static EventRecorder.ObjectRef volumeRef(JsonNode pv) {
        return new EventRecorder.ObjectRef("v1", "PersistentVolume", "", Meta.name(pv), Meta.uid(pv));
    }
}
