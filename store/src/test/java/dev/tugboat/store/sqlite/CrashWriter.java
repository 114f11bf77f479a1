package dev.tugboat.store.sqlite;

import dev.tugboat.store.WriteResult;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link SqliteCrashTest}: 16 threads create keys as fast as they can and
 * print each key on stdout right after its create returned. It runs until it is killed.
 *
 * <p>Usage: {@code CrashWriter <database file> <key prefix>}
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path file = Path.of(args[0]);
        String prefix = args[1];
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        SqliteStore store = new SqliteStore(file);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; ; i++) {
                    String key = prefix + thread + "-" + i;
                    WriteResult result = store.create(key, key.getBytes(StandardCharsets.UTF_8));
                    if (!(result instanceof WriteResult.Written)) {
                        throw new IllegalStateException("create of a new key failed: " + result);
                    }
                    synchronized (out) {
                        out.println(key);
                        out.flush();
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
