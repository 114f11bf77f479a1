package dev.tugboat.api.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.io.UncheckedIOException;

/** JSON literals for tests, written with single quotes to keep Java strings readable. */
public final class TestJson {

    private TestJson() {
    }

    public static JsonNode json(String singleQuoted) {
        try {
            return Json.MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode obj(String singleQuoted) {
        return (ObjectNode) json(singleQuoted);
    }
}
