package dev.tugboat.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real kubectl against a server, as users do: the machine's dispatcher ({@code kubectl}) or a
 * versioned binary ({@code kubectl.1.29}), with its own cache directory so discovery is never stale.
 * {@link #close()} deletes that cache directory.
 */
public final class Kubectl implements AutoCloseable {

    /** What a command printed and how it exited. */
    public record Result(int exitCode, String out, String err) {
        public Result assertOk() {
            if (exitCode != 0) {
                throw new AssertionError("kubectl failed with " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return this;
        }

        @Override
        public String toString() {
            return "exit=" + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private final String binary;
    private final Path kubeconfig;
    private final Path cacheDir;
    private final Map<String, String> env;

    public Kubectl(String binary, Path kubeconfig, Map<String, String> env) throws IOException {
        this.binary = binary;
        this.kubeconfig = kubeconfig;
        this.cacheDir = Files.createTempDirectory("kubectl-cache-");
        this.env = env;
    }

    /** The machine's dispatcher, which picks the kubectl version from the server's /version. */
    public static Kubectl dispatcher(Path kubeconfig) throws IOException {
        return dispatcher(kubeconfig, Map.of());
    }

    /** The dispatcher with extra environment variables (e.g. {@code TMPDIR}). */
    public static Kubectl dispatcher(Path kubeconfig, Map<String, String> env) throws IOException {
        return new Kubectl("kubectl", kubeconfig, env);
    }

    /**
     * A versioned kubectl binary called directly, e.g. {@code kubectl.1.29}: from PATH, or else from
     * beside the dispatcher (where the dispatcher itself finds it; that directory need not be on PATH).
     */
    public static Kubectl version(String minor, Path kubeconfig) throws IOException {
        return new Kubectl(versionedBinary("kubectl.1." + minor), kubeconfig, Map.of());
    }

    /** The command that runs this kubectl (a name on PATH or a path). */
    public String binary() {
        return binary;
    }

    /** The same kubectl with extra environment variables (e.g. {@code EDITOR}), and its own cache. */
    public Kubectl withEnv(Map<String, String> extra) throws IOException {
        Map<String, String> merged = new java.util.HashMap<>(env);
        merged.putAll(extra);
        return new Kubectl(binary, kubeconfig, merged);
    }

    private static String versionedBinary(String name) {
        Optional<Path> onPath = onPath(name);
        if (onPath.isPresent()) {
            return name;
        }
        return onPath("kubectl").map(Kubectl::realPath).map(p -> p.resolveSibling(name))
                .filter(Files::isExecutable).map(Path::toString).orElse(name);
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name));
            }
        }
        return Optional.empty();
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    public Result run(String... args) throws IOException, InterruptedException {
        return runWithInput(null, args);
    }

    /** Runs with {@code stdin} fed to the command (e.g. {@code apply -f -}). */
    public Result runWithInput(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary);
        cmd.add("--kubeconfig=" + kubeconfig);
        cmd.add("--cache-dir=" + cacheDir);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("KUBECACHEDIR", cacheDir.toString());
        pb.environment().put("HOME", cacheDir.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish within 120s");
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    /** Starts a long-running command (e.g. {@code get -w}); the caller destroys it. */
    public Process start(Path output, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary);
        cmd.add("--kubeconfig=" + kubeconfig);
        cmd.add("--cache-dir=" + cacheDir);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().put("KUBECACHEDIR", cacheDir.toString());
        pb.environment().put("HOME", cacheDir.toString());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Deletes this instance's cache directory. */
    @Override
    public void close() throws IOException {
        if (Files.exists(cacheDir)) {
            try (var walk = Files.walk(cacheDir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
