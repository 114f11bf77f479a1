package dev.tugboat.controllers.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import java.util.Optional;

/** Controller owner references (upstream's metav1.GetControllerOf and NewControllerRef). */
public final class ControllerRefs {

    private ControllerRefs() {
    }

    /** The owner reference with {@code controller: true}, if any. */
    public static Optional<JsonNode> controllerOf(JsonNode obj) {
        for (JsonNode r : Meta.ownerReferences(obj)) {
            if (r.path("controller").asBoolean(false)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code obj}'s controller is the object with this uid. */
    public static boolean isControlledBy(JsonNode obj, String ownerUid) {
        return controllerOf(obj).map(r -> ownerUid.equals(r.path("uid").asText())).orElse(false);
    }

    /** Whether {@code obj}'s controller reference points at an object of this kind. */
    public static boolean hasControllerOfKind(JsonNode obj, String kind) {
        return controllerOf(obj).map(r -> kind.equals(r.path("kind").asText())).orElse(false);
    }

    /** The reference a controller puts on what it creates: controller and blockOwnerDeletion set. */
    public static ObjectNode newControllerRef(JsonNode owner, String apiVersion, String kind) {
        ObjectNode ref = Json.object();
        ref.put("apiVersion", apiVersion);
        ref.put("kind", kind);
        ref.put("name", Meta.name(owner));
        ref.put("uid", Meta.uid(owner));
        ref.put("controller", true);
        ref.put("blockOwnerDeletion", true);
        return ref;
    }
}
