package dev.tugboat.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tugboat.store.CompactedException;
import dev.tugboat.store.KeyValue;
import dev.tugboat.store.Store;
import dev.tugboat.store.StoreContract;
import dev.tugboat.store.StoreException;
import dev.tugboat.store.Watch;
import dev.tugboat.store.WatchEvent;
import dev.tugboat.store.WriteResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // watches are opened in try-with-resources only to close them
class SqliteStoreTest extends StoreContract {

    /** Small buffers so that the contract's watch tests exercise catching up from the log. */
    static final SqliteStore.Settings SMALL_BUFFERS = new SqliteStore.Settings(512, 4, 100, 50, 100, 64, 16);

    @TempDir
    Path dir;

    @Override
    protected Store openStore() {
        return new SqliteStore(dir.resolve("store.db"), SMALL_BUFFERS);
    }

    @Override
    protected Store reopenStore() {
        return openStore();
    }

    @Test
    void aWatchFromTheCompactedRevisionReplaysTheEventAtItWithItsPreviousValue() {
        KeyValue first = put(k("a"), "1");
        KeyValue second = written(store.update(k("a"), bytes("2"), first.modRevision()));
        written(store.delete(k("a"), second.modRevision()));
        long compactAt = store.currentRevision();
        store.compact(compactAt);

        Recorder recorder = new Recorder();
        try (Watch ignored = store.watch(root, compactAt, recorder)) {
            List<WatchEvent> events = recorder.awaitChanges(1);

            assertThat(events).hasSize(1);
            assertThat(events.getFirst().revision()).isEqualTo(compactAt);
            assertThat(((WatchEvent.Delete) events.getFirst()).prev()).usingRecursiveComparison().isEqualTo(second);
        }
    }

    @Test
    void aWatcherOvertakenByCompactionWhileBehindEndsWithCompacted() {
        CountDownLatch release = new CountDownLatch(1);
        Recorder slow = new Recorder(release);
        long start = store.currentRevision() + 1;
        try (Watch ignored = store.watch(root, 0, slow)) {
            try {
                for (int i = 0; i < 600; i++) {
                    put(k("k" + i), "v");
                }
                store.compact(store.currentRevision());
            } finally {
                release.countDown();
            }

            assertThat(slow.awaitError()).isInstanceOf(CompactedException.class);
            List<WatchEvent> delivered = slow.changes();
            for (int i = 0; i < delivered.size(); i++) {
                assertThat(delivered.get(i).revision()).isEqualTo(start + i);
            }
        }
    }

    @Test
    void aFailedBatchAcknowledgesNothingAndTheStoreCarriesOn() throws Exception {
        Recorder recorder = new Recorder();
        try (Watch ignored = store.watch(root, 0, recorder)) {
            KeyValue a = put(k("a"), "1");
            // Make the database reject one key, as a full disk or I/O error would reject a commit.
            try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("store.db"));
                 Statement st = conn.createStatement()) {
                st.execute("PRAGMA busy_timeout = 10000");
                st.execute("CREATE TRIGGER reject BEFORE INSERT ON kv WHEN NEW.key = CAST('" + k("bad")
                        + "' AS BLOB) BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
            }
            List<WriteResult> results = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
                List<Future<WriteResult>> futures = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    String key = t == 8 ? k("bad") : k("t" + t);
                    futures.add(pool.submit(() -> store.create(key, bytes("v"))));
                }
                for (Future<WriteResult> f : futures) {
                    try {
                        results.add(f.get());
                    } catch (java.util.concurrent.ExecutionException e) {
                        failures.add(e.getCause());
                    }
                }
            }

            assertThat(failures).isNotEmpty().allSatisfy(e -> assertThat(e).isInstanceOf(StoreException.class));
            // Every acknowledged write is there, and nothing else is.
            List<String> acknowledged = results.stream().map(r -> written(r).key()).toList();
            assertThat(store.range(root, "", 0, 0).kvs()).extracting(KeyValue::key)
                    .containsExactlyInAnyOrderElementsOf(concat(List.of(a.key()), acknowledged));
            assertThat(store.currentRevision()).isEqualTo(a.modRevision() + acknowledged.size());
            assertThatThrownBy(() -> store.create(k("bad"), bytes("v"))).isInstanceOf(StoreException.class);

            // Keys of the failed batch can be written now, at the next revision, and watchers see no gap.
            KeyValue retried = put(k("t8-again"), "v");
            assertThat(retried.modRevision()).isEqualTo(a.modRevision() + acknowledged.size() + 1);
            for (Throwable ignoredFailure : failures) {
                assertThat(ignoredFailure.getMessage()).contains("injected failure");
            }
            List<WatchEvent> events = recorder.awaitChanges(acknowledged.size() + 2);
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).revision()).isEqualTo(a.modRevision() + i);
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
