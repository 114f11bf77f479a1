package dev.tugboat.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.meta.Json;
import java.util.Base64;

/**
 * The continue token of a paged list: which revision the list is at and where the next page
 * starts (relative to the list prefix), encoded as upstream does.
 */
record ContinueToken(long revision, String start) {

    String encode() {
        ObjectNode o = Json.object();
        o.put("v", "meta.k8s.io/v1");
        o.put("rv", revision);
        o.put("start", start);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(o));
    }

    static ContinueToken decode(String token) {
        try {
            byte[] raw = Base64.getUrlDecoder().decode(token.replace('+', '-').replace('/', '_').replace("=", ""));
            JsonNode o = Json.parse(raw);
            if (!"meta.k8s.io/v1".equals(o.path("v").asText()) || !o.path("rv").canConvertToLong()
                    || o.path("rv").asLong() <= 0 || !o.path("start").isTextual()) {
                throw new IllegalArgumentException();
            }
            String start = o.path("start").asText();
            if (start.contains("..") || start.startsWith("/")) {
                throw new IllegalArgumentException();
            }
            return new ContinueToken(o.path("rv").asLong(), start);
        } catch (Exception e) {
            throw new ApiException.BadRequest("continue key is not valid: " + token);
        }
    }
}
