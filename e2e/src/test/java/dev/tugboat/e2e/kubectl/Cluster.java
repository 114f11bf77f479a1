package dev.tugboat.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.e2e.Kubectl;
import dev.tugboat.e2e.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One {@code tugboat server} process shared by a test class, with the machine's kubectl dispatcher
 * pointed at it and a scratch directory for manifests. Each test takes its own namespace from
 * {@link #newNamespace(String)} so tests stay independent while sharing the server. Not thread-safe:
 * a test class uses it from one thread. {@link #close()} ends the server and deletes everything
 * created here, whatever state the tests left.
 */
final class Cluster implements AutoCloseable {

    private final ServerProcess server;
    private final Kubectl kubectl;
    private final Path workDir;
    private final List<Kubectl> extraClients = new ArrayList<>();
    private int namespaces;

    private Cluster(ServerProcess server, Kubectl kubectl, Path workDir) {
        this.server = server;
        this.kubectl = kubectl;
        this.workDir = workDir;
    }

    /** Starts a server and waits until it is ready. */
    static Cluster start() throws Exception {
        return start(new String[0]);
    }

    /** Starts a server with extra {@code tugboat server} flags and waits until its API is ready. */
    static Cluster start(String... serverArgs) throws Exception {
        ServerProcess server = ServerProcess.start(serverArgs);
        try {
            Path workDir = Files.createTempDirectory("tugboat-e2e-kubectl-");
            // kubectl's own temporary files (edit's copies, diff's LIVE/MERGED trees) go to TMPDIR.
            Path tmp = Files.createDirectory(workDir.resolve("tmp"));
            return new Cluster(server, Kubectl.dispatcher(server.kubeconfig(), Map.of("TMPDIR", tmp.toString())),
                    workDir);
        } catch (IOException | RuntimeException e) {
            server.close();
            server.deleteData();
            throw e;
        }
    }

    ServerProcess server() {
        return server;
    }

    /** The dispatcher ({@code kubectl}), as users run it. */
    Kubectl kubectl() {
        return kubectl;
    }

    /** Another kubectl (a versioned binary, or the dispatcher with extra environment), closed with the cluster. */
    Kubectl client(Kubectl k) {
        extraClients.add(k);
        return k;
    }

    /** Runs the dispatcher. */
    Kubectl.Result run(String... args) throws IOException, InterruptedException {
        return kubectl.run(args);
    }

    /** Runs the dispatcher with {@code stdin}. */
    Kubectl.Result runWithInput(String stdin, String... args) throws IOException, InterruptedException {
        return kubectl.runWithInput(stdin, args);
    }

    /** Runs the dispatcher and requires exit code 0 and an empty stderr; returns stdout. */
    String ok(String... args) throws IOException, InterruptedException {
        Kubectl.Result r = kubectl.run(args).assertOk();
        assertThat(r.err()).as("stderr of kubectl %s", String.join(" ", args)).isEmpty();
        return r.out();
    }

    /** {@code kubectl <args> -o json}, parsed. */
    JsonNode json(String... args) throws IOException, InterruptedException {
        String[] withOutput = new String[args.length + 2];
        System.arraycopy(args, 0, withOutput, 0, args.length);
        withOutput[args.length] = "-o";
        withOutput[args.length + 1] = "json";
        return Json.MAPPER.readTree(ok(withOutput));
    }

    /**
     * Waits until the deployment controller has settled Deployment {@code name} on this cluster without
     * nodes: it has observed the current generation and counts every desired replica as created and up to
     * date, and none as available (the pods stay Pending). From then on no controller writes the
     * Deployment, so its resourceVersion holds still. Returns the Deployment as {@code -o json} shows it.
     */
    JsonNode awaitDeploymentSettledWithoutNodes(String ns, String name) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> json("get", "deployment", name, "-n", ns), d -> {
                    int desired = d.at("/spec/replicas").asInt();
                    JsonNode status = d.path("status");
                    return status.path("observedGeneration").asLong() == d.at("/metadata/generation").asLong()
                            && status.path("replicas").asInt() == desired
                            && status.path("updatedReplicas").asInt() == desired
                            && status.path("unavailableReplicas").asInt() == desired
                            && status.path("availableReplicas").asInt() == 0;
                });
    }

    /** Creates a namespace with a name unique on this server and returns the name. */
    String newNamespace(String prefix) throws IOException, InterruptedException {
        String name = prefix + "-" + (++namespaces);
        assertThat(ok("create", "namespace", name)).isEqualTo("namespace/" + name + " created\n");
        return name;
    }

    /** Copies the classpath manifest {@code kubectl/<name>} into the scratch directory. */
    Path manifest(String name) {
        try (InputStream in = Cluster.class.getResourceAsStream("/kubectl/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource kubectl/" + name);
            }
            return write(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file into the scratch directory (replacing it) and returns its path. */
    Path write(String name, String content) {
        try {
            Path p = workDir.resolve(name);
            Files.createDirectories(p.getParent());
            return Files.writeString(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh directory inside the scratch directory. */
    Path newDirectory(String prefix) throws IOException {
        return Files.createTempDirectory(workDir, prefix);
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
            server.deleteData();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the server", e);
        } finally {
            kubectl.close();
            for (Kubectl k : extraClients) {
                k.close();
            }
            deleteTree(workDir);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
