package dev.tugboat.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.store.KeyValue;
import dev.tugboat.store.Store;
import dev.tugboat.store.StoreContract;
import dev.tugboat.store.Watch;
import dev.tugboat.store.WatchEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
