package dev.tugboat.api.meta;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Reading {@code status.conditions} of any object (pods, nodes, workloads). Stateless. */
public final class Conditions {

    private Conditions() {
    }

    /** The condition of {@code type}, if the object has one. */
    public static Optional<JsonNode> find(JsonNode obj, String type) {
        for (JsonNode c : obj.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Whether the condition of {@code type} is present with status True. */
    public static boolean isTrue(JsonNode obj, String type) {
        return find(obj, type).map(c -> "True".equals(c.path("status").asText())).orElse(false);
    }
}
