package dev.tugboat.cli.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tugboat bench}: measures the API server as a client sees it, on each datastore: pod creates/s
 * and gets/s at concurrency 1 and 16, latency of listing 10,000 pods, watch delivery latency, time from
 * start to ready, and resident memory. Prints figures; asserts nothing.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {SchedulingBenchCommand.class, NodeBenchCommand.class},
        description = "Benchmark the API server (creates/s, gets/s, list latency, watch latency, start-up, memory).")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--datastore", split = ",", defaultValue = "sqlite,etcd",
            description = "Datastores to measure (default: ${DEFAULT-VALUE}).")
    List<String> datastores;

    @Option(names = "--list-pods", defaultValue = "10000", description = "Pods in the listed namespace.")
    int listPods;

    // Steady state: on two cores the JIT is still compiling the create path after a few thousand
    // requests (creates/s at concurrency 1 are ~25% lower after 3,000 than after 10,000).
    @Option(names = "--warmup-creates", defaultValue = "10000",
            description = "Creates at concurrency 16 before measuring, for the JIT (default: ${DEFAULT-VALUE}).")
    int warmupCreates;

    @Option(names = "--single-creates", defaultValue = "1000", description = "Creates at concurrency 1.")
    int singleCreates;

    @Option(names = "--seconds", defaultValue = "5", description = "Duration of each get run.")
    int seconds;

    @Option(names = "--watch-events", defaultValue = "800", description = "Writes observed per watch run.")
    int watchEvents;

    @Option(names = "--with-control-plane",
            description = "Keep the server's in-process controller manager and scheduler running (default: the API alone).")
    boolean withControlPlane;

    @Override
    public Integer call() throws Exception {
        List<String> report = new ArrayList<>();
        for (String ds : datastores) {
            report.addAll(run(ds.trim()));
        }
        System.out.println();
        System.out.println("| datastore | measure | result |");
        System.out.println("|---|---|---|");
        report.forEach(System.out::println);
        return 0;
    }

    private List<String> run(String datastore) throws Exception {
        List<String> rows = new ArrayList<>();
        System.err.println("== " + datastore + ": starting server");
        // The API alone by default: the in-process controller manager and scheduler cost the server CPU
        // and memory for every pod, which `bench scheduling` measures; --with-control-plane keeps them.
        List<String> args = withControlPlane ? List.of()
                : List.of("--disable-controller-manager", "--disable-scheduler");
        try (ServerUnderTest s = new ServerUnderTest(datastore, args)) {
            rows.add(row(datastore, "start to ready (process start → kubeconfig written)", s.readyMillis + " ms"));
            rows.add(row(datastore, "resident memory, idle after start", String.format("%.0f MiB", s.rssMiB())));
            for (String ns : List.of("bench-warmup", "bench-single", "bench-list", "bench-watch")) {
                createNamespace(s, ns, !withControlPlane);
            }
            System.err.println("== " + datastore + ": warming up (JIT)");
            creates(s, "bench-warmup", 16, warmupCreates);

            System.err.println("== " + datastore + ": creates");
            double c1 = creates(s, "bench-single", 1, singleCreates);
            rows.add(row(datastore, "pod creates/s, concurrency 1", String.format("%.0f", c1)));
            double c16 = creates(s, "bench-list", 16, listPods);
            rows.add(row(datastore, "pod creates/s, concurrency 16", String.format("%.0f", c16)));
            System.err.println("== " + datastore + ": gets");
            rows.add(row(datastore, "pod gets/s, concurrency 1", String.format("%.0f", gets(s, 1))));
            rows.add(row(datastore, "pod gets/s, concurrency 16", String.format("%.0f", gets(s, 16))));
            System.err.println("== " + datastore + ": lists");
            Stats list = lists(s);
            rows.add(row(datastore, "list " + listPods + " pods (full JSON, no limit) p50 / p99",
                    String.format("%.1f ms / %.1f ms", list.percentileMillis(50), list.percentileMillis(99))));
            System.err.println("== " + datastore + ": watch");
            for (int c : new int[] {1, 16}) {
                Stats[] w = watch(s, c);
                rows.add(row(datastore, "watch delivery after ack, writers " + c + ", p50 / p99",
                        String.format("%.2f ms / %.2f ms", w[0].percentileMillis(50), w[0].percentileMillis(99))));
                rows.add(row(datastore, "write sent → event received, writers " + c + ", p50 / p99",
                        String.format("%.2f ms / %.2f ms", w[1].percentileMillis(50), w[1].percentileMillis(99))));
            }
            rows.add(row(datastore, "resident memory after the load (" + (warmupCreates + listPods + singleCreates + 2 * watchEvents)
                    + " pods stored)", String.format("%.0f MiB", s.rssMiB())));
        }
        return rows;
    }

    private static String row(String ds, String what, String value) {
        System.err.println("   " + what + ": " + value);
        return "| " + ds + " | " + what + " | " + value + " |";
    }

    /**
     * Creates a namespace and, when no service-account controller runs, the {@code default} account its
     * pods need (the controller would make it).
     */
    private static void createNamespace(ServerUnderTest s, String ns, boolean withAccount) throws Exception {
        try (RawHttp h = s.client()) {
            RawHttp.Response r = h.post("/api/v1/namespaces", ("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
                    + "\"metadata\":{\"name\":\"" + ns + "\"}}").getBytes(StandardCharsets.UTF_8));
            if (r.status() != 201) {
                throw new IllegalStateException("namespace create failed: " + r.text());
            }
            if (withAccount) {
                r = h.post("/api/v1/namespaces/" + ns + "/serviceaccounts", ("{\"apiVersion\":\"v1\",\"kind\":"
                        + "\"ServiceAccount\",\"metadata\":{\"name\":\"default\"}}").getBytes(StandardCharsets.UTF_8));
                if (r.status() != 201) {
                    throw new IllegalStateException("service account create failed: " + r.text());
                }
            }
        }
    }

    /**
     * A pod of about 2 KiB once defaulted. Its schedulerName is one no scheduler serves, so that the
     * in-process scheduler leaves these pods alone and this benchmark measures the API alone.
     */
    static byte[] pod(String name) {
        return ("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":"
                + "{\"app\":\"bench\",\"tier\":\"web\"}},\"spec\":{\"schedulerName\":\"tugboat-bench-none\","
                + "\"containers\":[{\"name\":\"app\","
                + "\"image\":\"nginx:1.27\",\"ports\":[{\"containerPort\":80}],\"resources\":{\"requests\":"
                + "{\"cpu\":\"100m\",\"memory\":\"64Mi\"}}}]}}").getBytes(StandardCharsets.UTF_8);
    }

    /** Creates {@code total} pods with {@code concurrency} clients; returns creates/s. */
    private static double creates(ServerUnderTest s, String ns, int concurrency, int total) throws Exception {
        AtomicLong next = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        List<Exception> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try (RawHttp h = s.client()) {
                    long n;
                    while ((n = next.getAndIncrement()) < total) {
                        RawHttp.Response r = h.post("/api/v1/namespaces/" + ns + "/pods", pod("p-" + n));
                        if (r.status() != 201) {
                            throw new IllegalStateException("create failed: " + r.status() + " " + r.text());
                        }
                    }
                } catch (Exception e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
        return total / ((System.nanoTime() - t0) / 1e9);
    }

    private double gets(ServerUnderTest s, int concurrency) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try (RawHttp h = s.client()) {
                    while (System.nanoTime() < end) {
                        int n = ThreadLocalRandom.current().nextInt(listPods);
                        if (h.get("/api/v1/namespaces/bench-list/pods/p-" + n).status() != 200) {
                            throw new IllegalStateException("get failed");
                        }
                        done.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return done.get() / ((System.nanoTime() - t0) / 1e9);
    }

    private static Stats lists(ServerUnderTest s) throws Exception {
        Stats stats = new Stats();
        try (RawHttp h = s.client()) {
            for (int i = 0; i < 23; i++) {
                long t0 = System.nanoTime();
                RawHttp.Response r = h.get("/api/v1/namespaces/bench-list/pods");
                long t = System.nanoTime() - t0;
                if (r.status() != 200) {
                    throw new IllegalStateException("list failed");
                }
                if (i >= 3) {
                    stats.add(t); // The first lists warm up the JIT.
                }
            }
        }
        return stats;
    }

    /**
     * Writers create pods while one watcher follows the namespace: [0] delivery after the writer got
     * its acknowledgement (0 when the event arrived first), [1] from sending the write to the event.
     */
    private Stats[] watch(ServerUnderTest s, int writers) throws Exception {
        String rv;
        try (RawHttp h = s.client()) {
            String body = h.get("/api/v1/namespaces/bench-watch/pods?limit=1").text();
            int i = body.indexOf("\"resourceVersion\":\"") + 19;
            rv = body.substring(i, body.indexOf('"', i));
        }
        Map<String, long[]> times = new ConcurrentHashMap<>();
        Map<String, Long> received = new ConcurrentHashMap<>();
        String prefix = "w" + writers + "-";
        RawHttp watcher = s.client();
        watcher.startStream("/api/v1/namespaces/bench-watch/pods?watch=true&resourceVersion=" + rv);
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                String line;
                while ((line = watcher.readChunkLine()) != null) {
                    long now = System.nanoTime();
                    int i = line.indexOf("\"name\":\"") + 8;
                    String name = line.substring(i, line.indexOf('"', i));
                    if (name.startsWith(prefix)) {
                        received.put(name, now);
                        if (received.size() == watchEvents) {
                            return;
                        }
                    }
                }
            } catch (Exception e) {
                // Stream closed.
            }
        });
        AtomicLong next = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try (RawHttp h = s.client()) {
                    long n;
                    while ((n = next.getAndIncrement()) < watchEvents) {
                        String name = prefix + n;
                        long sent = System.nanoTime();
                        h.post("/api/v1/namespaces/bench-watch/pods", pod(name));
                        times.put(name, new long[] {sent, System.nanoTime()});
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        reader.join(30_000);
        watcher.close();
        Stats afterAck = new Stats();
        Stats endToEnd = new Stats();
        for (Map.Entry<String, long[]> e : times.entrySet()) {
            Long at = received.get(e.getKey());
            if (at != null) {
                afterAck.add(Math.max(0, at - e.getValue()[1]));
                endToEnd.add(at - e.getValue()[0]);
            }
        }
        if (afterAck.count() < watchEvents) {
            System.err.println("   warning: only " + afterAck.count() + " of " + watchEvents + " events observed");
        }
        return new Stats[] {afterAck, endToEnd};
    }
}
