package dev.tugboat.store.sqlite;

import dev.tugboat.store.FutureRevisionException;
import dev.tugboat.store.KeyValue;
import dev.tugboat.store.StoreException;
import dev.tugboat.store.WatchEvent;
import dev.tugboat.store.WriteResult;
import dev.tugboat.store.sqlite.Schema.Entry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer: every write, compaction and vacuum runs on its thread, so it needs no locks
 * around its state and SQLite never sees two writers.
 *
 * <p>The loop (model: Kafka's EventQueue, etcd raft's Ready loop):
 * <ol>
 *   <li>take the next op and gather up to {@code maxBatch} (see {@link #collect});</li>
 *   <li>evaluate each op's condition against the in-memory index of live keys, in order, so later
 *       ops see earlier ones; assign consecutive revisions and insert the rows;</li>
 *   <li>commit the batch as one transaction (one fsync);</li>
 *   <li>publish the events to the watch hub, then the new revision, then complete the futures
 *       (so a caller whose write returned reads it, and a progress request covers it);</li>
 *   <li>between batches, run one bounded step of {@link Maintenance} (compaction, vacuum).</li>
 * </ol>
 * If anything in steps 2–3 fails, the whole batch fails with {@link StoreException} (nothing of
 * it is acknowledged) and the state is rebuilt from the database.
 */
final class Writer {

    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);
    /** Longest wait for the rest of a batch; small next to a commit's fsync. */
    private static final long GATHER_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final Connection conn;
    private final WatchHub hub;
    private final SqliteStore.Settings settings;
    private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final ReentrantLock submitLock = new ReentrantLock();
    private final Thread thread;
    private final PreparedStatement insert;
    private final PreparedStatement valueAt;
    private final PreparedStatement setMeta;

    /** Guarded by submitLock: ops are accepted until Stop is queued or the writer died. */
    private boolean accepting = true;

    // Writer-thread state.
    private Map<String, Entry> index;
    private long revision;
    private long compacted;
    private boolean reloadNeeded;
    private final Maintenance maintenance;

    /** Size of the previous batch: about how many callers are writing concurrently. */
    private int lastBatchSize = 1;

    // Batch-local state, reset by every batch.
    private long batchRevision;
    private long batchCompacted;
    private final List<WatchEvent> batchEvents = new ArrayList<>();

    private volatile long publishedRevision;
    private volatile long publishedCompacted;

    Writer(Connection conn, Schema.State state, WatchHub hub, SqliteStore.Settings settings) throws SQLException {
        this.conn = conn;
        this.hub = hub;
        this.settings = settings;
        this.index = state.index();
        this.revision = state.revision();
        this.compacted = state.compacted();
        this.publishedRevision = revision;
        this.publishedCompacted = compacted;
        this.insert = conn.prepareStatement("""
                INSERT INTO kv (revision, key, create_revision, prev_revision, version, deleted, value)
                VALUES (?, ?, ?, ?, ?, ?, ?)""");
        this.valueAt = conn.prepareStatement("SELECT value FROM kv WHERE revision = ?");
        this.setMeta = conn.prepareStatement("UPDATE meta SET value = ? WHERE name = ?");
        this.maintenance = new Maintenance(conn, settings);
        this.thread = Thread.ofPlatform().name("sqlite-store-writer").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    long revision() {
        return publishedRevision;
    }

    long compacted() {
        return publishedCompacted;
    }

    /** Queues {@code op}; throws if the writer no longer accepts ops. */
    void submit(Op op) {
        submitLock.lock();
        try {
            if (!accepting) {
                throw new StoreException("store is closed");
            }
            queue.add(op);
            if (op instanceof Op.Stop) {
                accepting = false;
            }
        } finally {
            submitLock.unlock();
        }
    }

    /** Finishes the ops queued so far and stops the thread; the connection stays open. */
    void stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            submit(new Op.Stop(done));
        } catch (StoreException alreadyStopped) {
            // Someone else stopped it, or it died; wait for the thread either way.
        }
        try {
            thread.join(TimeUnit.MINUTES.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            boolean stop = false;
            while (!stop) {
                Op first = maintenance.pending() ? queue.poll() : queue.take();
                if (first == null) {
                    maintenance.step();
                    continue;
                }
                List<Op> batch = collect(first);
                stop = process(batch);
                if (!stop && maintenance.pending()) {
                    maintenance.step();
                }
            }
        } catch (InterruptedException e) {
            LOG.error("store writer interrupted; the store no longer accepts writes");
        } catch (RuntimeException | Error e) {
            LOG.error("store writer died; the store no longer accepts writes", e);
        } finally {
            shutdown();
        }
    }

    /**
     * Gathers a batch behind {@code first}. Callers released by the previous commit need a few
     * microseconds to submit their next op; committing without them would cost each of them a
     * commit of their own. So while the batch is smaller than the previous one, wait briefly
     * (at most {@link #GATHER_NANOS}) for the rest.
     */
    private List<Op> collect(Op first) throws InterruptedException {
        List<Op> batch = new ArrayList<>();
        batch.add(first);
        queue.drainTo(batch, settings.maxBatch() - 1);
        long deadline = System.nanoTime() + GATHER_NANOS;
        while (batch.size() < Math.min(lastBatchSize, settings.maxBatch()) && !(batch.getLast() instanceof Op.Stop)) {
            long left = deadline - System.nanoTime();
            Op next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                break;
            }
            batch.add(next);
            queue.drainTo(batch, settings.maxBatch() - batch.size());
        }
        lastBatchSize = batch.size();
        return batch;
    }

    /** Runs one batch; returns whether it contained Stop. */
    private boolean process(List<Op> batch) {
        boolean stop = batch.getLast() instanceof Op.Stop;
        List<Runnable> completions = new ArrayList<>(batch.size());
        List<Op.Compact> newCompactions = new ArrayList<>();
        batchRevision = revision;
        batchCompacted = compacted;
        batchEvents.clear();
        try {
            if (reloadNeeded) {
                reload();
            }
            for (Op op : batch) {
                switch (op) {
                    case Op.Create c -> completions.add(complete(c.done(), create(c)));
                    case Op.Update u -> completions.add(complete(u.done(), update(u)));
                    case Op.Delete d -> completions.add(complete(d.done(), delete(d)));
                    case Op.Compact k -> compact(k, completions, newCompactions);
                    case Op.Stop s -> completions.add(() -> s.done().complete(null));
                }
            }
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            LOG.error("store batch of {} ops failed; none was acknowledged", batch.size(), e);
            StoreException failure = new StoreException("store write failed: " + e.getMessage(), e);
            for (Op op : batch) {
                if (!(op instanceof Op.Stop)) {
                    op.done().completeExceptionally(failure);
                }
            }
            recover();
            return stop;
        }
        revision = batchRevision;
        compacted = batchCompacted;
        // Readers first, then watchers: whoever learns of a write from a watch may read it at once.
        publishedCompacted = compacted;
        publishedRevision = revision;
        if (!batchEvents.isEmpty()) {
            hub.publish(List.copyOf(batchEvents), revision);
        }
        completions.forEach(Runnable::run);
        for (Op.Compact k : newCompactions) {
            maintenance.schedule(k.revision(), k.done());
        }
        return stop;
    }

    private static <T> Runnable complete(CompletableFuture<T> future, T value) {
        return () -> future.complete(value);
    }

    private WriteResult create(Op.Create op) throws SQLException {
        Entry entry = index.get(op.key());
        if (entry != null) {
            return new WriteResult.Failed(current(op.key(), entry));
        }
        long rev = ++batchRevision;
        insert(rev, op.key(), rev, 0, 1, op.value());
        index.put(op.key(), new Entry(rev, rev, 1));
        KeyValue kv = new KeyValue(op.key(), op.value(), rev, rev, 1);
        batchEvents.add(new WatchEvent.Put(kv, null));
        return new WriteResult.Written(rev, kv);
    }

    private WriteResult update(Op.Update op) throws SQLException {
        Entry entry = index.get(op.key());
        if (entry == null || entry.modRevision() != op.expectedModRevision()) {
            return new WriteResult.Failed(entry == null ? null : current(op.key(), entry));
        }
        KeyValue prev = current(op.key(), entry);
        long rev = ++batchRevision;
        long version = entry.version() + 1;
        insert(rev, op.key(), entry.createRevision(), entry.modRevision(), version, op.value());
        index.put(op.key(), new Entry(entry.createRevision(), rev, version));
        KeyValue kv = new KeyValue(op.key(), op.value(), entry.createRevision(), rev, version);
        batchEvents.add(new WatchEvent.Put(kv, prev));
        return new WriteResult.Written(rev, kv);
    }

    private WriteResult delete(Op.Delete op) throws SQLException {
        Entry entry = index.get(op.key());
        if (entry == null || entry.modRevision() != op.expectedModRevision()) {
            return new WriteResult.Failed(entry == null ? null : current(op.key(), entry));
        }
        KeyValue prev = current(op.key(), entry);
        long rev = ++batchRevision;
        insert(rev, op.key(), entry.createRevision(), entry.modRevision(), 0, null);
        index.remove(op.key());
        batchEvents.add(new WatchEvent.Delete(prev, rev));
        return new WriteResult.Written(rev, prev);
    }

    private void compact(Op.Compact op, List<Runnable> completions, List<Op.Compact> scheduled) throws SQLException {
        if (op.revision() > batchRevision) {
            FutureRevisionException error = new FutureRevisionException(op.revision(), batchRevision);
            completions.add(() -> op.done().completeExceptionally(error));
        } else if (op.revision() <= batchCompacted) {
            completions.add(() -> op.done().complete(null));
        } else {
            // The compacted revision is durable before any row is deleted: reads check it first.
            setMeta.setLong(1, op.revision());
            setMeta.setString(2, Schema.COMPACTED);
            setMeta.executeUpdate();
            batchCompacted = op.revision();
            scheduled.add(op);
        }
    }

    /** The live value of {@code key}; rows of the current batch are visible to this connection. */
    private KeyValue current(String key, Entry entry) throws SQLException {
        valueAt.setLong(1, entry.modRevision());
        try (ResultSet rs = valueAt.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("index names revision " + entry.modRevision() + " of "
                        + key + " but the log has no such row");
            }
            return new KeyValue(key, Schema.value(rs.getBytes(1)), entry.createRevision(), entry.modRevision(),
                    entry.version());
        }
    }

    private void insert(long rev, String key, long createRevision, long prevRevision, long version, byte[] value)
            throws SQLException {
        insert.setLong(1, rev);
        insert.setBytes(2, Schema.keyBytes(key));
        insert.setLong(3, createRevision);
        insert.setLong(4, prevRevision);
        insert.setLong(5, version);
        insert.setInt(6, value == null ? 1 : 0);
        insert.setBytes(7, value);
        insert.executeUpdate();
    }

    /** After a failed batch: roll back and rebuild the index and revision from what is durable. */
    private void recover() {
        try {
            conn.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback after a failed batch failed", e);
        }
        try {
            reload();
        } catch (SQLException | RuntimeException e) {
            LOG.error("cannot reload store state; retrying before the next batch", e);
            reloadNeeded = true;
        }
    }

    private void reload() throws SQLException {
        Schema.State state = Schema.load(conn);
        index = state.index();
        revision = state.revision();
        compacted = state.compacted();
        batchRevision = revision;
        batchCompacted = compacted;
        reloadNeeded = false;
        publishedCompacted = compacted;
        publishedRevision = revision;
        hub.reset(revision);
    }

    private void shutdown() {
        submitLock.lock();
        try {
            accepting = false;
        } finally {
            submitLock.unlock();
        }
        StoreException closed = new StoreException("store closed");
        for (Op op; (op = queue.poll()) != null; ) {
            if (!(op instanceof Op.Stop)) {
                op.done().completeExceptionally(closed);
            }
        }
        maintenance.failAll(closed);
    }

    /**
     * Checkpoints the WAL into the database file and closes the connection. Call after
     * {@link #stop()} and after the readers closed, so the checkpoint can complete.
     */
    void closeConnection() {
        try {
            conn.rollback();
            insert.close();
            valueAt.close();
            setMeta.close();
            conn.setAutoCommit(true);
            try (Statement st = conn.createStatement()) {
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        } catch (SQLException e) {
            LOG.warn("checkpointing the store at close failed", e);
        } finally {
            try {
                conn.close();
            } catch (SQLException e) {
                LOG.warn("closing the store's writer connection failed", e);
            }
        }
    }
}
