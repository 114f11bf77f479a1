package dev.tugboat.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code tugboat server} running as its own process, as users run it: started with the CLI's flags,
 * ready once it has written its kubeconfig. Stopped with SIGTERM ({@link #stop()}) or SIGKILL
 * ({@link #kill()}); always ended by {@link #close()}.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern SERVER = Pattern.compile("server: (http://[^\\s]+)");

    private final Path dataDir;
    private final Path kubeconfig;
    private final Path log;
    private final List<String> extraArgs;
    private final int port;
    private final String command;
    private final Duration readyTimeout;
    private Process process;
    private String url;

    private ServerProcess(Path dataDir, int port, List<String> extraArgs, String command, Duration readyTimeout) {
        this.command = command;
        this.readyTimeout = readyTimeout;
        this.dataDir = dataDir;
        this.kubeconfig = dataDir.resolve("kubeconfig");
        this.log = dataDir.resolve("server.log");
        this.port = port;
        this.extraArgs = extraArgs;
    }

    /** Starts a server on a fresh data directory and waits until it is ready. */
    public static ServerProcess start(String... extraArgs) throws Exception {
        return startIn(Files.createTempDirectory("tugboat-e2e-"), extraArgs);
    }

    /** Starts a server on an existing data directory (restart) and waits until it is ready. */
    public static ServerProcess startIn(Path dataDir, String... extraArgs) throws Exception {
        return startOnPort(dataDir, 0, extraArgs);
    }

    /**
     * Starts a server on an existing data directory listening on {@code port} (0 picks a free one),
     * e.g. the {@link #port()} of a stopped server, so clients holding its URL reconnect by themselves.
     */
    public static ServerProcess startOnPort(Path dataDir, int port, String... extraArgs) throws Exception {
        ServerProcess s = new ServerProcess(dataDir, port, List.of(extraArgs), "server", Duration.ofSeconds(60));
        s.launch();
        return s;
    }

    /**
     * Starts {@code tugboat up} (the control plane and a real node on this machine) on {@code dataDir}
     * and waits until its kubeconfig is written, which happens once the node is Ready.
     */
    public static ServerProcess up(Path dataDir, String... extraArgs) throws Exception {
        ServerProcess s = new ServerProcess(dataDir, 0, List.of(extraArgs), "up", Duration.ofMinutes(3));
        s.launch();
        return s;
    }

    private void launch() throws Exception {
        Files.deleteIfExists(kubeconfig);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xss512k",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), "dev.tugboat.cli.Main", command,
                "--data-dir", dataDir.toString(), "--port", Integer.toString(port), "--write-kubeconfig", kubeconfig.toString()));
        cmd.addAll(extraArgs);
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + ":\n" + logText());
            }
            if (Files.exists(kubeconfig)) {
                Matcher m = SERVER.matcher(Files.readString(kubeconfig));
                if (m.find()) {
                    url = m.group(1);
                    return;
                }
            }
            Thread.sleep(50);
        }
        close();
        throw new IllegalStateException(command + " did not become ready within " + readyTimeout.toSeconds() + "s:\n"
                + logText());
    }

    public String url() {
        return url;
    }

    /** The port the server listens on. */
    public int port() {
        return URI.create(url).getPort();
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public Path dataDir() {
        return dataDir;
    }

    public long pid() {
        return process.pid();
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** A GET against the server, returning status and body (for checks kubectl can't express). */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return c.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** SIGTERM and wait; returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    /** SIGKILL and wait. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Deletes the data directory (call after close). */
    public void deleteData() throws IOException {
        if (Files.exists(dataDir)) {
            try (var walk = Files.walk(dataDir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
