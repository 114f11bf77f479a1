package dev.tugboat.controllers.garbagecollector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code metadata.ownerReferences} entry.
 *
 * @param controller         whether this owner is the managing controller
 * @param blockOwnerDeletion whether a foreground deletion of the owner waits for this dependent
 */
record OwnerReference(String apiVersion, String kind, String name, String uid, boolean controller,
                      boolean blockOwnerDeletion) {

    /** The owner references of an object, in order. */
    static List<OwnerReference> of(JsonNode obj) {
        List<OwnerReference> out = new ArrayList<>();
        for (JsonNode r : Meta.ownerReferences(obj)) {
            out.add(new OwnerReference(r.path("apiVersion").asText(""), r.path("kind").asText(""),
                    r.path("name").asText(""), r.path("uid").asText(""), r.path("controller").asBoolean(false),
                    r.path("blockOwnerDeletion").asBoolean(false)));
        }
        return out;
    }

    /** Same uid, name, kind and apiVersion (upstream's ownerReferenceMatchesCoordinates). */
    boolean matchesCoordinates(ObjectReference identity) {
        return uid.equals(identity.uid()) && name.equals(identity.name()) && kind.equals(identity.kind())
                && apiVersion.equals(identity.apiVersion());
    }
}
