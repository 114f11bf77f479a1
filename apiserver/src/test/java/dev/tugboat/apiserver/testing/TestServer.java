package dev.tugboat.apiserver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.apiserver.ApiServer;
import dev.tugboat.apiserver.ApiServerConfig;
import dev.tugboat.apiserver.StandardComponents;
import dev.tugboat.store.sqlite.SqliteStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;

/** An API server in this JVM on a fresh SQLite store, with a small HTTP client for tests. */
public final class TestServer implements AutoCloseable {

    /** A response: status and body. */
    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private final Path dir;
    private final SqliteStore store;
    private final ApiServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    public TestServer() throws Exception {
        this(Files.createTempDirectory("tugboat-apiserver-test-"));
    }

    /** A server on the state in {@code dir} (a restart when another server used it before). */
    public TestServer(Path dir) throws Exception {
        this(dir, ApiServerConfig.defaults());
    }

    /** A server with another configuration (on a free port). */
    public TestServer(ApiServerConfig config) throws Exception {
        this(Files.createTempDirectory("tugboat-apiserver-test-"), config);
    }

    private TestServer(Path dir, ApiServerConfig config) throws Exception {
        this.dir = dir;
        store = new SqliteStore(dir.resolve("state.db"));
        server = ApiServer.start(config.withPort(0), store, StandardComponents.create());
    }

    public Path dir() {
        return dir;
    }

    /** Stops the server but keeps its state, for a restart. */
    public void stopKeepingState() {
        server.close();
        store.close();
    }

    public ApiServer server() {
        return server;
    }

    public SqliteStore store() {
        return store;
    }

    /** Opens a watch (or any streaming GET) and returns its lines as they arrive. */
    public java.util.concurrent.BlockingQueue<String> stream(String path) throws Exception {
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build();
        HttpResponse<java.util.stream.Stream<String>> r = http.send(req, HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            throw new AssertionError("stream answered " + r.statusCode() + ": " + String.join("\n", r.body().toList()));
        }
        Thread.ofVirtual().start(() -> r.body().forEach(lines::add));
        return lines;
    }

    public Response get(String path) throws Exception {
        return send("GET", path, null, null);
    }

    public Response post(String path, String json) throws Exception {
        return send("POST", path, "application/json", json);
    }

    public Response put(String path, String json) throws Exception {
        return send("PUT", path, "application/json", json);
    }

    public Response patch(String path, String contentType, String body) throws Exception {
        return send("PATCH", path, contentType, body);
    }

    public Response delete(String path) throws Exception {
        return send("DELETE", path, null, null);
    }

    public Response send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(r.statusCode(), r.body());
    }

    @Override
    public void close() throws IOException {
        server.close();
        store.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
