package dev.tugboat.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubelet's {@code /containerLogs} over real HTTP, on log files in a temporary directory. */
class KubeletServerIT {

    @TempDir
    Path dir;

    private FileContainerLogs logs;
    private KubeletServer server;
    private HttpClient client;
    private String base;

    @BeforeEach
    void start() throws Exception {
        logs = new FileContainerLogs(dir);
        Clock clock = Clock.fixed(Instant.parse("2024-05-01T10:00:10Z"), ZoneOffset.UTC);
        server = new KubeletServer(logs, (ns, pod, container, command) ->
                new ContainerExec.Unavailable(404, "pod does not exist"), clock, Duration.ofMillis(20), KubeletServer.ConnectionSecurity.PLAIN);
        InetSocketAddress address = server.start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + address.getPort();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static final String LOG = """
            2024-05-01T10:00:01Z stdout F one
            2024-05-01T10:00:02Z stderr F two
            2024-05-01T10:00:03Z stdout P thr
            2024-05-01T10:00:03Z stdout F ee
            """;

    @Test
    void servesTheLogWithItsOptions() throws Exception {
        write(logs.container("default", "web", "nginx", 1, false), LOG);
        HttpResponse<String> all = get("/containerLogs/default/web/nginx");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(all.body()).isEqualTo("one\ntwo\nthree\n");
        assertThat(get("/containerLogs/default/web/nginx?tailLines=1&timestamps=true").body())
                .isEqualTo("2024-05-01T10:00:03Z three\n");
        // The clock stands at 10:00:10: the last 8 seconds start at 10:00:02.
        assertThat(get("/containerLogs/default/web/nginx?sinceSeconds=8").body()).isEqualTo("two\nthree\n");
        assertThat(get("/containerLogs/default/web/nginx?sinceTime=2024-05-01T10:00:03Z").body()).isEqualTo("three\n");
        assertThat(get("/containerLogs/default/web/nginx?limitBytes=5").body()).isEqualTo("one\nt");
        assertThat(get("/containerLogs/default/web/nginx?tail=2").body()).isEqualTo("two\nthree\n");
        assertThat(get("/containerLogs/default/web/nginx?tail=all").body()).isEqualTo("one\ntwo\nthree\n");
    }

    @Test
    void previousReadsTheInstanceBeforeTheCurrentOne() throws Exception {
        write(logs.file("default", "web", "app", 0), "2024-05-01T09:00:00Z stdout F crashed\n");
        write(logs.container("default", "web", "app", 2, true), "2024-05-01T10:00:00Z stdout F again\n");
        assertThat(get("/containerLogs/default/web/app?previous=true").body()).isEqualTo("crashed\n");
        assertThat(get("/containerLogs/default/web/app").body()).isEqualTo("again\n");
    }

    @Test
    void explainsWhyThereIsNoLog() throws Exception {
        write(logs.container("default", "web", "nginx", 1, true), LOG);
        logs.container("default", "web", "sidecar", 0, false);
        HttpResponse<String> pod = get("/containerLogs/default/nope/nginx");
        assertThat(pod.statusCode()).isEqualTo(404);
        assertThat(pod.body()).isEqualTo("pod \"nope\" does not exist");
        assertThat(get("/containerLogs/default/web/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> waiting = get("/containerLogs/default/web/sidecar");
        assertThat(waiting.statusCode()).isEqualTo(400);
        assertThat(waiting.body()).isEqualTo("container \"sidecar\" in pod \"web\" is waiting to start: ContainerCreating");
        HttpResponse<String> previous = get("/containerLogs/default/web/nginx?previous=1");
        assertThat(previous.statusCode()).isEqualTo(400);
        assertThat(previous.body()).isEqualTo("previous terminated container \"nginx\" in pod \"web\" not found");
        assertThat(get("/containerLogs/default/web/nginx?tailLines=x").statusCode()).isEqualTo(400);
        assertThat(get("/containerLogs/default/web/nginx?tailLines=-1").statusCode()).isEqualTo(422);
        assertThat(get("/containerLogs/default/web/nginx?sinceSeconds=5&sinceTime=2024-05-01T10:00:00Z")
                .statusCode()).isEqualTo(422);
        assertThat(get("/containerLogs/default/web").statusCode()).isEqualTo(404);
        assertThat(get("/pods").statusCode()).isEqualTo(404);
    }

    @Test
    void followStreamsAppendedLinesUntilTheContainerStops() throws Exception {
        Path file = write(logs.container("default", "web", "nginx", 1, true), LOG);
        HttpResponse<InputStream> resp = client.send(HttpRequest.newBuilder(
                        URI.create(base + "/containerLogs/default/web/nginx?follow=true&tailLines=1")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(resp.statusCode()).isEqualTo(200);
        try (InputStream in = resp.body()) {
            assertThat(readExactly(in, "three\n".length())).isEqualTo("three\n");
            Files.writeString(file, "2024-05-01T10:00:04Z stdout F four\n", StandardOpenOption.APPEND);
            assertThat(readExactly(in, "four\n".length())).isEqualTo("four\n");
            Files.writeString(file, "2024-05-01T10:00:05Z stdout F five\n", StandardOpenOption.APPEND);
            logs.container("default", "web", "nginx", 1, false);
            // The rest of the body, up to the end the server sends once the container has stopped.
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("five\n");
        }
    }

    @Test
    void aFollowerWhoseReaderLeftStops() throws Exception {
        write(logs.container("default", "web", "nginx", 1, true), LOG);
        for (int i = 0; i < 3; i++) {
            HttpResponse<InputStream> resp = client.send(HttpRequest.newBuilder(
                            URI.create(base + "/containerLogs/default/web/nginx?follow=true")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = resp.body()) {
                assertThat(readExactly(in, 4)).isEqualTo("one\n");
            }
        }
        // A plain request still gets through: the server is not stuck serving the abandoned streams.
        assertThat(get("/containerLogs/default/web/nginx?tailLines=1").body()).isEqualTo("three\n");
    }

    private static String readExactly(InputStream in, int n) throws Exception {
        byte[] buf = new byte[n];
        int read = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (read < n && System.nanoTime() < deadline) {
            int r = in.read(buf, read, n - read);
            if (r < 0) {
                break;
            }
            read += r;
        }
        return new String(buf, 0, read, StandardCharsets.UTF_8);
    }
}
