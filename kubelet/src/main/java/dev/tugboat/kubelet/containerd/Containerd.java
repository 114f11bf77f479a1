package dev.tugboat.kubelet.containerd;

import dev.tugboat.kubelet.cri.CriClient;
import dev.tugboat.kubelet.cri.CriException;
import dev.tugboat.kubelet.cri.v1.RuntimeCondition;
import dev.tugboat.kubelet.cri.v1.StatusRequest;
import dev.tugboat.kubelet.cri.v1.StatusResponse;
import dev.tugboat.kubelet.cri.v1.VersionRequest;
import dev.tugboat.kubelet.cri.v1.VersionResponse;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One containerd the kubelet talks CRI to: either a process this object started and supervises
 * ({@link #start}), or a runtime someone else runs ({@link #existing}). Closing stops the process
 * it started (SIGTERM, then SIGKILL) and always closes the CRI channel. Containers and their shims
 * outlive containerd by design; removing pods is the kubelet's business, not this class's.
 */
public final class Containerd implements AutoCloseable {

    public static final String MISSING_PACKAGES =
            "apt-get install containerd runc containernetworking-plugins";
    /** The containerd namespace CRI keeps its images and containers in. */
    public static final String CRI_NAMESPACE = "k8s.io";

    private static final Logger LOG = LoggerFactory.getLogger(Containerd.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofMillis(10);
    private static final Duration PROBE_DEADLINE = Duration.ofSeconds(2);
    private static final Pattern NETNS_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final int LOG_TAIL_LINES = 20;

    private final CriClient cri;
    private final Optional<Process> process;
    private final Optional<Path> logFile;

    private Containerd(CriClient cri, Optional<Process> process, Optional<Path> logFile) {
        this.cri = cri;
        this.process = process;
        this.logFile = logFile;
    }

    /** Whether the runtime can run containers, and separately whether pod networking (CNI) is set up. */
    public record Readiness(
            boolean runtimeReady, boolean networkReady, String runtimeMessage, String networkMessage) {

        static Readiness of(StatusResponse status) {
            Optional<RuntimeCondition> runtime = condition(status, "RuntimeReady");
            Optional<RuntimeCondition> network = condition(status, "NetworkReady");
            return new Readiness(
                    runtime.map(RuntimeCondition::getStatus).orElse(false),
                    network.map(RuntimeCondition::getStatus).orElse(false),
                    runtime.map(Readiness::describe).orElse("the runtime reported no RuntimeReady condition"),
                    network.map(Readiness::describe).orElse("the runtime reported no NetworkReady condition"));
        }

        private static Optional<RuntimeCondition> condition(StatusResponse status, String type) {
            return status.getStatus().getConditionsList().stream()
                    .filter(c -> c.getType().equals(type))
                    .findFirst();
        }

        private static String describe(RuntimeCondition c) {
            if (c.getStatus()) {
                return "";
            }
            return c.getMessage().isEmpty() ? c.getReason() : c.getReason() + ": " + c.getMessage();
        }
    }

    /**
     * Writes {@code config} to {@code dir/config.toml}, starts {@code containerd -c} on it (inside
     * the network namespace {@code netns} when given, through {@code nsenter --net}, which unlike
     * {@code ip netns exec} leaves the cgroup mounts visible), appends its output to
     * {@code dir/containerd.log}, and returns once CRI reports RuntimeReady.
     */
    public static Containerd start(
            ContainerdConfig config, Path dir, Optional<String> netns, Duration readyTimeout) throws IOException {
        Path containerd = executable("containerd")
                .orElseThrow(() -> new IOException("containerd is not installed: " + MISSING_PACKAGES));
        List<String> command = new ArrayList<>();
        if (netns.isPresent()) {
            Path netnsFile = netnsPath(netns.get());
            Path nsenter = executable("nsenter")
                    .orElseThrow(() -> new IOException("nsenter is not installed: apt-get install util-linux"));
            // nsenter execs containerd in place (no --fork), so the PID we hold is containerd's own.
            command.addAll(List.of(nsenter.toString(), "--net=" + netnsFile));
        }
        command.addAll(List.of(containerd.toString(), "-c", dir.toAbsolutePath().resolve("config.toml").toString()));

        Files.createDirectories(dir);
        Files.createDirectories(config.root());
        Files.createDirectories(config.state());
        Files.createDirectories(config.socket().getParent());
        Files.createDirectories(config.cniConfDir());
        Path configFile = dir.resolve("config.toml");
        Files.writeString(configFile, config.toToml(), StandardCharsets.UTF_8);
        Path log = dir.resolve("containerd.log");
        if (listening(config.socket())) {
            throw new IOException("a runtime already listens on " + config.socket()
                    + "; stop it, or use it as an existing runtime instead of starting another on the same root");
        }
        // A socket left by a containerd that died without cleaning up would look like a live runtime.
        Files.deleteIfExists(config.socket());

        Process started = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        LOG.info("started containerd pid {} on {}{}", started.pid(), config.socket(),
                netns.map(n -> " in network namespace " + n).orElse(""));
        Containerd runtime = new Containerd(CriClient.connect(config.socket()), Optional.of(started), Optional.of(log));
        try {
            runtime.awaitReady(readyTimeout);
            return runtime;
        } catch (IOException | RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /** A runtime someone else runs on {@code socket}; returns once it reports RuntimeReady. */
    public static Containerd existing(Path socket, Duration readyTimeout) throws IOException {
        Containerd runtime = new Containerd(CriClient.connect(socket), Optional.empty(), Optional.empty());
        try {
            runtime.awaitReady(readyTimeout);
            return runtime;
        } catch (IOException | RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    public CriClient cri() {
        return cri;
    }

    public Path socket() {
        return cri.socket();
    }

    /** The PID of the containerd this object started; empty for an existing runtime. */
    public OptionalLong pid() {
        return process.map(p -> OptionalLong.of(p.pid())).orElse(OptionalLong.empty());
    }

    /** Where the started containerd writes its output. */
    public Optional<Path> logFile() {
        return logFile;
    }

    public VersionResponse version() {
        return cri.runtime(PROBE_DEADLINE, rt -> rt.version(VersionRequest.newBuilder().setVersion("v1").build()));
    }

    /** One CRI Status call. */
    public Readiness readiness() {
        return Readiness.of(cri.runtime(PROBE_DEADLINE, rt -> rt.status(StatusRequest.getDefaultInstance())));
    }

    /**
     * Imports an OCI or docker image archive into CRI's namespace with containerd's own CLI
     * ({@code ctr images import}); the names inside the archive become the image names.
     */
    public void importImage(Path archive) throws IOException {
        if (!Files.isRegularFile(archive)) {
            throw new IOException("image archive not found: " + archive);
        }
        Path ctr = executable("ctr")
                .orElseThrow(() -> new IOException("ctr (containerd's CLI) is not installed: " + MISSING_PACKAGES));
        Process importer = new ProcessBuilder(ctr.toString(), "--address", socket().toString(),
                        "-n", CRI_NAMESPACE, "images", "import", archive.toAbsolutePath().toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        CompletableFuture<String> stderr = readAsync(importer.getErrorStream());
        try {
            if (!importer.waitFor(IMPORT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                importer.destroyForcibly().waitFor();
                throw new IOException("ctr images import " + archive + " did not finish within " + IMPORT_TIMEOUT);
            }
            String errors = stderr.get(5, TimeUnit.SECONDS).strip();
            if (importer.exitValue() != 0) {
                throw new IOException("ctr images import " + archive + " failed (exit " + importer.exitValue() + "): "
                        + (errors.isEmpty() ? "no error output" : errors));
            }
        } catch (InterruptedException e) {
            importer.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while importing " + archive, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not read the output of ctr images import " + archive, e);
        }
    }

    /** Stops the containerd this object started (SIGTERM, then SIGKILL) and closes the channel. */
    @Override
    public void close() {
        cri.close();
        process.ifPresent(Containerd::stop);
    }

    private static void stop(Process p) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("containerd pid {} ignored SIGTERM for {}; killing it", p.pid(), STOP_GRACE);
                p.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastProblem = "no answer on " + socket();
        while (true) {
            if (process.isPresent() && !process.get().isAlive()) {
                throw new IOException("containerd exited with code " + process.get().exitValue()
                        + " before it was ready" + logTail());
            }
            // Until the socket exists a call would only fail and push the channel into reconnect backoff.
            if (Files.exists(socket())) {
                try {
                    Readiness readiness = readiness();
                    if (readiness.runtimeReady()) {
                        if (!readiness.networkReady()) {
                            LOG.info("containerd on {} is ready, its network is not: {}", socket(), readiness.networkMessage());
                        }
                        return;
                    }
                    lastProblem = "runtime not ready: " + readiness.runtimeMessage();
                } catch (CriException e) {
                    if (!e.isUnavailable()) {
                        throw new IOException("containerd on " + socket() + " does not speak CRI v1: " + e.getMessage(), e);
                    }
                    lastProblem = e.getMessage();
                    cri.resetConnectBackoff();
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("containerd on " + socket() + " was not ready within " + timeout + ": "
                        + lastProblem + logTail());
            }
            sleep(POLL);
        }
    }

    private String logTail() {
        if (logFile.isEmpty() || !Files.isReadable(logFile.get())) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(logFile.get(), StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            return "; the end of " + logFile.get() + ":\n" + String.join("\n", tail);
        } catch (IOException | UncheckedIOException e) {
            return "; " + logFile.get() + " is unreadable: " + e.getMessage();
        }
    }

    /** Whether a runtime answers on {@code socket}. */
    public static boolean listening(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return probe.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    private static Path netnsPath(String netns) throws IOException {
        if (!NETNS_NAME.matcher(netns).matches()) {
            throw new IllegalArgumentException("not a network namespace name: " + netns);
        }
        Path path = Path.of("/run/netns", netns);
        if (!Files.exists(path)) {
            throw new IOException("network namespace " + netns + " does not exist (no " + path + ")");
        }
        return path;
    }

    /** Finds a program on PATH, plus the sbin directories a non-login root shell may lack. */
    static Optional<Path> executable(String name) {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        return dirs.stream()
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, name))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                .findFirst();
    }

    private static CompletableFuture<String> readAsync(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().name("ctr-stderr").start(() -> {
            try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(e);
            }
        });
        return text;
    }

    private static void sleep(Duration d) throws IOException {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for containerd", e);
        }
    }
}
