package dev.tugboat.apiserver.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventExpiryTest {

    @Test
    void anEventIsAsOldAsItsLatestTimestamp() throws Exception {
        ObjectNode e = (ObjectNode) Json.MAPPER.readTree("""
                {"metadata":{"creationTimestamp":"2026-01-01T00:00:00Z"},
                 "firstTimestamp":"2026-01-01T00:00:00Z","lastTimestamp":"2026-01-01T05:00:00Z"}""");
        assertThat(EventExpiry.lastRecorded(e)).contains(Instant.parse("2026-01-01T05:00:00Z"));
    }

    @Test
    void aSeriesCountsFromItsLastObservation() throws Exception {
        ObjectNode e = (ObjectNode) Json.MAPPER.readTree("""
                {"metadata":{"creationTimestamp":"2026-01-01T00:00:00Z"},"eventTime":"2026-01-01T00:00:01.000000Z",
                 "series":{"count":3,"lastObservedTime":"2026-01-01T07:00:00.500000Z"}}""");
        assertThat(EventExpiry.lastRecorded(e)).contains(Instant.parse("2026-01-01T07:00:00.500Z"));
    }

    @Test
    void anEventWithoutTimestampsHasNoAge() {
        assertThat(EventExpiry.lastRecorded(Json.object())).isEmpty();
    }
}
