package dev.tugboat.store.sqlite;

import dev.tugboat.store.CompactedException;
import dev.tugboat.store.FutureRevisionException;
import dev.tugboat.store.KeyPrefix;
import dev.tugboat.store.KeyValue;
import dev.tugboat.store.RangeResult;
import dev.tugboat.store.Store;
import dev.tugboat.store.StoreException;
import dev.tugboat.store.Watch;
import dev.tugboat.store.WatchListener;
import dev.tugboat.store.WriteResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded {@link Store}: one SQLite file in WAL mode.
 *
 * <p>All writes go through one writer thread that commits them in batches (group commit, one fsync
 * per batch, {@code synchronous=FULL}); a write returns once its batch is durable. Reads use a
 * small pool of reader connections that see committed snapshots and never block the writer.
 * Watches read history from the revision log and then follow live events; each has its own
 * delivery thread and a bounded buffer ({@link Settings#watchCapacity()} events), beyond which it
 * stops receiving live events and catches up from the log once its listener has caught up.
 * Compaction and vacuum run on the writer thread in bounded chunks between write batches.
 *
 * <p>Only one {@code SqliteStore} may have a given file open at a time. Thread-safe.
 */
public final class SqliteStore implements Store {

    /**
     * Tuning knobs.
     *
     * @param maxBatch           most ops committed in one transaction
     * @param readers            reader connections
     * @param watchCapacity      most undelivered events buffered per watch before it detaches
     * @param historyPage        events read per history query when a watch catches up
     * @param compactionChunk    log rows examined per compaction transaction
     * @param vacuumChunkPages   pages returned to the file system per vacuum transaction
     * @param vacuumMinFreePages free pages below which vacuum does not bother
     */
    public record Settings(int maxBatch, int readers, int watchCapacity, int historyPage, int compactionChunk,
                           int vacuumChunkPages, int vacuumMinFreePages) {

        public static final Settings DEFAULTS = new Settings(512, 4, 10_000, 1_000, 2_000, 1_024, 256);

        public Settings {
            if (maxBatch < 1 || readers < 1 || watchCapacity < 1 || historyPage < 1 || compactionChunk < 1
                    || vacuumChunkPages < 1 || vacuumMinFreePages < 0) {
                throw new IllegalArgumentException("invalid store settings: " + this);
            }
        }
    }

    private final Writer writer;
    private final ReadPool reads;
    private final WatchHub hub;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Opens (or creates) the store in {@code file} with default settings. */
    public SqliteStore(Path file) {
        this(file, Settings.DEFAULTS);
    }

    public SqliteStore(Path file, Settings settings) {
        Connection conn = null;
        ReadPool pool = null;
        try {
            conn = Schema.openWriter(file);
            Schema.State state = Schema.load(conn);
            pool = new ReadPool(file, settings.readers());
            this.reads = pool;
            this.hub = new WatchHub(pool, state.revision(), settings.historyPage(), settings.watchCapacity());
            this.writer = new Writer(conn, state, hub, settings);
        } catch (SQLException e) {
            if (pool != null) {
                pool.close();
            }
            closeQuietly(conn);
            throw new StoreException("cannot open store " + file + ": " + e.getMessage(), e);
        }
        writer.start();
    }

    @Override
    public WriteResult create(String key, byte[] value) {
        checkKey(key);
        CompletableFuture<WriteResult> done = new CompletableFuture<>();
        submit(new Op.Create(key, value.clone(), done));
        return await(done);
    }

    @Override
    public WriteResult update(String key, byte[] value, long expectedModRevision) {
        checkKey(key);
        checkExpected(expectedModRevision);
        CompletableFuture<WriteResult> done = new CompletableFuture<>();
        submit(new Op.Update(key, value.clone(), expectedModRevision, done));
        return await(done);
    }

    @Override
    public WriteResult delete(String key, long expectedModRevision) {
        checkKey(key);
        checkExpected(expectedModRevision);
        CompletableFuture<WriteResult> done = new CompletableFuture<>();
        submit(new Op.Delete(key, expectedModRevision, done));
        return await(done);
    }

    @Override
    public Optional<KeyValue> get(String key) {
        checkKey(key);
        checkOpen();
        return reads.get(key, writer.revision());
    }

    @Override
    public RangeResult range(String prefix, String startKey, long revision, int limit) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(startKey, "startKey");
        if (revision < 0 || limit < 0) {
            throw new IllegalArgumentException("revision and limit must not be negative");
        }
        checkOpen();
        long current = writer.revision();
        if (revision > current) {
            throw new FutureRevisionException(revision, current);
        }
        return reads.range(new KeyPrefix(prefix), startKey, revision == 0 ? current : revision, limit);
    }

    @Override
    public long currentRevision() {
        checkOpen();
        return writer.revision();
    }

    @Override
    public long compactedRevision() {
        checkOpen();
        return writer.compacted();
    }

    @Override
    public void compact(long revision) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        submit(new Op.Compact(revision, done));
        await(done);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A start revision below the compacted revision ends the watch with {@link CompactedException}
     * right away; so does compaction overtaking a watch that is catching up.
     */
    @Override
    public Watch watch(String prefix, long startRevision, WatchListener listener) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(listener, "listener");
        if (startRevision < 0) {
            throw new IllegalArgumentException("start revision must not be negative: " + startRevision);
        }
        checkOpen();
        return hub.watch(prefix, startRevision, listener);
    }

    /** Completes the writes queued so far, ends the watches and closes the database. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writer.stop();
        hub.close();
        reads.close();
        writer.closeConnection();
    }

    private void submit(Op op) {
        checkOpen();
        writer.submit(op);
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new StoreException("store is closed");
        }
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
    }

    private static void checkExpected(long expectedModRevision) {
        if (expectedModRevision < 1) {
            throw new IllegalArgumentException("expected mod revision must be positive: " + expectedModRevision);
        }
    }

    private static <T> T await(CompletableFuture<T> done) {
        try {
            return done.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreException storeException) {
                throw storeException;
            }
            throw new StoreException("store operation failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the store; the write may still happen", e);
        }
    }

    private static void closeQuietly(Connection conn) {
        if (conn != null) {
            try {
                conn.close();
            } catch (SQLException ignored) {
                // Opening failed already.
            }
        }
    }
}
