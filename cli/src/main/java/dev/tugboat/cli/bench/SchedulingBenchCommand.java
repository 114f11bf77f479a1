package dev.tugboat.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tugboat bench scheduling}: the control plane at scale on simulated nodes. Starts
 * {@code tugboat server --simulated-nodes N} as its own process (scheduler, controllers and the
 * simulated kubelets all inside it) and measures: scheduling throughput from pod creation to bound for
 * batches of pods created as fast as 16 clients can, the time for a Deployment of 1,000 replicas to be
 * fully available, API latency with the cluster holding 150,000 pods, and the server's memory.
 */
@Command(name = "scheduling", mixinStandardHelpOptions = true,
        description = "Measure scheduling throughput and control-plane scale on simulated nodes.")
final class SchedulingBenchCommand implements Callable<Integer> {

    @Option(names = "--nodes", defaultValue = "5000", description = "Simulated nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--batches", split = ",", defaultValue = "10000,30000",
            description = "Pods per scheduling-throughput batch (default: ${DEFAULT-VALUE}).")
    int[] batches;

    @Option(names = "--deployment-replicas", defaultValue = "1000", description = "Replicas of the Deployment run.")
    int deploymentReplicas;

    @Option(names = "--total-pods", defaultValue = "150000",
            description = "Pods the cluster holds for the latency run; 0 skips it (default: ${DEFAULT-VALUE}).")
    int totalPods;

    @Option(names = "--latency-seconds", defaultValue = "20", description = "Duration of the latency run.")
    int latencySeconds;

    @Option(names = "--with-metrics",
            description = "Keep the server's resource metrics scraper running (default: off, --metric-resolution 0).")
    boolean withMetrics;

    @Override
    public Integer call() throws Exception {
        List<String> rows = new ArrayList<>();
        System.err.println("== starting server with " + nodes + " simulated nodes");
        // Every node needs a /24 of its own: a /16 has only 256 of them.
        List<String> args = new ArrayList<>(List.of("--simulated-nodes", Integer.toString(nodes),
                "--cluster-cidr", "10.128.0.0/9"));
        if (!withMetrics) {
            // Scraping every node's metrics each 15 s costs a few percent of a core at 5,000 nodes, and
            // more per pod; the control plane's figures are measured without it (--with-metrics keeps it).
            args.addAll(List.of("--metric-resolution", "0"));
        }
        try (ServerUnderTest s = new ServerUnderTest("sqlite", args)) {
            long t0 = System.nanoTime();
            awaitNodesReady(s);
            rows.add(row(nodes + " simulated nodes registered and Ready (after API ready)",
                    String.format("%.1f s", (System.nanoTime() - t0) / 1e9)));
            rows.add(row("server resident memory with " + nodes + " nodes", String.format("%.0f MiB", s.rssMiB())));
            long created = 0;
            for (int b = 0; b < batches.length; b++) {
                int n = batches[b];
                String ns = "sched-" + (b + 1);
                createNamespace(s, ns);
                double[] r = scheduleBatch(s, ns, n);
                created += n;
                rows.add(row("scheduling throughput, " + n + " pods on " + nodes + " nodes: overall / sustained (10%→90%)",
                        String.format("%.0f pods/s / %.0f pods/s", r[0], r[1])));
            }
            createNamespace(s, "sched-deploy");
            double deploy = deploymentAvailable(s, "sched-deploy", deploymentReplicas);
            created += deploymentReplicas;
            rows.add(row("Deployment of " + deploymentReplicas + " replicas: create → all available",
                    String.format("%.1f s", deploy)));
            rows.add(row("server resident memory with " + created + " pods", String.format("%.0f MiB", s.rssMiB())));
            if (totalPods > created) {
                createNamespace(s, "sched-fill");
                System.err.println("== filling the cluster to " + totalPods + " pods");
                double[] fill = scheduleBatch(s, "sched-fill", (int) (totalPods - created));
                rows.add(row("filling to " + totalPods + " pods: scheduling throughput overall / sustained",
                        String.format("%.0f pods/s / %.0f pods/s", fill[0], fill[1])));
                System.err.println("== API latency with " + totalPods + " pods");
                for (String line : latencies(s)) {
                    rows.add(line);
                }
                rows.add(row("server resident memory with " + totalPods + " pods", String.format("%.0f MiB", s.rssMiB())));
            }
        }
        System.out.println();
        System.out.println("| measure | result |");
        System.out.println("|---|---|");
        rows.forEach(System.out::println);
        return 0;
    }

    private static String row(String what, String value) {
        System.err.println("   " + what + ": " + value);
        return "| " + what + " | " + value + " |";
    }

    private void awaitNodesReady(ServerUnderTest s) throws Exception {
        long deadline = System.nanoTime() + 600_000_000_000L;
        try (RawHttp h = s.client()) {
            while (System.nanoTime() < deadline) {
                JsonNode list = Json.parse(h.get("/api/v1/nodes").body());
                int ready = 0;
                for (JsonNode node : list.path("items")) {
                    boolean isReady = false;
                    for (JsonNode c : node.at("/status/conditions")) {
                        isReady |= c.path("type").asText().equals("Ready") && c.path("status").asText().equals("True");
                    }
                    if (isReady && node.at("/spec/podCIDR").isTextual()) {
                        ready++;
                    }
                }
                if (ready >= nodes) {
                    return;
                }
                Thread.sleep(1000);
            }
        }
        throw new IllegalStateException("nodes not ready within 10 minutes");
    }

