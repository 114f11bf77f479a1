package dev.tugboat.apiserver.watchcache;

/**
 * A change of one object as the cache saw it.
 *
 * @param object the new state; for deletions the last state, carrying the deletion revision
 * @param prev   the previous state, or null if the object was created
 */
public record CacheEvent(Type type, CachedObject object, CachedObject prev, long revision) {

    /** Puts (creates and updates) and deletes. */
    public enum Type { PUT, DELETE }
}
