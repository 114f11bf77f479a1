package dev.tugboat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tugboat.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactorTest {

    /** A store whose revision advances by 10 every time it is asked, recording compactions. */
    private static final class AdvancingStore implements Store {
        final AtomicLong revision = new AtomicLong();
        final List<Long> compactions = new ArrayList<>();
        volatile boolean failNext;

        @Override
        public long currentRevision() {
            return revision.addAndGet(10);
        }

        @Override
        public synchronized long compactedRevision() {
            return compactions.isEmpty() ? 0 : compactions.getLast();
        }

        @Override
        public synchronized void compact(long rev) {
            if (failNext) {
                failNext = false;
                throw new StoreException("injected failure");
            }
            compactions.add(rev);
        }

        synchronized List<Long> compactions() {
            return List.copyOf(compactions);
        }

        @Override
        public WriteResult create(String key, byte[] value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public WriteResult update(String key, byte[] value, long expectedModRevision) {
            throw new UnsupportedOperationException();
        }

        @Override
        public WriteResult delete(String key, long expectedModRevision) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<KeyValue> get(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RangeResult range(String prefix, String startKey, long revision, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Watch watch(String prefix, long startRevision, WatchListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void eachTickCompactsToTheRevisionSeenAtThePreviousTick() {
        AdvancingStore store = new AdvancingStore();
        try (Compactor compactor = new Compactor(store, Duration.ofMillis(10))) {
            compactor.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> store.compactions().size() >= 3);
        }
        // Tick 1 observes 10; tick 2 compacts to 10 and observes 20; tick 3 compacts to 20 ...
        List<Long> done = store.compactions();
        for (int i = 0; i < done.size(); i++) {
            assertThat(done.get(i)).isEqualTo(10L * (i + 1));
        }
    }

    @Test
    void aFailedCompactionIsRetriedAtTheNextTick() {
        AdvancingStore store = new AdvancingStore();
        store.failNext = true;
        try (Compactor compactor = new Compactor(store, Duration.ofMillis(10))) {
            compactor.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> store.compactions().size() >= 2);
        }
        // The first attempt (to 10) failed; later ticks keep compacting to the revision seen before.
        assertThat(store.compactions().getFirst()).isEqualTo(20L);
    }

    @Test
    void anIntervalMustBePositive() {
        assertThatThrownBy(() -> new Compactor(new AdvancingStore(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRealStoreKeepsAboutOneIntervalOfHistory(@TempDir Path dir) {
        try (SqliteStore store = new SqliteStore(dir.resolve("store.db"));
             Compactor compactor = new Compactor(store, Duration.ofMillis(20))) {
            store.create("/a", new byte[] {1});
            long written = store.currentRevision();
            compactor.start();

            await().atMost(Duration.ofSeconds(30)).until(() -> store.compactedRevision() == written);

            store.create("/b", new byte[] {2});
            long later = store.currentRevision();
            await().atMost(Duration.ofSeconds(30)).until(() -> store.compactedRevision() == later);
            assertThat(store.get("/a")).isPresent();
        }
    }
}
