package dev.tugboat.api.meta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON and YAML codecs for API objects, as JSON trees. The mappers are configured once and
 * never reconfigured, so sharing them is safe.
 */
public final class Json {

    /** Compact JSON; numbers keep their exact form (integers by magnitude, decimals as BigDecimal). */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .nodeFactory(TreeNodeFactory.INSTANCE)
            .build();

    /** YAML as kubectl and users write it. */
    public static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(TreeNodeFactory.INSTANCE)
            .build();

    /** Exact numbers, and objects whose members live in a {@link CompactObjectMap}. */
    private static final class TreeNodeFactory extends JsonNodeFactory {
        private static final long serialVersionUID = 1L;
        static final TreeNodeFactory INSTANCE = new TreeNodeFactory();

        private TreeNodeFactory() {
            super(true);
        }

        @Override
        public ObjectNode objectNode() {
            return new ObjectNode(this, new CompactObjectMap());
        }
    }

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses JSON; malformed input throws {@link JsonProcessingException}. */
    public static JsonNode parse(byte[] json) throws IOException {
        return MAPPER.readTree(json);
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String string(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
