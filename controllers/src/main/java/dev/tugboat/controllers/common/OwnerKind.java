package dev.tugboat.controllers.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.events.EventRecorder.ObjectRef;

/**
 * The kind of a controller object (the {@code apiVersion} and {@code kind} its controller references
 * carry), e.g. {@code apps/v1 ReplicaSet}.
 */
public record OwnerKind(String apiVersion, String kind) {

    /** A controller reference to {@code owner}, which is of this kind. */
    public ObjectNode controllerRef(JsonNode owner) {
        return ControllerRefs.newControllerRef(owner, apiVersion, kind);
    }

    /** {@code owner}, which is of this kind, as the subject of an event. */
    public ObjectRef eventRef(JsonNode owner) {
        return new ObjectRef(apiVersion, kind, Meta.namespace(owner), Meta.name(owner), Meta.uid(owner));
    }
}
