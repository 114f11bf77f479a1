package dev.tugboat.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every {@link Store} backend must show (etcd v3 semantics). Backends extend it and
 * say how to open a store. Tests only use keys under {@link #root} and only compare revisions
 * relative to each other, so a backend may share one server among tests.
 */
@SuppressWarnings("try") // watches are opened in try-with-resources only to close them
public abstract class StoreContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger ROOTS = new AtomicInteger();

    /** A store for one test. Watches must buffer at most a few hundred events, to exercise catch-up. */
    protected abstract Store openStore() throws Exception;

    /** A new store over the same data as the last {@link #openStore()}, which the test has closed. */
    protected abstract Store reopenStore() throws Exception;

    protected Store store;
    /** A key prefix no other test uses. */
    protected String root;
    private final List<Store> opened = new ArrayList<>();

    @BeforeEach
    void openTheStore() throws Exception {
        root = "/contract-" + ProcessHandle.current().pid() + "-" + ROOTS.incrementAndGet() + "/";
        store = track(openStore());
    }

    @AfterEach
    void closeTheStores() {
        opened.forEach(Store::close);
    }

    protected Store track(Store s) {
        opened.add(s);
        return s;
    }

    protected String k(String name) {
        return root + name;
    }

    /** A key outside {@link #root} (but still unique to the test). */
    protected String outside(String name) {
        return root.substring(0, root.length() - 1) + "-outside/" + name;
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    protected KeyValue written(WriteResult result) {
        assertThat(result).isInstanceOf(WriteResult.Written.class);
        return ((WriteResult.Written) result).kv();
    }

    protected KeyValue put(String key, String value) {
        return written(store.create(key, bytes(value)));
    }

    protected static void assertKv(KeyValue actual, String key, String value, long create, long mod, long version) {
        assertThat(actual).usingRecursiveComparison()
                .isEqualTo(new KeyValue(key, bytes(value), create, mod, version));
    }

    // ---- writes ----

    @Test
    void createStoresTheValueAtTheNextRevision() {
        long before = store.currentRevision();
        WriteResult result = store.create(k("a"), bytes("one"));

        assertThat(result).isInstanceOf(WriteResult.Written.class);
        long rev = ((WriteResult.Written) result).revision();
        assertThat(rev).isEqualTo(before + 1);
        assertKv(written(result), k("a"), "one", rev, rev, 1);
        assertKv(store.get(k("a")).orElseThrow(), k("a"), "one", rev, rev, 1);
        assertThat(store.currentRevision()).isEqualTo(rev);
    }

    @Test
    void getOfAMissingKeyIsEmpty() {
        assertThat(store.get(k("missing"))).isEmpty();
    }

    @Test
    void createOnAnExistingKeyFailsWithTheCurrentValue() {
        KeyValue first = put(k("a"), "one");
        written(store.update(k("a"), bytes("two"), first.modRevision()));
        long before = store.currentRevision();

        WriteResult result = store.create(k("a"), bytes("three"));

        assertThat(result).isInstanceOf(WriteResult.Failed.class);
        assertKv(((WriteResult.Failed) result).current(), k("a"), "two", first.createRevision(), before, 2);
        assertThat(store.currentRevision()).isEqualTo(before);
    }

    @Test
    void updateWithTheCurrentModRevisionReplacesTheValue() {
        KeyValue first = put(k("a"), "one");

        WriteResult result = store.update(k("a"), bytes("two"), first.modRevision());

        long rev = ((WriteResult.Written) result).revision();
        assertThat(rev).isEqualTo(first.modRevision() + 1);
        assertKv(written(result), k("a"), "two", first.createRevision(), rev, 2);
        assertKv(store.get(k("a")).orElseThrow(), k("a"), "two", first.createRevision(), rev, 2);
    }

    record FailedWrite(String name, boolean keyExists, boolean delete) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<FailedWrite> failedWrites() {
        return List.of(
                new FailedWrite("update with a stale mod revision fails with the current value", true, false),
                new FailedWrite("update of a missing key fails with no value", false, false),
                new FailedWrite("delete with a stale mod revision fails with the current value", true, true),
                new FailedWrite("delete of a missing key fails with no value", false, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failedWrites")
    void conditionalWritesFailWithoutConsumingARevision(FailedWrite c) {
        KeyValue current = null;
        if (c.keyExists()) {
            KeyValue first = put(k("a"), "one");
            current = written(store.update(k("a"), bytes("two"), first.modRevision()));
        }
        long stale = c.keyExists() ? current.modRevision() - 1 : 1;
        long before = store.currentRevision();

        WriteResult result = c.delete() ? store.delete(k("a"), stale) : store.update(k("a"), bytes("x"), stale);

        assertThat(result).isInstanceOf(WriteResult.Failed.class);
        KeyValue reported = ((WriteResult.Failed) result).current();
        if (c.keyExists()) {
            assertThat(reported).usingRecursiveComparison().isEqualTo(current);
        } else {
            assertThat(reported).isNull();
        }
        assertThat(store.currentRevision()).isEqualTo(before);
    }

    @Test
    void anExpectedModRevisionBelowOneIsAProgrammingError() {
        put(k("a"), "1");

        assertThatThrownBy(() -> store.update(k("a"), bytes("2"), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(k("a"), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.create("", bytes("x"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deleteWithTheCurrentModRevisionRemovesTheKeyAndReturnsItsLastValue() {
        KeyValue first = put(k("a"), "one");

        WriteResult result = store.delete(k("a"), first.modRevision());

        assertThat(((WriteResult.Written) result).revision()).isEqualTo(first.modRevision() + 1);
        assertThat(written(result)).usingRecursiveComparison().isEqualTo(first);
        assertThat(store.get(k("a"))).isEmpty();
    }

    @Test
    void aKeyCreatedAgainAfterDeleteStartsANewIncarnation() {
        KeyValue first = put(k("a"), "one");
        written(store.delete(k("a"), first.modRevision()));

        KeyValue again = put(k("a"), "again");

        assertThat(again.createRevision()).isEqualTo(first.modRevision() + 2);
        assertThat(again.version()).isEqualTo(1);
    }

    @Test
    void everySuccessfulWriteAddsExactlyOneRevisionAndFailedOnesNone() {
        long rev = store.currentRevision();
        KeyValue a = put(k("a"), "1");
        assertThat(store.currentRevision()).isEqualTo(rev + 1);
        store.create(k("a"), bytes("dup"));
        assertThat(store.currentRevision()).isEqualTo(rev + 1);
        KeyValue a2 = written(store.update(k("a"), bytes("2"), a.modRevision()));
        assertThat(store.currentRevision()).isEqualTo(rev + 2);
        store.update(k("a"), bytes("3"), a.modRevision());
        assertThat(store.currentRevision()).isEqualTo(rev + 2);
        written(store.delete(k("a"), a2.modRevision()));
        assertThat(store.currentRevision()).isEqualTo(rev + 3);
        store.delete(k("a"), a2.modRevision());
        assertThat(store.currentRevision()).isEqualTo(rev + 3);
    }

    @Test
    void largeBinaryAndEmptyValuesRoundTrip() {
        byte[] large = new byte[1024 * 1024];
        new Random(42).nextBytes(large);
        byte[] everyByte = new byte[256];
        for (int i = 0; i < 256; i++) {
            everyByte[i] = (byte) i;
        }
        store.create(k("large"), large);
        store.create(k("binary"), everyByte);
        store.create(k("empty"), new byte[0]);

        assertThat(store.get(k("large")).orElseThrow().value()).isEqualTo(large);
        assertThat(store.get(k("binary")).orElseThrow().value()).isEqualTo(everyByte);
        assertThat(store.get(k("empty")).orElseThrow().value()).isEmpty();
        assertThat(store.range(root, "", 0, 0).kvs()).extracting(KeyValue::key)
                .containsExactly(k("binary"), k("empty"), k("large"));
    }

    @Test
    void unicodeKeysAreOrderedByTheirUtf8Bytes() {
        List<String> inUtf8Order = List.of(k("z"), k("é"), k("\uFFFD"), k("😀"));
        for (String key : List.of(k("😀"), k("z"), k("\uFFFD"), k("é"))) {
            put(key, key);
        }

        assertThat(store.range(root, "", 0, 0).kvs()).extracting(KeyValue::key).containsExactlyElementsOf(inUtf8Order);
        assertThat(store.get(k("😀")).orElseThrow().value()).isEqualTo(bytes(k("😀")));
        assertThat(store.range(root, k("\uFFFD"), 0, 0).kvs()).extracting(KeyValue::key)
                .containsExactly(k("\uFFFD"), k("😀"));
    }

    @Test
    void concurrentCompareAndSwapIncrementsLoseNoUpdate() throws Exception {
        put(k("counter"), "0");
        int threads = 16;
        int perThread = 25;
        AtomicInteger conflicts = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; ) {
                        KeyValue current = store.get(k("counter")).orElseThrow();
                        int next = Integer.parseInt(new String(current.value(), UTF_8)) + 1;
                        WriteResult result = store.update(k("counter"), bytes(Integer.toString(next)),
                                current.modRevision());
                        if (result instanceof WriteResult.Written) {
                            i++;
                        } else {
                            conflicts.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        KeyValue counter = store.get(k("counter")).orElseThrow();
        assertThat(new String(counter.value(), UTF_8)).isEqualTo(Integer.toString(threads * perThread));
        assertThat(counter.version()).isEqualTo(threads * perThread + 1);
    }

    // ---- ranges ----

    @Test
    void rangeReturnsOnlyKeysUnderThePrefix() {
        put(root + "a/1", "x");
        put(root + "a/2", "x");
        put(root + "ab/1", "x");
        put(root + "a", "x");

        assertThat(store.range(root + "a/", "", 0, 0).kvs()).extracting(KeyValue::key)
                .containsExactly(root + "a/1", root + "a/2");
        assertThat(store.range(root + "ab/", "", 0, 0).kvs()).extracting(KeyValue::key)
                .containsExactly(root + "ab/1");
    }

    record Page(String name, String startKey, int limit, List<String> keys, boolean more) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Page> pages() {
        return List.of(
                new Page("no limit returns every key in order", "", 0, List.of("a", "b", "c", "d"), false),
                new Page("a limit cuts the page and reports more", "", 2, List.of("a", "b"), true),
                new Page("a limit equal to the key count reports no more", "", 4, List.of("a", "b", "c", "d"), false),
                new Page("a start key is inclusive", "c", 0, List.of("c", "d"), false),
                new Page("a start key between keys starts at the next", "bb", 1, List.of("c"), true),
                new Page("a start key past the last key is empty", "e", 0, List.of(), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void rangeHonoursStartKeyAndLimit(Page c) {
        for (String name : List.of("d", "b", "a", "c")) {
            put(k(name), name);
        }

        RangeResult result = store.range(root, c.startKey().isEmpty() ? "" : k(c.startKey()), 0, c.limit());

        assertThat(result.kvs()).extracting(KeyValue::key)
                .containsExactlyElementsOf(c.keys().stream().map(this::k).toList());
        assertThat(result.more()).isEqualTo(c.more());
        assertThat(result.revision()).isEqualTo(store.currentRevision());
    }

    @Test
    void pagesOfOneListStayAtItsRevisionWhileWritesContinue() throws Exception {
        for (int i = 0; i < 50; i++) {
            put(k("key-%03d".formatted(i)), "v0");
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> writerError = new AtomicReference<>();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                for (int round = 1; !stop.get(); round++) {
                    for (int i = 0; i < 50 && !stop.get(); i += 7) {
                        KeyValue kv = store.get(k("key-%03d".formatted(i))).orElseThrow();
                        store.update(kv.key(), bytes("v" + round), kv.modRevision());
                    }
                    store.create(k("new-" + round), bytes("x"));
                }
            } catch (Throwable t) {
                writerError.set(t);
            }
        });
        try {
            RangeResult first = store.range(root, "", 0, 10);
            long rev = first.revision();
            List<KeyValue> all = new ArrayList<>(first.kvs());
            RangeResult page = first;
            while (page.more()) {
                // Let the writer change things between every two pages.
                long seen = store.currentRevision();
                await().atMost(TIMEOUT).until(() -> store.currentRevision() > seen + 3 || writerError.get() != null);
                String next = page.kvs().getLast().key() + "\0";
                page = store.range(root, next, rev, 10);
                assertThat(page.revision()).isEqualTo(rev);
                all.addAll(page.kvs());
            }
            assertThat(all).extracting(KeyValue::key)
                    .containsExactlyElementsOf(store.range(root, "", rev, 0).kvs().stream().map(KeyValue::key).toList());
            assertThat(all).allSatisfy(kv -> assertThat(kv.modRevision()).isLessThanOrEqualTo(rev));
            assertThat(store.currentRevision()).isGreaterThan(rev);
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(writerError.get()).isNull();
    }

    @Test
    void rangeAtAnOldRevisionSeesTheValuesOfThatRevision() {
        KeyValue a1 = put(k("a"), "a1");
        KeyValue b1 = put(k("b"), "b1");
        long then = store.currentRevision();
        written(store.update(k("a"), bytes("a2"), a1.modRevision()));
        written(store.delete(k("b"), b1.modRevision()));
        put(k("c"), "c1");

        RangeResult old = store.range(root, "", then, 0);

        assertThat(old.revision()).isEqualTo(then);
        assertThat(old.kvs()).hasSize(2);
        assertKv(old.kvs().get(0), k("a"), "a1", a1.createRevision(), a1.modRevision(), 1);
        assertKv(old.kvs().get(1), k("b"), "b1", b1.createRevision(), b1.modRevision(), 1);
        assertThat(store.range(root, "", 0, 0).kvs()).extracting(KeyValue::key).containsExactly(k("a"), k("c"));
    }

    @Test
    void rangeAboveTheCurrentRevisionIsAFutureRevision() {
        put(k("a"), "x");
        long future = store.currentRevision() + 10;

        assertThatThrownBy(() -> store.range(root, "", future, 0)).isInstanceOf(FutureRevisionException.class);
    }

    // ---- watches ----

    /** Records what a watch delivers and checks that calls never overlap. */
    public static final class Recorder implements WatchListener {
        private final List<WatchEvent> events = new ArrayList<>();
        private final AtomicBoolean inCall = new AtomicBoolean();
        private final AtomicInteger overlaps = new AtomicInteger();
        private final CountDownLatch gate;
        private volatile StoreException error;

        public Recorder() {
            this(new CountDownLatch(0));
        }

        /** A recorder whose calls block until {@code gate} opens: a slow listener. */
        public Recorder(CountDownLatch gate) {
            this.gate = gate;
        }

        @Override
        public void onEvents(List<WatchEvent> batch) {
            if (!inCall.compareAndSet(false, true)) {
                overlaps.incrementAndGet();
            }
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (events) {
                events.addAll(batch);
            }
            inCall.set(false);
        }

        @Override
        public void onError(StoreException e) {
            error = e;
        }

        public List<WatchEvent> events() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }

        /** The put and delete events, without progress notifications. */
        public List<WatchEvent> changes() {
            return events().stream().filter(e -> !(e instanceof WatchEvent.Progress)).toList();
        }

        public StoreException error() {
            return error;
        }

        public int overlaps() {
            return overlaps.get();
        }

        public List<WatchEvent> awaitChanges(int count) {
            await().atMost(TIMEOUT).until(() -> changes().size() >= count || error != null);
            assertThat(error).isNull();
            return changes();
        }

        public StoreException awaitError() {
            await().atMost(TIMEOUT).until(() -> error != null);
            return error;
        }
    }

    private static String key(WatchEvent event) {
        return switch (event) {
            case WatchEvent.Put put -> put.kv().key();
            case WatchEvent.Delete delete -> delete.prev().key();
            case WatchEvent.Progress progress -> throw new AssertionError("progress has no key");
        };
    }

    @Test
    void watchFromAPastRevisionReplaysHistoryWithPreviousValues() {
        KeyValue a1 = put(k("a"), "a1");
        KeyValue a2 = written(store.update(k("a"), bytes("a2"), a1.modRevision()));
        KeyValue b1 = put(k("b"), "b1");
        put(outside("x"), "not watched");
        written(store.delete(k("a"), a2.modRevision()));
        long deleteRev = store.currentRevision();
        Recorder recorder = new Recorder();

        try (Watch ignored = store.watch(k(""), a2.modRevision(), recorder)) {
            List<WatchEvent> events = recorder.awaitChanges(3);

            assertThat(events).hasSize(3);
            WatchEvent.Put updated = (WatchEvent.Put) events.get(0);
            assertThat(updated.kv()).usingRecursiveComparison().isEqualTo(a2);
            assertThat(updated.prev()).usingRecursiveComparison().isEqualTo(a1);
            WatchEvent.Put created = (WatchEvent.Put) events.get(1);
            assertThat(created.kv()).usingRecursiveComparison().isEqualTo(b1);
            assertThat(created.prev()).isNull();
            WatchEvent.Delete deleted = (WatchEvent.Delete) events.get(2);
            assertThat(deleted.revision()).isEqualTo(deleteRev);
            assertThat(deleted.prev()).usingRecursiveComparison().isEqualTo(a2);
        }
    }

    @Test
    void watchFromNowSeesOnlyLaterEventsWithPreviousValues() {
        KeyValue before = put(k("a"), "old");
        Recorder recorder = new Recorder();
        try (Watch ignored = store.watch(root, 0, recorder)) {
            KeyValue after = written(store.update(k("a"), bytes("new"), before.modRevision()));
            written(store.delete(k("a"), after.modRevision()));

            List<WatchEvent> events = recorder.awaitChanges(2);

            assertThat(events).hasSize(2);
            assertThat(((WatchEvent.Put) events.get(0)).prev()).usingRecursiveComparison().isEqualTo(before);
            assertThat(((WatchEvent.Put) events.get(0)).kv()).usingRecursiveComparison().isEqualTo(after);
            assertThat(((WatchEvent.Delete) events.get(1)).prev()).usingRecursiveComparison().isEqualTo(after);
        }
    }

    @Test
    void watchSeesEveryConcurrentWriteOnceInRevisionOrder() throws Exception {
        int threads = 16;
        int perThread = 60;
        long start = store.currentRevision() + 1;
        Recorder fromStart = new Recorder();
        Recorder live = new Recorder();
        try (Watch w1 = store.watch(root, start, fromStart); Watch w2 = store.watch(root, 0, live)) {
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        KeyValue kv = put(k("t" + thread), "0");
                        for (int i = 1; i < perThread; i++) {
                            kv = written(store.update(kv.key(), bytes(Integer.toString(i)), kv.modRevision()));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
            }
            int total = threads * perThread;
            assertGapless(fromStart.awaitChanges(total), start, total);
            List<WatchEvent> liveEvents = live.awaitChanges(total);
            assertThat(liveEvents).hasSize(total);
            assertThat(fromStart.overlaps()).isZero();
            assertThat(live.overlaps()).isZero();
        }
    }

    /**
     * Read-your-watch: whoever receives an event may act on it at once (the scheduler binds a pod the
     * moment it sees it), so every read made from the watch callback must already see that write.
     */
    @Test
    void aWatcherCanReadEveryWriteItIsToldAbout() throws Exception {
        int total = 300;
        List<String> stale = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch seen = new java.util.concurrent.CountDownLatch(total);
        WatchListener reader = new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> batch) {
                for (WatchEvent e : batch) {
                    if (e instanceof WatchEvent.Put put) {
                        if (store.currentRevision() < put.revision() || store.get(put.kv().key()).isEmpty()) {
                            stale.add(put.kv().key() + "@" + put.revision());
                        }
                        seen.countDown();
                    }
                }
            }

            @Override
            public void onError(StoreException error) {
                stale.add("watch failed: " + error);
            }
        };
        try (Watch ignored = store.watch(root, 0, reader)) {
            for (int i = 0; i < total; i++) {
                put(k("r" + i), "v");
            }
            assertThat(seen.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
        assertThat(stale).isEmpty();
    }

    @Test
    void aWatchStartedWhileWritesRunCatchesUpWithoutGapsOrDuplicates() throws Exception {
        long start = store.currentRevision() + 1;
        int total = 2000;
        CountDownLatch halfway = new CountDownLatch(1);
        Thread writer = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < total; i++) {
                put(k("k" + i), "v");
                if (i == total / 2) {
                    halfway.countDown();
                }
            }
        });
        assertThat(halfway.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Recorder recorder = new Recorder();
        try (Watch ignored = store.watch(root, start, recorder)) {
            writer.join();
            assertGapless(recorder.awaitChanges(total), start, total);
        }
    }

    @Test
    void aSlowWatcherBlocksNeitherWritesNorOtherWatchersAndLaterReceivesEverything() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Recorder slow = new Recorder(release);
        Recorder fast = new Recorder();
        long start = store.currentRevision() + 1;
        int total = 1500;
        try (Watch w1 = store.watch(root, 0, slow); Watch w2 = store.watch(root, 0, fast)) {
            try {
                for (int i = 0; i < total; i++) {
                    put(k("k" + i), "v");
                }
                assertGapless(fast.awaitChanges(total), start, total);
            } finally {
                release.countDown();
            }
            assertGapless(slow.awaitChanges(total), start, total);
        }
    }

    private static void assertGapless(List<WatchEvent> events, long start, int total) {
        assertThat(events).hasSize(total);
        for (int i = 0; i < total; i++) {
            assertThat(events.get(i).revision()).as("event %d", i).isEqualTo(start + i);
        }
        Set<Long> seen = new HashSet<>();
        events.forEach(e -> seen.add(e.revision()));
        assertThat(seen).hasSize(total);
    }

    @Test
    void progressComesAfterEveryEarlierEventWithTheCurrentRevision() {
        Recorder recorder = new Recorder();
        try (Watch watch = store.watch(root, 0, recorder)) {
            put(k("a"), "1");
            put(outside("b"), "unwatched");
            put(k("c"), "3");
            long current = store.currentRevision();

            watch.requestProgress();
            await().atMost(TIMEOUT).until(() -> recorder.events().stream().anyMatch(e -> e instanceof WatchEvent.Progress));

            List<WatchEvent> events = recorder.events();
            int at = IntStream.range(0, events.size())
                    .filter(i -> events.get(i) instanceof WatchEvent.Progress).findFirst().orElseThrow();
            assertThat(events.get(at).revision()).isGreaterThanOrEqualTo(current);
            if (store.progressIsOrdered()) {
                assertThat(events.subList(0, at)).extracting(StoreContract::key).containsExactly(k("a"), k("c"));
            } else {
                // The store says progress may overtake queued events (etcd 3.4): they still all arrive, in order.
                await().atMost(TIMEOUT).until(() -> recorder.events().stream()
                        .filter(e -> !(e instanceof WatchEvent.Progress)).count() == 2);
                assertThat(recorder.events()).filteredOn(e -> !(e instanceof WatchEvent.Progress))
                        .extracting(StoreContract::key).containsExactly(k("a"), k("c"));
            }
        }
    }

    @Test
    void progressOnAQuietWatchReportsTheCurrentRevision() {
        put(outside("b"), "unwatched");
        long current = store.currentRevision();
        Recorder recorder = new Recorder();
        try (Watch watch = store.watch(k("quiet/"), 0, recorder)) {
            watch.requestProgress();
            await().atMost(TIMEOUT).until(() -> !recorder.events().isEmpty());

            assertThat(recorder.events().getFirst()).isInstanceOf(WatchEvent.Progress.class);
            assertThat(recorder.events().getFirst().revision()).isGreaterThanOrEqualTo(current);
        }
    }

    @Test
    void aClosedWatchReceivesNothingMore() {
        Recorder closed = new Recorder();
        Recorder open = new Recorder();
        try (Watch stays = store.watch(root, 0, open)) {
            Watch watch = store.watch(root, 0, closed);
            put(k("a"), "1");
            closed.awaitChanges(1);
            watch.close();
            watch.close();

            put(k("b"), "2");
            open.awaitChanges(2);

            assertThat(closed.changes()).hasSize(1);
            assertThat(closed.error()).isNull();
        }
    }

    // ---- compaction ----

    @Test
    void compactionDiscardsOlderHistoryButKeepsEveryValueFromTheCompactedRevisionOn() {
        KeyValue keep = put(k("untouched"), "kept");
        KeyValue a1 = put(k("a"), "a1");
        KeyValue gone = put(k("deleted"), "x");
        KeyValue a2 = written(store.update(k("a"), bytes("a2"), a1.modRevision()));
        written(store.delete(k("deleted"), gone.modRevision()));
        long compactAt = store.currentRevision();
        KeyValue a3 = written(store.update(k("a"), bytes("a3"), a2.modRevision()));

        store.compact(compactAt);

        assertThat(store.compactedRevision()).isEqualTo(compactAt);
        assertThatThrownBy(() -> store.range(root, "", compactAt - 1, 0)).isInstanceOf(CompactedException.class);
        RangeResult atCompaction = store.range(root, "", compactAt, 0);
        assertThat(atCompaction.kvs()).extracting(kv -> new String(kv.value(), UTF_8)).containsExactly("a2", "kept");
        assertThat(store.range(root, "", 0, 0).kvs()).extracting(kv -> new String(kv.value(), UTF_8))
                .containsExactly("a3", "kept");
        assertThat(store.get(k("untouched")).orElseThrow()).usingRecursiveComparison().isEqualTo(keep);

        Recorder tooOld = new Recorder();
        try (Watch ignored = store.watch(root, compactAt - 1, tooOld)) {
            assertThat(tooOld.awaitError()).isInstanceOf(CompactedException.class);
            assertThat(tooOld.changes()).isEmpty();
        }
        Recorder fromCompaction = new Recorder();
        try (Watch ignored = store.watch(root, compactAt, fromCompaction)) {
            // etcd drops a tombstone at exactly the compacted revision; later events are certain.
            await().atMost(TIMEOUT).until(() -> fromCompaction.error() != null
                    || fromCompaction.changes().stream().anyMatch(e -> e.revision() == a3.modRevision()));
            assertThat(fromCompaction.error()).isNull();
            List<WatchEvent> events = fromCompaction.changes();
            assertThat(events).allSatisfy(e -> assertThat(e.revision()).isGreaterThanOrEqualTo(compactAt));
            WatchEvent.Put last = (WatchEvent.Put) events.getLast();
            assertThat(last.kv()).usingRecursiveComparison().isEqualTo(a3);
            assertThat(last.prev()).usingRecursiveComparison().isEqualTo(a2);
        }
    }

    @Test
    void compactingToAnOlderRevisionDoesNothingAndAFutureOneFails() {
        put(k("a"), "1");
        put(k("b"), "2");
        long rev = store.currentRevision();
        store.compact(rev);

        store.compact(rev - 1);

        assertThat(store.compactedRevision()).isEqualTo(rev);
        assertThatThrownBy(() -> store.compact(rev + 100)).isInstanceOf(FutureRevisionException.class);
    }

    // ---- lifecycle ----

    @Test
    void dataAndRevisionsSurviveReopening() throws Exception {
        KeyValue a = put(k("a"), "1");
        KeyValue b = put(k("b"), "2");
        written(store.delete(k("b"), b.modRevision()));
        long rev = store.currentRevision();
        store.compact(rev);
        store.close();

        store = track(reopenStore());

        assertThat(store.currentRevision()).isGreaterThanOrEqualTo(rev);
        assertThat(store.compactedRevision()).isGreaterThanOrEqualTo(rev);
        assertThat(store.get(k("a")).orElseThrow()).usingRecursiveComparison().isEqualTo(a);
        assertThat(store.get(k("b"))).isEmpty();
        long next = ((WriteResult.Written) store.create(k("c"), bytes("3"))).revision();
        assertThat(next).isGreaterThan(rev);
    }

    @Test
    void aClosedStoreRefusesCallsAndEndsItsWatches() {
        Recorder recorder = new Recorder();
        store.watch(root, 0, recorder);
        put(k("a"), "1");
        recorder.awaitChanges(1);

        store.close();
        store.close();

        assertThat(recorder.awaitError()).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.create(k("b"), bytes("x"))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.get(k("a"))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.range(root, "", 0, 0)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.watch(root, 0, new Recorder())).isInstanceOf(StoreException.class);
    }

    @Test
    void writesInFlightWhenTheStoreClosesEitherCompleteOrFail() throws Exception {
        int threads = 8;
        AtomicLong acknowledged = new AtomicLong();
        AtomicInteger unexpected = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(threads);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            writers.add(Thread.ofVirtual().start(() -> {
                started.countDown();
                for (int i = 0; ; i++) {
                    try {
                        store.create(k(thread + "-" + i), bytes("v"));
                        acknowledged.incrementAndGet();
                    } catch (StoreException e) {
                        return;
                    } catch (RuntimeException e) {
                        unexpected.incrementAndGet();
                        return;
                    }
                }
            }));
        }
        started.await();
        await().atMost(TIMEOUT).until(() -> acknowledged.get() > 20);
        store.close();
        for (Thread w : writers) {
            w.join(TIMEOUT.toMillis());
            assertThat(w.isAlive()).isFalse();
        }
        assertThat(unexpected.get()).isZero();

        store = track(reopenStore());
        assertThat(store.range(root, "", 0, 0).kvs().size()).isGreaterThanOrEqualTo((int) acknowledged.get());
    }
}
