package dev.tugboat.store;

/** The outcome of a conditional write: expected failures are values, not exceptions. */
public sealed interface WriteResult {

    /**
     * The write happened at {@code revision}. For puts {@code kv} is the new value
     * ({@code kv.modRevision() == revision}); for deletes it is the value that was deleted.
     */
    record Written(long revision, KeyValue kv) implements WriteResult {
    }

    /**
     * The condition did not hold. {@code current} is the key's current value, or null if the key
     * does not exist (so a failed create always has a current value, a failed update or delete
     * may not).
     */
    record Failed(KeyValue current) implements WriteResult {
    }
}
