package dev.tugboat.controllers.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.events.EventRecorder;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.DeleteOptions;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;

/**
 * Creates and deletes a controller's pods, recording the events upstream's RealPodControl records on the
 * controller object ({@code SuccessfulCreate}, {@code FailedCreate}, {@code SuccessfulDelete},
 * {@code FailedDelete}). Thread-safe.
 */
public final class PodControl {

    public static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    /** Longest pod-name prefix for which a generated name (prefix plus 5 characters) stays a valid name. */
    private static final int MAX_GENERATE_NAME_PREFIX = 58;

    private final ResourceClient pods;
    private final EventRecorder events;

    public PodControl(ApiClient api, EventRecorder events) {
        this.pods = api.resource(PODS);
        this.events = events;
    }

    /**
     * A new pod from a pod template (upstream's GetPodFromTemplate): the template's labels,
     * annotations, finalizers and spec, {@code generateName} from the owner's name, and the controller
     * reference. The caller may adjust it before {@link #create}.
     */
    public static ObjectNode fromTemplate(JsonNode template, JsonNode owner, ObjectNode controllerRef) {
        ObjectNode pod = Json.object();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata");
        JsonNode tmeta = template.path("metadata");
        String prefix = Meta.name(owner) + "-";
        meta.put("generateName", prefix.length() > MAX_GENERATE_NAME_PREFIX ? Meta.name(owner) : prefix);
        for (String field : new String[] {"labels", "annotations", "finalizers"}) {
            if (tmeta.has(field)) {
                meta.set(field, tmeta.get(field).deepCopy());
            }
        }
        ArrayNode refs = meta.putArray("ownerReferences");
        refs.add(controllerRef);
        pod.set("spec", template.path("spec").deepCopy());
        return pod;
    }

    /** Creates {@code pod} in the owner's namespace and records the outcome on the owner. */
    public ObjectNode create(ObjectNode pod, JsonNode owner, OwnerKind ownerKind) {
        try {
            ObjectNode created = pods.create(Meta.namespace(owner), pod);
            events.record(ownerKind.eventRef(owner), EventRecorder.NORMAL, "SuccessfulCreate",
                    "Created pod: " + Meta.name(created));
            return created;
        } catch (StatusException e) {
            events.record(ownerKind.eventRef(owner), EventRecorder.WARNING, "FailedCreate",
                    "Error creating: " + e.getMessage());
            throw e;
        }
    }

    /**
     * Deletes a pod of the owner (a pod already gone counts as deleted) and records the outcome.
     *
     * @return false when the pod was already gone
     */
    public boolean delete(JsonNode pod, JsonNode owner, OwnerKind ownerKind) {
        try {
            pods.delete(Meta.namespace(pod), Meta.name(pod),
                    DeleteOptions.DEFAULT.withPreconditionUid(Meta.uid(pod)));
            events.record(ownerKind.eventRef(owner), EventRecorder.NORMAL, "SuccessfulDelete",
                    "Deleted pod: " + Meta.name(pod));
            return true;
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return false;
            }
            events.record(ownerKind.eventRef(owner), EventRecorder.WARNING, "FailedDelete",
                    "Error deleting: " + e.getMessage());
            throw e;
        }
    }
}
