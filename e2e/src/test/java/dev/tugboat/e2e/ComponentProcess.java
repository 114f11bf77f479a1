package dev.tugboat.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code tugboat} component other than the server (e.g. {@code controller-manager}) running as its
 * own process against a server's kubeconfig. Killed with SIGKILL ({@link #kill()}), as a crashed
 * process would be; always ended by {@link #close()}.
 */
public final class ComponentProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ComponentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code tugboat <command> --kubeconfig <kubeconfig> <extraArgs>}, logging to {@code log}. */
    public static ComponentProcess start(String command, Path kubeconfig, Path log, String... extraArgs)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xss512k",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), "dev.tugboat.cli.Main", command,
                "--kubeconfig", kubeconfig.toString()));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new ComponentProcess(p, log);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** SIGKILL and wait: the process gets no chance to release its leases. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
