package dev.tugboat.apiserver.watchcache;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * The in-memory state of one resource (all objects under one storage prefix) plus a window of recent
 * events, as upstream's watch cache: lists and gets are served from {@link #objects}, watches replay
 * from the event window and then follow live changes.
 *
 * <p>Only the {@link CacheSet} dispatcher thread mutates a cache; readers take a read lock for
 * consistent snapshots.
 */
public final class ResourceCache {

    /** Events always kept, whatever their age. */
    static final int MIN_EVENTS = 1_000;
    /** Events never exceeded. */
    static final int MAX_EVENTS = 50_000;
    /** Events younger than this are kept (up to {@link #MAX_EVENTS}); upstream's event window is 75 s. */
    static final Duration RETENTION = Duration.ofSeconds(75);

    private record TimedEvent(CacheEvent event, Instant at) {
    }

    private final String prefix;
    private final CacheSet owner;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<String, CachedObject> objects = new TreeMap<>();
    private final ArrayDeque<TimedEvent> events = new ArrayDeque<>();
    private final List<CacheWatcher> watchers = new CopyOnWriteArrayList<>();
    /** Watches from any revision at or after this can be replayed. */
    private long horizon;
    /** The revision of the last event applied to this cache. */
    private long lastApplied;

    ResourceCache(String prefix, CacheSet owner, long horizon) {
        this.prefix = prefix;
        this.owner = owner;
        this.horizon = horizon;
        this.lastApplied = horizon;
    }

    public String prefix() {
        return prefix;
    }

    /** Loads initial state (startup only, before any event). */
    void load(CachedObject obj) {
        objects.put(obj.key(), obj);
    }

    /** Applies one event (dispatcher thread only) and fans it out to watchers. */
    void apply(CacheEvent event, Instant now) {
        lock.writeLock().lock();
        try {
            if (event.type() == CacheEvent.Type.PUT) {
                objects.put(event.object().key(), event.object());
            } else {
                objects.remove(event.object().key());
            }
            lastApplied = event.revision();
            events.addLast(new TimedEvent(event, now));
            evict(now);
            for (CacheWatcher w : watchers) {
                if (!w.offer(new CacheWatcher.Event(event))) {
                    watchers.remove(w);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void evict(Instant now) {
        Instant cutoff = now.minus(RETENTION);
        while (events.size() > MAX_EVENTS
                || (events.size() > MIN_EVENTS && events.peekFirst().at().isBefore(cutoff))) {
            horizon = events.removeFirst().event().revision();
        }
    }

    /** Sends a bookmark to every watcher (dispatcher thread only, between batches). */
    void bookmark(long revision) {
        lock.readLock().lock();
        try {
            for (CacheWatcher w : watchers) {
                if (!w.offer(new CacheWatcher.Bookmark(revision))) {
                    watchers.remove(w);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A consistent view: matching objects in key order and the revision they reflect. */
    /**
     * A page of a list.
     *
     * @param remaining how many objects follow the page, when that is known: the filter was
     *                  {@link #ALL} and the page was cut short; -1 otherwise
     */
    public record Snapshot(List<CachedObject> items, long revision, long remaining) {
    }

    /** The filter of lists without selectors; only for it can a page tell how many objects remain. */
    public static final Predicate<CachedObject> ALL = o -> true;

    /**
     * The objects whose keys start with {@code keyPrefix} (a namespace's objects, or all), from
     * {@code startKey} (inclusive; empty for the first), matching {@code filter}, at most {@code limit}
     * (0 = all).
     */
    public Snapshot list(String keyPrefix, String startKey, Predicate<CachedObject> filter, int limit,
                         boolean[] more) {
        lock.readLock().lock();
        try {
            String from = startKey.isEmpty() ? keyPrefix : startKey;
            NavigableMap<String, CachedObject> tail = objects.tailMap(from, true);
            List<CachedObject> out = new ArrayList<>();
            more[0] = false;
            for (Map.Entry<String, CachedObject> e : tail.entrySet()) {
                if (!e.getKey().startsWith(keyPrefix)) {
                    break;
                }
                if (!filter.test(e.getValue())) {
                    continue;
                }
                if (limit > 0 && out.size() == limit) {
                    more[0] = true;
                    break;
                }
                out.add(e.getValue());
            }
            long remaining = -1;
            if (more[0] && filter == ALL) {
                remaining = objects.subMap(out.get(out.size() - 1).key(), false, keyPrefix + Character.MAX_VALUE, false)
                        .size();
            }
            return new Snapshot(out, Math.max(lastApplied, owner.revision()), remaining);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** One object by key, or null. */
    public CachedObject get(String key) {
        lock.readLock().lock();
        try {
            return objects.get(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The current revision of this cache's view. */
    public long revision() {
        lock.readLock().lock();
        try {
            return Math.max(lastApplied, owner.revision());
        } finally {
            lock.readLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return objects.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The result of starting a watch: what to send first, then the live watcher. */
    public record WatchStart(List<CacheEvent> replay, List<CachedObject> initial, long revision,
                             CacheWatcher watcher) {
    }

    /**
     * Starts a watch for events after {@code fromRevision}.
     *
     * @return null if {@code fromRevision} is older than the event window (the caller answers 410)
     */
    public WatchStart watchFrom(long fromRevision) {
        lock.writeLock().lock();
        try {
            if (fromRevision < horizon) {
                return null;
            }
            List<CacheEvent> replay = new ArrayList<>();
            Iterator<TimedEvent> it = events.descendingIterator();
            while (it.hasNext()) {
                CacheEvent e = it.next().event();
                if (e.revision() <= fromRevision) {
                    break;
                }
                replay.add(e);
            }
            java.util.Collections.reverse(replay);
            CacheWatcher w = new CacheWatcher(this);
            watchers.add(w);
            return new WatchStart(replay, List.of(), Math.max(lastApplied, owner.revision()), w);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Starts a watch that begins with the current state (resourceVersion "0" or unset). */
    public WatchStart watchFromCurrentState(String keyPrefix) {
        lock.writeLock().lock();
        try {
            List<CachedObject> initial = new ArrayList<>();
            for (CachedObject o : objects.tailMap(keyPrefix, true).values()) {
                if (!o.key().startsWith(keyPrefix)) {
                    break;
                }
                initial.add(o);
            }
            CacheWatcher w = new CacheWatcher(this);
            watchers.add(w);
            return new WatchStart(List.of(), initial, Math.max(lastApplied, owner.revision()), w);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The oldest revision a watch can start from. */
    public long horizon() {
        lock.readLock().lock();
        try {
            return horizon;
        } finally {
            lock.readLock().unlock();
        }
    }

    void removeWatcher(CacheWatcher w) {
        watchers.remove(w);
    }

    void terminateWatchers(String reason) {
        for (CacheWatcher w : watchers) {
            w.terminate(reason);
        }
        watchers.clear();
    }

    Collection<CacheWatcher> watchers() {
        return watchers;
    }
}
