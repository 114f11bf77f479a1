package dev.tugboat.store.sqlite;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The database layout and how connections are opened.
 *
 * <p>One table, {@code kv}, is the revision log: one row per successful write, keyed by its
 * revision. A put row holds the key's new value; a delete row (a tombstone, {@code deleted = 1})
 * holds no value. {@code prev_revision} points at the key's previous live row (0 for a create),
 * which gives watch events their {@code prev} value. The index on {@code (key, revision)} serves
 * point reads, ranges at a revision and compaction. {@code meta} holds the compacted revision.
 */
final class Schema {

    /** The meta row holding the compacted revision. */
    static final String COMPACTED = "compacted";

    private static final int VERSION = 1;

    private Schema() {
    }

    /** Opens the single writer connection, creating the schema if the file is new. */
    static Connection openWriter(Path file) throws SQLException {
        Connection conn = DriverManager.getConnection(url(file));
        try (Statement st = conn.createStatement()) {
            // Must precede table creation; lets compaction return freed pages to the file system.
            st.execute("PRAGMA auto_vacuum = INCREMENTAL");
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
                // Readers beside the writer need WAL; some file systems (network mounts) refuse it.
                if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
                    throw new SQLException("the file system of " + file + " does not support SQLite's WAL mode");
                }
            }
            // FULL: the WAL is fsynced at every commit, so an acknowledged write survives power loss too.
            st.execute("PRAGMA synchronous = FULL");
            st.execute("PRAGMA busy_timeout = 10000");
            st.execute("PRAGMA journal_size_limit = 67108864");
            st.execute("PRAGMA cache_size = -32000");
            st.execute("""
                    CREATE TABLE IF NOT EXISTS kv (
                      revision        INTEGER PRIMARY KEY,
                      key             BLOB    NOT NULL,
                      create_revision INTEGER NOT NULL,
                      prev_revision   INTEGER NOT NULL,
                      version         INTEGER NOT NULL,
                      deleted         INTEGER NOT NULL,
                      value           BLOB
                    )""");
            st.execute("CREATE INDEX IF NOT EXISTS kv_key_revision ON kv (key, revision)");
            st.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID");
            st.execute("INSERT OR IGNORE INTO meta (name, value) VALUES ('schema', " + VERSION + ")");
            st.execute("INSERT OR IGNORE INTO meta (name, value) VALUES ('" + COMPACTED + "', 0)");
            try (ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE name = 'schema'")) {
                if (!rs.next() || rs.getInt(1) != VERSION) {
                    throw new SQLException("unsupported store schema in " + file + "; expected version " + VERSION);
                }
            }
        } catch (SQLException e) {
            conn.close();
            throw e;
        }
        conn.setAutoCommit(false);
        return conn;
    }

    /** Opens a reader connection. WAL readers see committed snapshots and never block the writer. */
    static Connection openReader(Path file) throws SQLException {
        Connection conn = DriverManager.getConnection(url(file));
        try (Statement st = conn.createStatement()) {
            st.execute("PRAGMA busy_timeout = 10000");
            st.execute("PRAGMA query_only = 1");
            st.execute("PRAGMA cache_size = -16000");
        } catch (SQLException e) {
            conn.close();
            throw e;
        }
        conn.setAutoCommit(false);
        return conn;
    }

    /** The index entry of a live key: everything but its value. */
    record Entry(long createRevision, long modRevision, long version) {
    }

    /** What the writer needs at start: the revision counter, the compacted revision and the live keys. */
    record State(long revision, long compacted, Map<String, Entry> index) {
    }

    /** Reads the writer's state from the database (inside the connection's current transaction). */
    static State load(Connection conn) throws SQLException {
        long compacted = compacted(conn);
        // Compaction never deletes a key's newest row, so the largest revision in the log is the
        // revision counter, also after deletes and compaction.
        long revision;
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(revision), 0) FROM kv")) {
            rs.next();
            revision = Math.max(rs.getLong(1), compacted);
        }
        Map<String, Entry> index = new HashMap<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT kv.key, kv.create_revision, kv.revision, kv.version
                     FROM (SELECT MAX(revision) AS r FROM kv GROUP BY key) AS latest
                     JOIN kv ON kv.revision = latest.r
                     WHERE kv.deleted = 0""")) {
            while (rs.next()) {
                index.put(key(rs.getBytes(1)), new Entry(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
            }
        }
        conn.commit();
        return new State(revision, compacted, index);
    }

    /** The compacted revision as of the connection's current snapshot. */
    static long compacted(Connection conn) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT value FROM meta WHERE name = ?")) {
            ps.setString(1, COMPACTED);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    static String key(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] keyBytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** sqlite-jdbc reads an empty blob back as null; a live row's value is never null. */
    static byte[] value(byte[] stored) {
        return stored == null ? new byte[0] : stored;
    }

    private static String url(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }
}
