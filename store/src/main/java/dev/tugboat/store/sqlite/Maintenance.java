package dev.tugboat.store.sqlite;

import dev.tugboat.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compaction and vacuum of the revision log, in bounded steps that the {@link Writer} runs
 * between write batches on its own connection, so neither ever holds the write lock for long.
 * A compaction's future completes once its rows are deleted and the freed space is returned.
 * Not thread-safe: writer thread only.
 */
final class Maintenance {

    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

    /** One compaction: deletes superseded rows below {@code target}, chunk by chunk from {@code cursor}. */
    private static final class Compaction {
        final long target;
        final List<CompletableFuture<Void>> waiters = new ArrayList<>();
        long cursor;

        Compaction(long target) {
            this.target = target;
        }
    }

    private final Connection conn;
    private final SqliteStore.Settings settings;
    private final ArrayDeque<Compaction> compactions = new ArrayDeque<>();
    private boolean vacuumPending;
    /** Compactions whose rows are gone, waiting for the vacuum that follows them. */
    private final List<CompletableFuture<Void>> vacuumWaiters = new ArrayList<>();

    Maintenance(Connection conn, SqliteStore.Settings settings) {
        this.conn = conn;
        this.settings = settings;
    }

    /** Queues a compaction to {@code target}, whose compacted revision is already durable. */
    void schedule(long target, CompletableFuture<Void> done) {
        Compaction last = compactions.peekLast();
        // A queued compaction that has not started can simply aim further.
        if (last != null && last.cursor == 0 && compactions.size() > 1) {
            compactions.pollLast();
            Compaction merged = new Compaction(Math.max(last.target, target));
            merged.waiters.addAll(last.waiters);
            merged.waiters.add(done);
            compactions.add(merged);
            return;
        }
        Compaction compaction = new Compaction(target);
        compaction.waiters.add(done);
        compactions.add(compaction);
    }

    boolean pending() {
        return !compactions.isEmpty() || vacuumPending;
    }

    /** Runs one chunk of the pending work. A failure is logged and fails that work's waiters. */
    void step() {
        Compaction compaction = compactions.peek();
        try {
            if (compaction != null) {
                compactChunk(compaction);
            } else {
                vacuumChunk();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.error("store compaction or vacuum failed; the next compaction starts over", e);
            try {
                conn.rollback();
            } catch (SQLException rollback) {
                LOG.warn("rollback after a failed compaction failed", rollback);
            }
            if (compaction != null) {
                compactions.poll();
                StoreException failure = new StoreException("compaction failed: " + e.getMessage(), e);
                compaction.waiters.forEach(w -> w.completeExceptionally(failure));
            } else {
                finishVacuum(new StoreException("vacuum after compaction failed: " + e.getMessage(), e));
            }
        }
    }

    /** Fails all waiting compactions (the store is closing). */
    void failAll(StoreException error) {
        compactions.forEach(c -> c.waiters.forEach(w -> w.completeExceptionally(error)));
        compactions.clear();
        finishVacuum(error);
    }

    /**
     * Deletes, among the next {@code compactionChunk} rows below the target, those superseded by a
     * newer row below the target, and tombstones (whose older rows are superseded by them and
     * already gone, as chunks run in revision order). What stays below the target is each key's
     * last live value before it, which is the value as of every revision from the target on and
     * the {@code prev} of the key's first event from there.
     */
    private void compactChunk(Compaction compaction) throws SQLException {
        long chunkEnd = compaction.target - 1;
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT revision FROM kv WHERE revision >= ? AND revision < ?
                ORDER BY revision LIMIT 1 OFFSET ?""")) {
            ps.setLong(1, compaction.cursor);
            ps.setLong(2, compaction.target);
            ps.setInt(3, settings.compactionChunk() - 1);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    chunkEnd = rs.getLong(1);
                }
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("""
                DELETE FROM kv WHERE revision >= ?1 AND revision <= ?2 AND (deleted = 1 OR EXISTS (
                  SELECT 1 FROM kv AS newer
                  WHERE newer.key = kv.key AND newer.revision > kv.revision AND newer.revision < ?3))""")) {
            ps.setLong(1, compaction.cursor);
            ps.setLong(2, chunkEnd);
            ps.setLong(3, compaction.target);
            ps.executeUpdate();
        }
        conn.commit();
        compaction.cursor = chunkEnd + 1;
        if (compaction.cursor >= compaction.target) {
            compactions.poll();
            vacuumPending = true;
            vacuumWaiters.addAll(compaction.waiters);
        }
    }

    /**
     * Returns free pages to the file system once more than a quarter of the file is free, down to
     * an eighth: free pages are reused by new rows anyway, so only a surplus is worth moving.
     */
    private void vacuumChunk() throws SQLException {
        long free = pragma("freelist_count");
        long pages = pragma("page_count");
        long surplus = free - pages / 8;
        if (free < settings.vacuumMinFreePages() || free * 4 < pages || surplus <= 0) {
            finishVacuum(null);
            return;
        }
        try (Statement st = conn.createStatement()) {
            st.execute("PRAGMA incremental_vacuum(" + Math.min(surplus, settings.vacuumChunkPages()) + ")");
        }
        conn.commit();
    }

    private void finishVacuum(StoreException error) {
        vacuumPending = false;
        for (CompletableFuture<Void> waiter : vacuumWaiters) {
            if (error == null) {
                waiter.complete(null);
            } else {
                waiter.completeExceptionally(error);
            }
        }
        vacuumWaiters.clear();
    }

    private long pragma(String name) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
