package dev.tugboat.store.etcd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-member etcd on loopback, for tests: free random ports, a temporary data directory,
 * stopped and deleted by {@link #close()}. The binary is {@code /usr/bin/etcd} (Debian's
 * etcd-server) unless the system property {@code etcd.binary} names another. Not thread-safe.
 */
public final class EtcdServer implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Path dir;
    private final Process process;
    private final URI clientUrl;

    private EtcdServer(Path dir, Process process, URI clientUrl) {
        this.dir = dir;
        this.process = process;
        this.clientUrl = clientUrl;
    }

    /** Starts etcd and waits until it reports healthy; fails clearly if the binary is missing. */
    public static EtcdServer start() throws IOException, InterruptedException {
        Path binary = Path.of(System.getProperty("etcd.binary", "/usr/bin/etcd"));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("etcd binary not found at " + binary
                    + ": install Debian's etcd-server package (or set -Detcd.binary=/path/to/etcd)");
        }
        Path dir = Files.createTempDirectory("tugboat-etcd-");
        String client = "http://127.0.0.1:" + freePort();
        String peer = "http://127.0.0.1:" + freePort();
        Path log = dir.resolve("etcd.log");
        Process process;
        try {
            process = new ProcessBuilder(binary.toString(),
                    "--name", "tugboat-test",
                    "--data-dir", dir.resolve("data").toString(),
                    "--listen-client-urls", client,
                    "--advertise-client-urls", client,
                    "--listen-peer-urls", peer,
                    "--initial-advertise-peer-urls", peer,
                    "--initial-cluster", "tugboat-test=" + peer,
                    "--logger", "zap",
                    "--log-level", "warn")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            deleteTree(dir);
            throw e;
        }
        EtcdServer server = new EtcdServer(dir, process, URI.create(client));
        try {
            server.awaitHealthy(log);
        } catch (RuntimeException | InterruptedException | IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public List<URI> endpoints() {
        return List.of(clientUrl);
    }

    private void awaitHealthy(Path log) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(clientUrl.resolve("/health")).timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("etcd exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"health\":\"true\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("etcd did not become healthy within " + STARTUP + ": " + Files.readString(log));
    }

    /** Stops etcd (SIGTERM, then SIGKILL) and deletes its data. Idempotent. */
    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            deleteTree(dir);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
