package dev.tugboat.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Objects written as YAML for printer tests, and the fixed "now" they are printed at. */
final class TestObjects {

    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    private TestObjects() {
    }

    static JsonNode yaml(String text) {
        try {
            return Json.YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An RFC 3339 time the given number of seconds before {@link #NOW}. */
    static String ago(long seconds) {
        return NOW.minusSeconds(seconds).toString();
    }
}
