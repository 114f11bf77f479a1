package dev.tugboat.controllers.common;

import dev.tugboat.client.clock.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What a controller expects to see in its informer after its own creates and deletes (upstream's
 * ControllerExpectations): until the watch has delivered them, the cache is behind the controller's
 * writes, and reconciling from it would create or delete twice. Expectations older than five minutes
 * are considered met so that a lost event cannot stall a controller forever. Deletions may be tracked by
 * the deleted objects' uids (upstream's UIDTrackingControllerExpectations), so that an object seen twice
 * on its way out (once marked for deletion, once gone) counts once. Thread-safe.
 *
 * @param <K> the controller's key type
 */
public final class Expectations<K> {

    static final Duration TTL = Duration.ofMinutes(5);

    /** @param deleting uids whose deletion is expected (empty when deletions are only counted) */
    private record Pending(long adds, long deletes, long sinceNanos, Set<String> deleting) {

        Pending(long adds, long deletes, long sinceNanos) {
            this(adds, deletes, sinceNanos, Set.of());
        }
    }

    private final Clock clock;
    private final ConcurrentMap<K, Pending> pending = new ConcurrentHashMap<>();

    public Expectations(Clock clock) {
        this.clock = clock;
    }

    /** Whether the informer has caught up with this controller's writes for {@code key}. */
    public boolean satisfied(K key) {
        Pending p = pending.get(key);
        return p == null || (p.adds() <= 0 && p.deletes() <= 0)
                || clock.nanoTime() - p.sinceNanos() > TTL.toNanos();
    }

    /** Replaces the expectations of {@code key}: about to make these creates and deletes. */
    public void expect(K key, int adds, int deletes) {
        pending.put(key, new Pending(adds, deletes, clock.nanoTime()));
    }

    /**
     * Replaces the expectations of {@code key}: about to delete the objects with these uids. Each is
     * counted once by {@link #deletionObserved(Object, String)}, however often it is reported.
     */
    public void expectDeletions(K key, Collection<String> uids) {
        Set<String> tracked = Set.copyOf(uids);
        pending.put(key, new Pending(0, tracked.size(), clock.nanoTime(), tracked));
    }

    /** A create of {@code key}'s was seen (or will never happen). */
    public void creationObserved(K key) {
        pending.computeIfPresent(key, (k, p) ->
                new Pending(p.adds() - 1, p.deletes(), p.sinceNanos(), p.deleting()));
    }

    /** A delete of {@code key}'s was seen (or will never happen). */
    public void deletionObserved(K key) {
        pending.computeIfPresent(key, (k, p) ->
                new Pending(p.adds(), p.deletes() - 1, p.sinceNanos(), p.deleting()));
    }

    /**
     * The object with this uid was seen going (marked for deletion or gone), or its delete failed. Counts
     * only for a uid expected by {@link #expectDeletions}, and only the first time.
     */
    public void deletionObserved(K key, String uid) {
        pending.computeIfPresent(key, (k, p) -> {
            if (!p.deleting().contains(uid)) {
                return p;
            }
            Set<String> rest = new HashSet<>(p.deleting());
            rest.remove(uid);
            return new Pending(p.adds(), p.deletes() - 1, p.sinceNanos(), Set.copyOf(rest));
        });
    }

    /** Forgets {@code key} (its owner is gone). */
    public void forget(K key) {
        pending.remove(key);
    }
}
