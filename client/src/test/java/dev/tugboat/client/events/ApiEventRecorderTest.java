package dev.tugboat.client.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.client.clock.FakeClock;
import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiEventRecorderTest {

    @Test
    void anEventIsCreatedOnceAndCountedOnRepeats() throws Exception {
        FakeClock clock = new FakeClock();
        try (TestApiServer server = TestApiServer.start();
             ApiEventRecorder recorder = new ApiEventRecorder(server.client(), clock, "test-controller")) {
            EventRecorder.ObjectRef pod = new EventRecorder.ObjectRef("v1", "Pod", "default", "p", "uid-1");
            EventRecorder.ObjectRef node = new EventRecorder.ObjectRef("v1", "Node", "", "n1", "uid-2");

            recorder.record(pod, EventRecorder.WARNING, "Failed", "it broke");
            clock.advance(Duration.ofSeconds(5));
            recorder.record(pod, EventRecorder.WARNING, "Failed", "it broke");
            recorder.record(node, EventRecorder.NORMAL, "Ready", "node is ready");

            ResourceClient events = server.client().resource(new GroupVersionResource("", "v1", "events"));
            Poll.until("two events", () -> events.list("default", ListOptions.ALL).items().size() == 2
                    && events.list("default", ListOptions.ALL).items().stream()
                    .anyMatch(e -> e.path("count").asInt() == 2));
            List<? extends JsonNode> items = events.list("default", ListOptions.ALL).items();
            JsonNode failed = items.stream().filter(e -> e.path("reason").asText().equals("Failed")).findFirst()
                    .orElseThrow();
            assertThat(failed.path("type").asText()).isEqualTo("Warning");
            assertThat(failed.path("involvedObject").path("uid").asText()).isEqualTo("uid-1");
            assertThat(failed.path("source").path("component").asText()).isEqualTo("test-controller");
            assertThat(failed.path("firstTimestamp").asText()).isEqualTo("2025-01-01T00:00:00Z");
            assertThat(failed.path("lastTimestamp").asText()).isEqualTo("2025-01-01T00:00:05Z");
            JsonNode ready = items.stream().filter(e -> e.path("reason").asText().equals("Ready")).findFirst()
                    .orElseThrow();
            assertThat(ready.path("involvedObject").has("namespace")).isFalse();
        }
    }
}
