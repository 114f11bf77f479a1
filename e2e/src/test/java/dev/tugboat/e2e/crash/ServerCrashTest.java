package dev.tugboat.e2e.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tugboat.e2e.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Nothing acknowledged is lost: while 16 clients create objects, the server is killed with SIGKILL;
 * after a restart on the same data directory every create that was answered 201 is there, with the
 * data that was written.
 */
class ServerCrashTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WRITERS = 16;

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        ServerProcess server = ServerProcess.start();
        Path dataDir = server.dataDir();
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        try {
            String url = server.url();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(WRITERS);
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(Thread.ofVirtual().start(() -> write(url, writer, stop, started, acknowledged)));
            }
            started.await();
            // Let writes flow, then pull the plug mid-stream.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (acknowledged.size() < 2_000 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            server.kill();
            stop.set(true);
            for (Thread t : writers) {
                t.join();
            }
            assertThat(acknowledged).hasSizeGreaterThan(100);

            server = ServerProcess.startIn(dataDir);
            HttpClient client = HttpClient.newHttpClient();
            JsonNode list = JSON.readTree(client.send(HttpRequest.newBuilder(
                    URI.create(server.url() + "/api/v1/namespaces/default/configmaps")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            Map<String, String> stored = new ConcurrentHashMap<>();
            for (JsonNode item : list.path("items")) {
                stored.put(item.path("metadata").path("name").asText(), item.path("data").path("value").asText());
            }
            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                assertThat(stored).as("acknowledged write %s", e.getKey()).containsEntry(e.getKey(), e.getValue());
            }
            // The server keeps working after the crash: revisions continue, writes succeed.
            HttpResponse<String> after = create(client, server.url(), "after-crash", "x");
            assertThat(after.statusCode()).isEqualTo(201);
        } finally {
            server.close();
            server.deleteData();
        }
    }

    private static void write(String url, int writer, AtomicBoolean stop, CountDownLatch started,
                              Map<String, String> acknowledged) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        started.countDown();
        for (int i = 0; !stop.get(); i++) {
            String name = "cm-" + writer + "-" + i;
            String value = "value-" + writer + "-" + i + "-" + "x".repeat(i % 64);
            try {
                HttpResponse<String> r = create(client, url, name, value);
                if (r.statusCode() == 201) {
                    acknowledged.put(name, value);
                }
            } catch (Exception e) {
                // The server died: this write was never acknowledged.
                return;
            }
        }
    }

    private static HttpResponse<String> create(HttpClient client, String url, String name, String value)
            throws Exception {
        String body = JSON.writeValueAsString(Map.of("apiVersion", "v1", "kind", "ConfigMap",
                "metadata", Map.of("name", name), "data", Map.of("value", value)));
        return client.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/namespaces/default/configmaps"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