    private static void createNamespace(ServerUnderTest s, String ns) throws Exception {
        try (RawHttp h = s.client()) {
            RawHttp.Response r = h.post("/api/v1/namespaces", ("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
                    + "\"metadata\":{\"name\":\"" + ns + "\"}}").getBytes(StandardCharsets.UTF_8));
            if (r.status() != 201) {
                throw new IllegalStateException("namespace create failed: " + r.text());
            }
        }
    }

    /** A pod as scheduler_perf's default pod: small requests, nothing else to satisfy. */
    private static byte[] pod(String name) {
        return ("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":"
                + "{\"app\":\"sched\"}},\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx\","
                + "\"resources\":{\"requests\":{\"cpu\":\"100m\",\"memory\":\"64Mi\"}}}]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Creates {@code n} pods with 16 clients while a watch records when each is bound. Returns
     * {overall pods/s from the first create to the last bind, pods/s between 10% and 90% bound}.
     */
    private static double[] scheduleBatch(ServerUnderTest s, String ns, int n) throws Exception {
        System.err.println("== scheduling " + n + " pods");
        String rv;
        try (RawHttp h = s.client()) {
            rv = Json.parse(h.get("/api/v1/namespaces/" + ns + "/pods?limit=1").body()).at("/metadata/resourceVersion")
                    .asText();
        }
        Map<String, Boolean> bound = new ConcurrentHashMap<>();
        long[] boundAt = new long[n];
        AtomicLong boundCount = new AtomicLong();
        RawHttp watcher = s.client();
        watcher.startStream("/api/v1/namespaces/" + ns + "/pods?watch=true&allowWatchBookmarks=false&resourceVersion=" + rv);
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                String line;
                while ((line = watcher.readChunkLine()) != null) {
                    if (!line.contains("\"nodeName\":\"")) {
                        continue;
                    }
                    int i = line.indexOf("\"name\":\"") + 8;
                    String name = line.substring(i, line.indexOf('"', i));
                    if (bound.putIfAbsent(name, Boolean.TRUE) == null) {
                        int k = (int) boundCount.getAndIncrement();
                        boundAt[k] = System.nanoTime();
                        if (k + 1 == n) {
                            return;
                        }
                    }
                }
            } catch (Exception e) {
                // Stream closed.
            }
        });
        long t0 = System.nanoTime();
        AtomicLong next = new AtomicLong();
        List<Exception> errors = new CopyOnWriteArrayList<>();
        List<Thread> creators = new ArrayList<>();
        for (int c = 0; c < 16; c++) {
            creators.add(Thread.ofVirtual().start(() -> {
                try (RawHttp h = s.client()) {
                    long k;
                    while ((k = next.getAndIncrement()) < n) {
                        RawHttp.Response r = h.post("/api/v1/namespaces/" + ns + "/pods", pod("p-" + k));
                        if (r.status() != 201) {
                            throw new IllegalStateException("create failed: " + r.status() + " " + r.text());
                        }
                    }
                } catch (Exception e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread t : creators) {
            t.join();
        }
        if (!errors.isEmpty()) {
            watcher.close();
            throw errors.get(0);
        }
        System.err.printf("   created %d pods in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        reader.join(Math.max(120_000, n * 10L));
        watcher.close();
        int got = (int) boundCount.get();
        if (got < n) {
            StringBuilder unbound = new StringBuilder();
            try (RawHttp h = s.client()) {
                JsonNode list = Json.parse(h.get("/api/v1/namespaces/" + ns + "/pods?fieldSelector=spec.nodeName%3D").body());
                for (JsonNode p : list.path("items")) {
                    String name = p.at("/metadata/name").asText();
                    unbound.append("\n  ").append(name).append(" status=").append(p.path("status"))
                            .append(" events=").append(Json.parse(h.get("/api/v1/namespaces/" + ns
                                    + "/events?fieldSelector=involvedObject.name%3D" + name).body()).path("items").size());
                }
            }
            String warnings = s.logText().lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                    .limit(40).reduce("", (a, b) -> a + "\n" + b);
            throw new IllegalStateException("only " + got + " of " + n + " pods seen bound by the watch; pods without a "
                    + "node now:" + unbound + "\nserver warnings:" + warnings);
        }
        long[] at = Arrays.copyOf(boundAt, n);
        Arrays.sort(at);
        double overall = n / ((at[n - 1] - t0) / 1e9);
        int lo = n / 10;
        int hi = n * 9 / 10;
        double sustained = (hi - lo) / ((at[hi] - at[lo]) / 1e9);
        System.err.println("   bound per second: " + perSecond(t0, at));
        return new double[] {overall, sustained};
    }

    /** The number of pods bound in each whole second after {@code t0}, to show how the rate moves within a batch. */
    private static String perSecond(long t0, long[] sortedBoundAt) {
        int seconds = (int) ((sortedBoundAt[sortedBoundAt.length - 1] - t0) / 1_000_000_000L) + 1;
        int[] counts = new int[seconds];
        for (long t : sortedBoundAt) {
            counts[(int) ((t - t0) / 1_000_000_000L)]++;
        }
        StringBuilder out = new StringBuilder();
        for (int c : counts) {
            out.append(out.isEmpty() ? "" : " ").append(c);
        }
        return out.toString();
    }

    /** Creates a Deployment and returns the seconds until status.availableReplicas reaches the replicas. */
    private static double deploymentAvailable(ServerUnderTest s, String ns, int replicas) throws Exception {
        System.err.println("== Deployment of " + replicas + " replicas");
        byte[] body = ("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"big\"},"
                + "\"spec\":{\"replicas\":" + replicas + ",\"selector\":{\"matchLabels\":{\"app\":\"big\"}},"
                + "\"template\":{\"metadata\":{\"labels\":{\"app\":\"big\"}},\"spec\":{\"containers\":[{\"name\":\"app\","
                + "\"image\":\"nginx\",\"resources\":{\"requests\":{\"cpu\":\"100m\",\"memory\":\"64Mi\"}}}]}}}}")
                .getBytes(StandardCharsets.UTF_8);
        try (RawHttp h = s.client()) {
            long t0 = System.nanoTime();
            RawHttp.Response r = h.post("/apis/apps/v1/namespaces/" + ns + "/deployments", body);
            if (r.status() != 201) {
                throw new IllegalStateException("deployment create failed: " + r.text());
            }
            long deadline = t0 + 300_000_000_000L;
            while (System.nanoTime() < deadline) {
                JsonNode d = Json.parse(h.get("/apis/apps/v1/namespaces/" + ns + "/deployments/big").body());
                if (d.at("/status/availableReplicas").asInt() >= replicas) {
                    return (System.nanoTime() - t0) / 1e9;
                }
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("deployment not available within 5 minutes");
    }

    /** GET and PATCH of single pods and create+delete of ConfigMaps, 2 clients each, on the loaded cluster. */
    private List<String> latencies(ServerUnderTest s) throws Exception {
        Stats get = new Stats();
        Stats patch = new Stats();
        Stats create = new Stats();
        long end = System.nanoTime() + latencySeconds * 1_000_000_000L;
        int fill = batches.length > 0 ? batches[0] : 0; // the pods of namespace sched-1
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            int client = c;
            threads.add(Thread.ofVirtual().start(() -> loop(s, end, h -> {
                String path = "/api/v1/namespaces/sched-1/pods/p-" + ThreadLocalRandom.current().nextInt(fill);
                long t = System.nanoTime();
                expect(h.get(path), 200);
                get.add(System.nanoTime() - t);
            })));
            threads.add(Thread.ofVirtual().start(() -> loop(s, end, h -> {
                String path = "/api/v1/namespaces/sched-1/pods/p-" + ThreadLocalRandom.current().nextInt(fill);
                long t = System.nanoTime();
                expect(h.send("PATCH", path, "application/merge-patch+json",
                        ("{\"metadata\":{\"labels\":{\"touched\":\"" + t + "\"}}}").getBytes(StandardCharsets.UTF_8)), 200);
                patch.add(System.nanoTime() - t);
            })));
            threads.add(Thread.ofVirtual().start(() -> loop(s, end, new Step() {
                long k;

                @Override
                public void run(RawHttp h) throws Exception {
                    String name = "lat-" + client + "-" + (k++);
                    long t = System.nanoTime();
                    expect(h.post("/api/v1/namespaces/sched-deploy/configmaps", ("{\"apiVersion\":\"v1\",\"kind\":"
                            + "\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"k\":\"v\"}}")
                            .getBytes(StandardCharsets.UTF_8)), 201);
                    create.add(System.nanoTime() - t);
                    expect(h.send("DELETE", "/api/v1/namespaces/sched-deploy/configmaps/" + name, null, null), 200);
                }
            })));
        }
        for (Thread t : threads) {
            t.join();
        }
        return List.of(
                row("API latency at " + totalPods + " pods: GET pod p50 / p99",
                        String.format("%.1f ms / %.1f ms", get.percentileMillis(50), get.percentileMillis(99))),
                row("API latency at " + totalPods + " pods: PATCH pod p50 / p99",
                        String.format("%.1f ms / %.1f ms", patch.percentileMillis(50), patch.percentileMillis(99))),
                row("API latency at " + totalPods + " pods: POST configmap p50 / p99",
                        String.format("%.1f ms / %.1f ms", create.percentileMillis(50), create.percentileMillis(99))));
    }

    private interface Step {
        void run(RawHttp h) throws Exception;
    }

    private static void loop(ServerUnderTest s, long end, Step step) {
        try (RawHttp h = s.client()) {
            while (System.nanoTime() < end) {
                step.run(h);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void expect(RawHttp.Response r, int status) {
        if (r.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + r.status() + ": " + r.text());
        }
    }
}
