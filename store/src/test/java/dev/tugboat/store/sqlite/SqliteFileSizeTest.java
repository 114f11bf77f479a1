package dev.tugboat.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.store.KeyValue;
import dev.tugboat.store.WriteResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compaction keeps the database file bounded under churn (the k3s "multi-gigabyte SQLite" problem). */
class SqliteFileSizeTest {

    private static final int KEYS = 50;
    private static final int VALUE_BYTES = 2048;
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void churnWithPeriodicCompactionKeepsTheFileSmall() throws IOException {
        Path db = dir.resolve("churn.db");
        int updates = 20_000;
        try (SqliteStore store = new SqliteStore(db)) {
            List<KeyValue> keys = createKeys(store);
            Random random = new Random(1);
            for (int i = 1; i <= updates; i++) {
                update(store, keys, random.nextInt(KEYS), random);
                if (i % 1_000 == 0) {
                    store.compact(store.currentRevision() - 500);
                }
            }
            // A 2 KiB row takes a 4 KiB page, so the uncompacted history would be about 80 MiB; compacted,
            // at most ~1,550 rows (50 live + 1,500 history) are kept: ~6 MiB, plus the WAL.
            assertThat(size(db)).as("database + WAL while open").isLessThan(16 * MIB);
        }
        assertThat(size(db)).as("database after close").isLessThan(10 * MIB);
    }

    @Test
    void compactingABacklogReturnsTheSpaceToTheFileSystem() throws IOException {
        Path db = dir.resolve("backlog.db");
        try (SqliteStore store = new SqliteStore(db)) {
            List<KeyValue> keys = createKeys(store);
            Random random = new Random(2);
            for (int i = 0; i < 10_000; i++) {
                update(store, keys, random.nextInt(KEYS), random);
            }
        }
        long uncompacted = size(db);
        assertThat(uncompacted).isGreaterThan(18 * MIB);

        try (SqliteStore store = new SqliteStore(db)) {
            store.compact(store.currentRevision());
        }

        assertThat(size(db)).isLessThan(2 * MIB);
    }

    private static List<KeyValue> createKeys(SqliteStore store) {
        List<KeyValue> keys = new ArrayList<>();
        Random random = new Random(0);
        for (int k = 0; k < KEYS; k++) {
            keys.add(((WriteResult.Written) store.create("/churn/" + k, value(random))).kv());
        }
        return keys;
    }

    private static void update(SqliteStore store, List<KeyValue> keys, int k, Random random) {
        KeyValue kv = keys.get(k);
        keys.set(k, ((WriteResult.Written) store.update(kv.key(), value(random), kv.modRevision())).kv());
    }

    private static byte[] value(Random random) {
        byte[] value = new byte[VALUE_BYTES];
        random.nextBytes(value);
        return value;
    }

    private static long size(Path db) throws IOException {
        long total = 0;
        for (String suffix : List.of("", "-wal", "-shm")) {
            Path file = db.resolveSibling(db.getFileName() + suffix);
            if (Files.exists(file)) {
                total += Files.size(file);
            }
        }
        return total;
    }
}
