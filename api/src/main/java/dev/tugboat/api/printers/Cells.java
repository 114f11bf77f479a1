package dev.tugboat.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Cell texts shared by the printers (upstream's {@code translateTimestampSince} and friends). */
public final class Cells {

    /** Go's zero {@code time.Time}, which serializes as year 1. */
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private Cells() {
    }

    /** The age of an RFC 3339 timestamp at {@code now}: {@code <unknown>} when absent or zero. */
    public static String age(JsonNode timestamp, Instant now) {
        return time(timestamp).map(t -> HumanDuration.format(Duration.between(t, now))).orElse("<unknown>");
    }

    /** A timestamp value that is set: present, parseable and not Go's zero time. */
    static Optional<Instant> time(JsonNode timestamp) {
        if (timestamp == null || !timestamp.isTextual()) {
            return Optional.empty();
        }
        return Timestamps.parse(timestamp.textValue()).filter(t -> !t.equals(GO_ZERO_TIME));
    }

    /** An optional boolean as {@code True}, {@code False} or {@code <unset>}. */
    static String boolPointer(JsonNode value) {
        if (value == null || !value.isBoolean()) {
            return "<unset>";
        }
        return value.booleanValue() ? "True" : "False";
    }

    /** Comma-joined container names and images, regular containers only. */
    static List<String> containerCells(JsonNode podSpec) {
        List<JsonNode> containers = Obj.list(podSpec, "containers");
        return List.of(
                containers.stream().map(c -> c.path("name").asText("")).collect(Collectors.joining(",")),
                containers.stream().map(c -> c.path("image").asText("")).collect(Collectors.joining(",")));
    }

    /** At most {@code max} entries comma-joined, then {@code  + N more...}; {@code <unset>} when empty. */
    static String listWithMore(List<String> entries, int max) {
        if (entries.size() > max) {
            return String.join(",", entries.subList(0, max)) + " + " + (entries.size() - max) + " more...";
        }
        return entries.isEmpty() ? "<unset>" : String.join(",", entries);
    }

    /** A quantity as stored, or Go's {@code <nil>} for a missing pointer. */
    static String quantity(JsonNode q) {
        return q == null || q.isMissingNode() || q.isNull() ? "<nil>" : q.asText();
    }
}
