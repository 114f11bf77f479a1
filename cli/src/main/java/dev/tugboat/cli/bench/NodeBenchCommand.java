package dev.tugboat.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tugboat bench node}: a real node. Starts {@code tugboat up} as its own process on a fresh
 * state directory (building the offline images) and again on the same directory (a restart), timing
 * each from process start to the kubeconfig, which is written once the node is Ready; then creates
 * pods one after another (busybox from the node's images) and times each from create to Ready, as
 * the pod startup SLO does; and reports the memory of the {@code up} process and of containerd with
 * its shims.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Measure a real node: up to Ready, pod startup latency, memory (needs root and containerd).")
final class NodeBenchCommand implements Callable<Integer> {

    @Option(names = "--pods", defaultValue = "30", description = "Pods whose startup is timed (default: ${DEFAULT-VALUE}).")
    int pods;

    @Override
    public Integer call() throws Exception {
        List<String> rows = new ArrayList<>();
        Path dir = Files.createTempDirectory("tugboat-bench-node-");
        List<String> args = List.of("--node-name", "bench-node", "--node-ip", "127.0.0.1");
        try {
            run(dir, args, rows);
            agentMemory(dir.resolve("agent"), rows);
        } finally {
            if (Files.exists(dir)) {
                try (var walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        System.out.println();
        System.out.println("| measure | result |");
        System.out.println("|---|---|");
        rows.forEach(System.out::println);
        return 0;
    }

    private void run(Path dir, List<String> args, List<String> rows) throws Exception {
        System.err.println("== tugboat up on a fresh state directory");
        ServerUnderTest first = new ServerUnderTest(dir, args);
        rows.add(row("tugboat up → node Ready, fresh state directory (builds the offline images)",
                first.readyMillis + " ms"));
        first.stop();
        System.err.println("== tugboat up again on the same state directory");
        try (ServerUnderTest s = new ServerUnderTest(dir, args)) {
            rows.add(row("tugboat up → node Ready, restart on the same state directory", s.readyMillis + " ms"));
            Stats startup = new Stats();
            try (RawHttp h = s.client()) {
                for (int i = 0; i < pods; i++) {
                    String name = "startup-" + i;
                    long t0 = System.nanoTime();
                    RawHttp.Response r = h.post("/api/v1/namespaces/default/pods", pod(name));
                    if (r.status() != 201) {
                        throw new IllegalStateException("create failed: " + r.status() + " " + r.text());
                    }
                    awaitReady(h, name);
                    startup.add(System.nanoTime() - t0);
                }
            }
            rows.add(row("pod startup, create → Ready, " + pods + " pods one after another, p50 / p99",
                    String.format("%.0f ms / %.0f ms", startup.percentileMillis(50), startup.percentileMillis(99))));
            rows.add(row("memory of the up process (API server, controllers, scheduler, kubelet) with " + pods
                    + " pods", String.format("%.0f MiB", s.rssMiB())));
            long containerd = Long.parseLong(Files.readString(dir.resolve("data/node/containerd/containerd.pid")).strip());
            double shims = ProcessHandle.allProcesses()
                    .filter(p -> p.info().command().map(c -> c.endsWith("containerd-shim-runc-v2")).orElse(false))
                    .filter(p -> p.info().commandLine().orElse("").contains(dir.toString()))
                    .mapToDouble(p -> rss(p.pid())).sum();
            rows.add(row("memory of containerd / of its " + pods + " pods' shims", String.format("%.0f MiB / %.0f MiB",
                    ServerUnderTest.rssMiB(containerd), shims)));
        }
    }

    /**
     * The kubelet alone: {@code tugboat agent} as its own process against a {@code tugboat server}, with
     * the same number of pods running, for the agent's own memory.
     */
    private void agentMemory(Path dir, List<String> rows) throws Exception {
        System.err.println("== tugboat agent against tugboat server, " + pods + " pods");
        Files.createDirectories(dir);
        try (ServerUnderTest s = new ServerUnderTest("sqlite")) {
            String javaBinary = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = new ArrayList<>(List.of(javaBinary, "--enable-native-access=ALL-UNNAMED",
                    "--sun-misc-unsafe-memory-access=allow"));
            String opts = System.getenv("TUGBOAT_JAVA_OPTS");
            if (opts != null && !opts.isBlank()) {
                cmd.addAll(List.of(opts.trim().split("\\s+")));
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.tugboat.cli.Main", "agent",
                    "--server", "http://" + s.host + ":" + s.port, "--data-dir", dir.resolve("data").toString(),
                    "--node-name", "bench-agent", "--node-ip", "127.0.0.1"));
            Process agent = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("agent.log").toFile()).start();
            try (RawHttp h = s.client()) {
                long deadline = System.nanoTime() + 120_000_000_000L;
                while (!Json.parse(h.get("/api/v1/nodes/bench-agent").body()).path("status").path("conditions")
                        .toString().contains("\"KubeletReady\"")) {
                    if (System.nanoTime() > deadline || !agent.isAlive()) {
                        throw new IllegalStateException("the agent's node did not become Ready; see "
                                + dir.resolve("agent.log"));
                    }
                    Thread.sleep(100);
                }
                for (int i = 0; i < pods; i++) {
                    h.post("/api/v1/namespaces/default/pods", pod("agent-" + i));
                }
                for (int i = 0; i < pods; i++) {
                    awaitReady(h, "agent-" + i);
                }
                rows.add(row("memory of the tugboat agent process (kubelet alone) with " + pods + " pods",
                        String.format("%.0f MiB", ServerUnderTest.rssMiB(agent.pid()))));
            } finally {
                agent.destroy();
                if (!agent.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    agent.destroyForcibly().waitFor();
                }
            }
        }
    }

    private static double rss(long pid) {
        try {
            return ServerUnderTest.rssMiB(pid);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static byte[] pod(String name) {
        return ("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{"
                + "\"terminationGracePeriodSeconds\":0,\"containers\":[{\"name\":\"app\",\"image\":\"busybox\","
                + "\"imagePullPolicy\":\"IfNotPresent\",\"command\":[\"sleep\",\"3600\"]}]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Polls the pod until its Ready condition is True (every 5 ms: the measure is in tens of ms). */
    private static void awaitReady(RawHttp h, String name) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode pod = Json.parse(h.get("/api/v1/namespaces/default/pods/" + name).body());
            Optional<JsonNode> ready = Optional.empty();
            for (JsonNode c : pod.path("status").path("conditions")) {
                if (c.path("type").asText().equals("Ready")) {
                    ready = Optional.of(c);
                }
            }
            if (ready.map(c -> c.path("status").asText().equals("True")).orElse(false)) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("pod " + name + " not Ready within 60 s");
    }

    private static String row(String what, String value) {
        System.err.println("   " + what + ": " + value);
        return "| " + what + " | " + value + " |";
    }
}
