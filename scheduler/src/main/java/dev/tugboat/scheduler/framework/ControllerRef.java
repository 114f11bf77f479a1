package dev.tugboat.scheduler.framework;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;

/**
 * The owner reference of an object that has {@code controller: true} (apimachinery's
 * {@code GetControllerOf}).
 *
 * @param apiVersion the owner's group/version, e.g. {@code apps/v1}
 */
public record ControllerRef(String apiVersion, String kind, String name) {

    /** The object's controller reference, or null when it has none. */
    public static ControllerRef of(JsonNode obj) {
        for (JsonNode ref : Meta.ownerReferences(obj)) {
            if (ref.path("controller").asBoolean(false)) {
                return new ControllerRef(ref.path("apiVersion").asText(""), ref.path("kind").asText(""),
                        ref.path("name").asText(""));
            }
        }
        return null;
    }
}
