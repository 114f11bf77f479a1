package dev.tugboat.apiserver.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scraper's HTTP client against a scripted server on loopback. */
class HttpGetClientTest {

    /** A server that answers each request line with what {@code reply} makes of it, counting connections. */
    private static final class Scripted implements AutoCloseable {
        final ServerSocket server;
        final AtomicInteger connections = new AtomicInteger();
        final List<String> requests = new CopyOnWriteArrayList<>();

        /** @param reply the raw response to a request line; null closes the connection without answering */
        Scripted(Function<String, String> reply) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> serve(s, reply));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket s, Function<String, String> reply) {
            try (s) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                OutputStream out = s.getOutputStream();
                for (String line; (line = in.readLine()) != null; ) {
                    String requestLine = line;
                    while (!(line = in.readLine()).isEmpty()) {
                        requests.add(line);
                    }
                    String r = reply.apply(requestLine);
                    if (r == null) {
                        return;
                    }
                    out.write(r.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (r.contains("Connection: close")) {
                        return;
                    }
                }
            } catch (IOException e) {
                // The client went away.
            }
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private final HttpGetClient client = new HttpGetClient(Duration.ofSeconds(2), 1000, "test-agent");
    private Scripted scripted;

    @AfterEach
    void stop() throws IOException {
        client.close();
        if (scripted != null) {
            scripted.close();
        }
    }

    private static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void reusesAConnectionAcrossRequests() throws Exception {
        scripted = new Scripted(line -> ok(line));
        HttpGetClient.Response first = client.get(scripted.uri("/metrics/nodes/a/metrics/resource?x=1"));
        HttpGetClient.Response second = client.get(scripted.uri("/b"));
        assertThat(first.status()).isEqualTo(200);
        assertThat(new String(first.body(), StandardCharsets.UTF_8))
                .isEqualTo("GET /metrics/nodes/a/metrics/resource?x=1 HTTP/1.1");
        assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("GET /b HTTP/1.1");
        assertThat(scripted.connections.get()).isEqualTo(1);
        assertThat(scripted.requests).contains("Host: 127.0.0.1:" + scripted.server.getLocalPort(),
                "User-Agent: test-agent");
    }

    @Test
    void readsChunkedAndCloseDelimitedBodies() throws Exception {
        scripted = new Scripted(line -> line.contains("/chunked")
                ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n"
                : "HTTP/1.0 404 Not Found\r\nConnection: close\r\n\r\ngone");
        assertThat(new String(client.get(scripted.uri("/chunked")).body(), StandardCharsets.UTF_8))
                .isEqualTo("hello world");
        HttpGetClient.Response notFound = client.get(scripted.uri("/other"));
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(new String(notFound.body(), StandardCharsets.UTF_8)).isEqualTo("gone");
    }

    @Test
    void retriesOnceWhenAnIdleConnectionWasClosedByTheServer() throws Exception {
        AtomicInteger answered = new AtomicInteger();
        // Each connection answers one request and then closes without saying so.
        scripted = new Scripted(line -> answered.getAndIncrement() % 2 == 0 ? ok("fine") : null);
        assertThat(client.get(scripted.uri("/1")).status()).isEqualTo(200);
        assertThat(client.get(scripted.uri("/2")).status()).isEqualTo(200);
        assertThat(scripted.connections.get()).isEqualTo(2);
    }

    @Test
    void boundsTheBodyAndTheTime() throws Exception {
        scripted = new Scripted(line -> line.contains("/big") ? ok("x".repeat(1001))
                : line.contains("/slow") ? "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc" : ok(""));
        assertThatThrownBy(() -> client.get(scripted.uri("/big"))).isInstanceOf(HttpGetClient.LimitException.class)
                .hasMessageContaining("exceeds 1000");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> client.get(scripted.uri("/slow"))).isInstanceOf(HttpGetClient.LimitException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> client.get(URI.create("https://127.0.0.1/x"))).isInstanceOf(IOException.class);
    }
}
