package dev.tugboat.apiserver.endpoints;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.YamlTrees;
import dev.tugboat.apiserver.protobuf.ProtobufDecoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Decodes request bodies in the formats upstream accepts for writes: JSON, YAML and Kubernetes
 * protobuf. Malformed bodies are a 400 naming the problem; unknown formats a 415.
 */
public final class BodyDecoder {

    public static final String UNKNOWN_FORMAT = "the body of the request was in an unknown format - accepted "
            + "media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf";

    /** Like Go's json.Unmarshal, anything but whitespace after the top-level value is an error. */
    private static final ObjectReader STRICT_JSON = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ProtobufDecoder protobuf;

    public BodyDecoder(ProtobufDecoder protobuf) {
        this.protobuf = protobuf;
    }

    /** Decodes a body that must be a JSON object. {@code what} names it in errors (e.g. "Pod"). */
    public ObjectNode decodeObject(String contentType, byte[] body, String what) {
        JsonNode node = decode(contentType, body, what);
        if (!(node instanceof ObjectNode obj)) {
            throw new ApiException.BadRequest("the body of the request must be a JSON object, got "
                    + (node == null || node.isMissingNode() ? "nothing" : node.getNodeType().name().toLowerCase(
                    java.util.Locale.ROOT)));
        }
        return obj;
    }

    /** Decodes a body by its content type. */
    public JsonNode decode(String contentType, byte[] body, String what) {
        if (body == null || body.length == 0) {
            throw new ApiException.BadRequest("the body of the request is empty; expected a " + what);
        }
        MediaRange mt = MediaRange.parseOne(contentType);
        String type = mt == null ? "application/json" : mt.mediaType();
        return switch (type) {
            case "application/json", "*/*" -> parseJson(body);
            case "application/yaml", "application/x-yaml", "text/yaml" -> parseYaml(body);
            case "application/vnd.kubernetes.protobuf" -> protobuf.decode(body);
            default -> throw new ApiException.UnsupportedMediaType(UNKNOWN_FORMAT);
        };
    }

    public static JsonNode parseJson(byte[] body) {
        try {
            // Always UTF-8, as Go reads it: Jackson would otherwise detect UTF-16/32 from the bytes.
            // Malformed UTF-8 becomes U+FFFD, as Go's decoder does.
            JsonNode n = STRICT_JSON.readTree(new InputStreamReader(new ByteArrayInputStream(body),
                    StandardCharsets.UTF_8));
            if (n == null || n.isMissingNode()) {
                throw new ApiException.BadRequest("the body of the request is empty");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new ApiException.BadRequest("the body of the request is not valid JSON: "
                    + e.getOriginalMessage() + describeLocation(e));
        } catch (IOException e) {
            throw new ApiException.BadRequest("the body of the request could not be read: " + e.getMessage());
        }
    }

    public static JsonNode parseYaml(byte[] body) {
        try {
            JsonNode n = YamlTrees.read(body);
            if (n == null || n.isMissingNode() || n.isNull()) {
                throw new ApiException.BadRequest("the body of the request is empty");
            }
            return n;
        } catch (YamlTrees.YamlException e) {
            throw new ApiException.BadRequest("the body of the request is not valid YAML: " + e.getMessage());
        }
    }

    private static String describeLocation(JsonProcessingException e) {
        if (e.getLocation() == null) {
            return "";
        }
        return " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
