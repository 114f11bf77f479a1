package dev.tugboat.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.YamlTrees;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The PATCH content types the API server accepts, and the decoding of their bodies. Strategic merge
 * patch exists only for built-in kinds; anything else is a 415 listing what is accepted.
 */
public enum PatchType {
    JSON("application/json-patch+json"),
    MERGE("application/merge-patch+json"),
    STRATEGIC("application/strategic-merge-patch+json"),
    APPLY("application/apply-patch+yaml");

    private final String mediaType;

    PatchType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /**
     * The patch type of a {@code Content-Type} header (parameters such as {@code charset} ignored).
     *
     * @param strategicSupported false for custom resources and aggregated APIs without SMP
     * @throws ApiException.UnsupportedMediaType listing the accepted media types
     */
    public static PatchType of(String contentType, boolean strategicSupported) {
        String media = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        for (PatchType t : accepted(strategicSupported)) {
            if (t.mediaType.equals(media)) {
                return t;
            }
        }
        List<String> names = accepted(strategicSupported).stream().map(PatchType::mediaType).toList();
        throw new ApiException.UnsupportedMediaType("the body of the request was in an unknown format - accepted media "
                + "types include: " + String.join(", ", names));
    }

    private static List<PatchType> accepted(boolean strategicSupported) {
        List<PatchType> out = new ArrayList<>(List.of(values()));
        if (!strategicSupported) {
            out.remove(STRATEGIC);
        }
        return out;
    }

    /**
     * Decodes a body of this type: JSON for the patches, YAML (or JSON) for apply.
     *
     * @throws ApiException.BadRequest when the body is not well-formed
     */
    public JsonNode decode(byte[] body) {
        try {
            JsonNode node = this == APPLY ? YamlTrees.read(body) : Json.MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new ApiException.BadRequest(this == APPLY ? "error decoding YAML: empty body" : "empty patch body");
            }
            return node;
        } catch (IOException e) {
            String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage();
            throw new ApiException.BadRequest((this == APPLY ? "error decoding YAML: " : "error decoding patch: ") + reason);
        }
    }
}
