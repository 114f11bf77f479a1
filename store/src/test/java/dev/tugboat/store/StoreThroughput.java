package dev.tugboat.store;

import dev.tugboat.store.etcd.EtcdServer;
import dev.tugboat.store.etcd.EtcdStore;
import dev.tugboat.store.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A quick benchmark, not a test: prints creates per second with 2 KiB values at concurrency 1
 * and 16, for SQLite (a temporary file) and for a real etcd started for the run. Each figure is
 * measured over {@code seconds} (default 5) after a short warm-up.
 *
 * <p>Run: {@code mvn -q -pl store -am test-compile} then
 * {@code java -cp <store test classpath> dev.tugboat.store.StoreThroughput [seconds]}.
 */
public final class StoreThroughput {

    private static final int VALUE_BYTES = 2048;

    private StoreThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Duration window = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 5);
        Path dir = Files.createTempDirectory("tugboat-throughput-");
        try {
            int[] run = {0};
            measure("sqlite", () -> new SqliteStore(dir.resolve("run-" + run[0]++ + ".db")), window);
            try (EtcdServer etcd = EtcdServer.start()) {
                measure("etcd", () -> new EtcdStore(etcd.endpoints()), window);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    private static void measure(String name, Supplier<Store> open, Duration window) throws InterruptedException {
        for (int concurrency : new int[] {1, 16}) {
            try (Store store = open.get()) {
                run(store, concurrency, Duration.ofSeconds(1), "warmup-");
                long creates = run(store, concurrency, window, "run-");
                System.out.printf("%-6s concurrency %2d: %,8.0f creates/s (2 KiB values, %d creates in %ds)%n",
                        name, concurrency, creates / (double) window.toSeconds(), creates, window.toSeconds());
            }
        }
    }

    private static long run(Store store, int concurrency, Duration window, String prefix) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong creates = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            int thread = t;
            threads.add(Thread.ofVirtual().start(() -> {
                byte[] value = new byte[VALUE_BYTES];
                new Random(thread).nextBytes(value);
                for (int i = 0; !stop.get(); i++) {
                    store.create("/registry/pods/bench/" + prefix + thread + "-" + i, value);
                    creates.incrementAndGet();
                }
            }));
        }
        Thread.sleep(window);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        return creates.get();
    }
}
