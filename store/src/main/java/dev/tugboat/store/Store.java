package dev.tugboat.store;

import java.util.Optional;

/**
 * A multi-version key-value store with etcd v3 semantics. It is the only persistent state of the
 * control plane and only the apiserver talks to it.
 *
 * <ul>
 *   <li>One global revision, incremented by exactly one by every successful write; a failed
 *       conditional write does not consume a revision.</li>
 *   <li>Writes are durable when they return: a {@link WriteResult.Written} survives a crash
 *       (including {@code kill -9}) of the process.</li>
 *   <li>Writes are linearizable; reads after a write returns see it.</li>
 *   <li>Watches deliver every change under a prefix from a start revision in revision order,
 *       with no gaps and no duplicates.</li>
 *   <li>History older than the compacted revision is gone: reading or watching it throws
 *       {@link CompactedException}.</li>
 * </ul>
 *
 * Methods block the calling thread (callers use virtual threads) and are safe to call concurrently.
 * Backend failures throw {@link StoreException}.
 */
public interface Store extends AutoCloseable {

    /** Creates {@code key} if it does not exist; otherwise fails with the current value. */
    WriteResult create(String key, byte[] value);

    /**
     * Replaces {@code key} if its mod revision is {@code expectedModRevision}; otherwise fails with
     * the current value (null if the key does not exist).
     */
    WriteResult update(String key, byte[] value, long expectedModRevision);

    /**
     * Deletes {@code key} if its mod revision is {@code expectedModRevision}; otherwise fails with
     * the current value (null if the key does not exist).
     */
    WriteResult delete(String key, long expectedModRevision);

    /** The current value of {@code key}. */
    Optional<KeyValue> get(String key);

    /**
     * Keys with {@code prefix}, starting at {@code startKey} (inclusive; empty means the prefix
     * itself), in key order, as of {@code revision} (0 means the current revision).
     *
     * @param limit at most this many keys (0 means no limit)
     * @throws CompactedException      if {@code revision} is below the compacted revision
     * @throws FutureRevisionException if {@code revision} is newer than the current revision
     */
    RangeResult range(String prefix, String startKey, long revision, int limit);

    /** The revision of the last successful write (0 for an empty store). */
    long currentRevision();

    /** The revision up to which history has been discarded (0 if never compacted). */
    long compactedRevision();

    /**
     * Discards history older than {@code revision}: afterwards the value of every key as of any
     * revision {@code >= revision} is still readable. Compacting to an older revision than the
     * current compacted revision does nothing.
     */
    void compact(long revision);

    /**
     * Watches keys with {@code prefix} for changes at revisions {@code >= startRevision}
     * ({@code startRevision} 0 means "from now on"). Events are delivered on a store thread.
     *
     * <p>If {@code startRevision} is below the compacted revision (and not 0), the listener
     * receives {@link CompactedException} through {@link WatchListener#onError}.
     */
    Watch watch(String prefix, long startRevision, WatchListener listener);

    /**
     * Whether a {@link WatchEvent.Progress} is delivered only after every earlier event of its watch, so a
     * watcher may treat it as proof of freshness. Older etcd releases (3.4 before 3.4.25, etcd#15220) can
     * send progress ahead of queued events.
     */
    default boolean progressIsOrdered() {
        return true;
    }

    /** Flushes and releases resources; further calls throw {@link StoreException}. */
    @Override
    void close();
}
