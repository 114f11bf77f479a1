package dev.tugboat.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.store.KeyValue;
import dev.tugboat.store.RangeResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acknowledged writes survive {@code kill -9} of the process that made them. */
class SqliteCrashTest {

    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedCreateSurvivesKillNine() throws Exception {
        Path db = dir.resolve("crash.db");
        List<String> acknowledged = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            acknowledged.addAll(runAndKill(db, "/crash/" + round + "/", 300 + 400 * round));
        }

        try (SqliteStore store = new SqliteStore(db)) {
            Map<String, KeyValue> stored = new HashMap<>();
            RangeResult all = store.range("/crash/", "", 0, 0);
            all.kvs().forEach(kv -> stored.put(kv.key(), kv));

            assertThat(acknowledged).hasSizeGreaterThan(ROUNDS * 300);
            for (String key : acknowledged) {
                assertThat(stored).as("acknowledged key %s", key).containsKey(key);
                assertThat(new String(stored.get(key).value(), StandardCharsets.UTF_8)).isEqualTo(key);
            }
            // Only creates happened: the revisions are exactly 1..current, one per key, none reused.
            long current = store.currentRevision();
            assertThat(all.kvs()).hasSize((int) current);
            assertThat(all.kvs()).extracting(KeyValue::modRevision).doesNotHaveDuplicates()
                    .allSatisfy(rev -> assertThat(rev).isBetween(1L, current));
            assertThat(all.kvs()).allSatisfy(kv -> assertThat(kv.createRevision()).isEqualTo(kv.modRevision()));
        }
    }

    /** Starts a writer child, kills it once it acknowledged {@code atLeast} keys; returns every key it acknowledged. */
    private List<String> runAndKill(Path db, String prefix, int atLeast) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path errors = dir.resolve("child-" + prefix.replace('/', '_') + ".err");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), db.toString(), prefix)
                .redirectError(errors.toFile())
                .start();
        List<String> keys = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (keys.size() < atLeast && (line = out.readLine()) != null) {
                keys.add(line);
            }
            // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the pipe.
            child.toHandle().destroyForcibly();
            // Lines already in the pipe were acknowledged before the kill.
            while ((line = out.readLine()) != null) {
                keys.add(line);
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(keys).as("keys acknowledged by the child; its stderr: %s", Files.readString(errors))
                .hasSizeGreaterThanOrEqualTo(atLeast);
        return keys;
    }
}
