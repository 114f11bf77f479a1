package dev.tugboat.cli.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code tugboat server} (and, for the etcd datastore, an etcd) started as separate processes for a
 * benchmark, so that start-up time and resident memory are the real ones. Everything is removed on
 * close.
 */
final class ServerUnderTest implements AutoCloseable {

    private static final Pattern SERVER = Pattern.compile("server: http://([^:]+):(\\d+)");

    private final Path dir;
    private Process etcd;
    private Process server;
    private final String command;
    String host;
    int port;
    long readyMillis;

    ServerUnderTest(String datastore) throws Exception {
        this(datastore, List.of());
    }

    /** A server with extra {@code tugboat server} flags. */
    ServerUnderTest(String datastore, List<String> serverArgs) throws Exception {
        dir = Files.createTempDirectory("tugboat-bench-");
        command = "server";
        List<String> extra = new ArrayList<>(serverArgs);
        if (datastore.equals("etcd")) {
            extra.addAll(List.of("--datastore", "etcd", "--etcd-endpoints", startEtcd()));
        }
        startServer(extra);
    }

    /**
     * {@code tugboat up} (control plane and a real node) in {@code dir}, which may hold an earlier run's
     * state; ready once the node is.
     */
    ServerUnderTest(Path dir, List<String> upArgs) throws Exception {
        this.dir = dir;
        this.command = "up";
        startServer(upArgs);
    }

    /** The process's PID. */
    long pid() {
        return server.pid();
    }

    /** The state directory. */
    Path dir() {
        return dir;
    }

    /** Stops the process (SIGTERM, as a user would) and keeps its state directory. */
    void stop() throws InterruptedException {
        server.destroy();
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor();
        }
    }

    private String startEtcd() throws Exception {
        int client = freePort();
        int peer = freePort();
        String clientUrl = "http://127.0.0.1:" + client;
        String peerUrl = "http://127.0.0.1:" + peer;
        etcd = new ProcessBuilder("etcd", "--name", "bench", "--data-dir", dir.resolve("etcd").toString(),
                "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
                "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", "bench=" + peerUrl, "--quota-backend-bytes", Long.toString(4L << 30))
                .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (RawHttp h = new RawHttp("127.0.0.1", client)) {
                if (h.get("/health").status() == 200) {
                    return clientUrl;
                }
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("etcd did not start; see " + dir.resolve("etcd.log"));
    }

    private void startServer(List<String> extra) throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow"));
        String opts = System.getenv("TUGBOAT_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            cmd.addAll(List.of(opts.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "dev.tugboat.cli.Main", command, "--data-dir", dir.resolve("data").toString(), "--port", "0",
                "--write-kubeconfig", kubeconfig.toString()));
        cmd.addAll(extra);
        long t0 = System.nanoTime();
        server = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile()).start();
        Files.deleteIfExists(kubeconfig);
        long deadline = t0 + TimeUnit.SECONDS.toNanos(command.equals("up") ? 180 : 60);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("server exited: " + Files.readString(dir.resolve("server.log")));
            }
            if (Files.exists(kubeconfig)) {
                Matcher m = SERVER.matcher(Files.readString(kubeconfig));
                if (m.find()) {
                    host = m.group(1);
                    port = Integer.parseInt(m.group(2));
                    readyMillis = (System.nanoTime() - t0) / 1_000_000;
                    return;
                }
            }
            Thread.sleep(5);
        }
        stop();
        throw new IllegalStateException(command + " not ready in time; see " + dir.resolve("server.log"));
    }

    /** The server's log so far (for a failed run). */
    String logText() throws IOException {
        return Files.readString(dir.resolve("server.log"));
    }

    /** Resident memory of the server process in MiB (from /proc). */
    double rssMiB() throws IOException {
        return rssMiB(server.pid());
    }

    /** Resident memory of a process in MiB (from /proc). */
    static double rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    RawHttp client() throws IOException {
        return new RawHttp(host, port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        for (Process p : new Process[] {server, etcd}) {
            if (p != null) {
                p.destroy();
                try {
                    if (!p.waitFor(20, TimeUnit.SECONDS)) {
                        p.destroyForcibly().waitFor();
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
