package dev.tugboat.store.sqlite;

import dev.tugboat.store.CompactedException;
import dev.tugboat.store.KeyPrefix;
import dev.tugboat.store.KeyValue;
import dev.tugboat.store.RangeResult;
import dev.tugboat.store.StoreException;
import dev.tugboat.store.WatchEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The reader connections and every read query. Each read runs in one transaction, i.e. on one
 * WAL snapshot, so a compaction check and the query it guards see the same data. Thread-safe:
 * callers borrow a connection (waiting if all are busy).
 */
final class ReadPool implements AutoCloseable {

    /** A page of history for a watch. {@code through}: every revision up to it is covered. */
    record History(List<WatchEvent> events, long through) {
    }

    @FunctionalInterface
    private interface Read<T> {
        T apply(Connection conn) throws SQLException;
    }

    private final BlockingQueue<Connection> idle;
    private final int size;
    private volatile boolean closed;

    ReadPool(Path file, int size) throws SQLException {
        this.size = size;
        this.idle = new ArrayBlockingQueue<>(size);
        try {
            for (int i = 0; i < size; i++) {
                idle.add(Schema.openReader(file));
            }
        } catch (SQLException e) {
            closeIdle();
            throw e;
        }
    }

    /** The newest value of {@code key} at or below {@code revision}, unless deleted by then. */
    Optional<KeyValue> get(String key, long revision) {
        return read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("""
                    SELECT create_revision, revision, version, deleted, value FROM kv
                    WHERE key = ? AND revision <= ? ORDER BY revision DESC LIMIT 1""")) {
                ps.setBytes(1, Schema.keyBytes(key));
                ps.setLong(2, revision);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getInt(4) != 0) {
                        return Optional.empty();
                    }
                    return Optional.of(new KeyValue(key, Schema.value(rs.getBytes(5)),
                            rs.getLong(1), rs.getLong(2), rs.getLong(3)));
                }
            }
        });
    }

    /** Keys under {@code prefix} from {@code startKey} as of {@code revision} (a concrete revision). */
    RangeResult range(KeyPrefix prefix, String startKey, long revision, int limit) {
        byte[] end = prefix.rangeEnd();
        // Walks the (key, revision) index in key order and keeps each key's newest row at or below
        // the revision: pages stop early at their limit and need no sort.
        String sql = """
                SELECT kv.key, kv.value, kv.create_revision, kv.revision, kv.version FROM kv
                WHERE kv.key >= ?1 %s AND kv.revision <= ?3
                  AND kv.revision = (SELECT MAX(n.revision) FROM kv AS n WHERE n.key = kv.key AND n.revision <= ?3)
                  AND kv.deleted = 0
                ORDER BY kv.key
                LIMIT ?4""".formatted(end == null ? "" : "AND kv.key < ?2");
        return read(conn -> {
            checkCompacted(conn, revision);
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                ps.setBytes(1, prefix.rangeStart(startKey));
                if (end != null) {
                    ps.setBytes(2, end);
                }
                ps.setLong(3, revision);
                // One extra row tells whether there are more.
                ps.setLong(4, limit == 0 ? -1 : limit + 1L);
                List<KeyValue> kvs = new ArrayList<>();
                boolean more = false;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (limit != 0 && kvs.size() == limit) {
                            more = true;
                            break;
                        }
                        kvs.add(new KeyValue(Schema.key(rs.getBytes(1)), Schema.value(rs.getBytes(2)),
                                rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                    }
                }
                return new RangeResult(List.copyOf(kvs), more, revision);
            }
        });
    }

    /**
     * The events under {@code prefix} at revisions {@code from..to}, at most {@code limit}, with
     * their previous values.
     *
     * @throws CompactedException if {@code from} is below the compacted revision
     */
    History history(KeyPrefix prefix, long from, long to, int limit) {
        byte[] end = prefix.rangeEnd();
        String sql = """
                SELECT e.revision, e.key, e.create_revision, e.version, e.deleted, e.value, e.prev_revision,
                       p.create_revision, p.version, p.value
                FROM kv AS e LEFT JOIN kv AS p ON p.revision = e.prev_revision
                WHERE e.revision >= ?1 AND e.revision <= ?2 AND e.key >= ?3 %s
                ORDER BY e.revision
                LIMIT ?5""".formatted(end == null ? "" : "AND e.key < ?4");
        return read(conn -> {
            checkCompacted(conn, from);
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                ps.setBytes(3, prefix.bytes());
                if (end != null) {
                    ps.setBytes(4, end);
                }
                ps.setInt(5, limit);
                List<WatchEvent> events = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(event(rs));
                    }
                }
                long through = events.size() < limit ? to : events.getLast().revision();
                return new History(events, through);
            }
        });
    }

    private static WatchEvent event(ResultSet rs) throws SQLException {
        long revision = rs.getLong(1);
        String key = Schema.key(rs.getBytes(2));
        long prevRevision = rs.getLong(7);
        KeyValue prev = null;
        if (prevRevision != 0) {
            rs.getLong(8);
            if (rs.wasNull()) {
                throw new IllegalStateException("revision " + revision + " refers to missing revision " + prevRevision);
            }
            prev = new KeyValue(key, Schema.value(rs.getBytes(10)), rs.getLong(8), prevRevision, rs.getLong(9));
        }
        if (rs.getInt(5) != 0) {
            if (prev == null) {
                throw new IllegalStateException("tombstone at revision " + revision + " has no previous value");
            }
            return new WatchEvent.Delete(prev, revision);
        }
        KeyValue kv = new KeyValue(key, Schema.value(rs.getBytes(6)), rs.getLong(3), revision, rs.getLong(4));
        return new WatchEvent.Put(kv, prev);
    }

    private static void checkCompacted(Connection conn, long revision) throws SQLException {
        long compacted = Schema.compacted(conn);
        if (revision < compacted) {
            throw new CompactedException(revision, compacted);
        }
    }

    private <T> T read(Read<T> read) {
        if (closed) {
            throw new StoreException("store is closed");
        }
        Connection conn;
        try {
            conn = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a database connection", e);
        }
        try {
            T result = read.apply(conn);
            conn.commit();
            return result;
        } catch (SQLException e) {
            rollback(conn);
            throw new StoreException("database read failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            rollback(conn);
            throw e;
        } finally {
            idle.add(conn);
        }
    }

    private static void rollback(Connection conn) {
        try {
            conn.rollback();
        } catch (SQLException ignored) {
            // The read failed already; the connection resets at its next transaction.
        }
    }

    /** Closes the connections, waiting briefly for reads in progress. */
    @Override
    public void close() {
        closed = true;
        for (int i = 0; i < size; i++) {
            try {
                Connection conn = idle.poll(10, TimeUnit.SECONDS);
                if (conn == null) {
                    break;
                }
                conn.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (SQLException ignored) {
                // Closing; nothing left to protect.
            }
        }
    }

    private void closeIdle() {
        for (Connection conn : idle) {
            try {
                conn.close();
            } catch (SQLException ignored) {
                // Opening failed already.
            }
        }
    }
}
