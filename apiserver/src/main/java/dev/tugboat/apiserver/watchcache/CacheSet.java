package dev.tugboat.apiserver.watchcache;

import dev.tugboat.store.CompactedException;
import dev.tugboat.store.KeyValue;
import dev.tugboat.store.RangeResult;
import dev.tugboat.store.Store;
import dev.tugboat.store.StoreException;
import dev.tugboat.store.Watch;
import dev.tugboat.store.WatchEvent;
import dev.tugboat.store.WatchListener;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All watch caches of one API server, fed by a single store watch on {@code /registry/}. Events are
 * routed to a {@link ResourceCache} per resource prefix ({@code /registry/<group>/<resource>/}),
 * created on first use, so every resource — built-in or custom — is served from memory.
 *
 * <p>{@link #revision()} is the store revision up to which every event has been applied to every
 * cache; a consistent read waits until it reaches the store's current revision.
 */
public final class CacheSet implements WatchListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CacheSet.class);
    public static final String ROOT = "/registry/";
    private static final int LOAD_PAGE = 2_000;

    private final Store store;
    private final Clock clock;
    private final ConcurrentHashMap<String, ResourceCache> caches = new ConcurrentHashMap<>();
    private final Object revisionLock = new Object();
    private final Object dispatchLock = new Object();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "watch-cache-bookmarks");
        t.setDaemon(true);
        return t;
    });
    private volatile long revision;
    private volatile long startRevision;
    private volatile boolean failed;
    private Watch watch;

    public CacheSet(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Loads every object and starts following changes. Blocks until loaded. */
    public void start() {
        RangeResult page = store.range(ROOT, "", 0, LOAD_PAGE);
        long rev = page.revision();
        while (true) {
            for (KeyValue kv : page.kvs()) {
                cacheFor(kv.key(), rev).load(ObjectDecoder.decode(kv));
            }
            if (!page.more()) {
                break;
            }
            String last = page.kvs().get(page.kvs().size() - 1).key();
            page = store.range(ROOT, last + "\0", rev, LOAD_PAGE);
        }
        startRevision = rev;
        revision = rev;
        watch = store.watch(ROOT, rev + 1, this);
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        LOG.info("watch cache loaded {} resources at revision {}", caches.size(), rev);
    }

    /** The cache of the resource whose keys start with {@code prefix} (created empty if unseen). */
    public ResourceCache cache(String prefix) {
        return caches.computeIfAbsent(prefix, p -> new ResourceCache(p, this, startRevision));
    }

    private ResourceCache cacheFor(String key, long horizon) {
        String prefix = resourcePrefix(key);
        return caches.computeIfAbsent(prefix, p -> new ResourceCache(p, this, horizon));
    }

    /** {@code /registry/<group>/<resource>/} of a key. */
    static String resourcePrefix(String key) {
        int first = key.indexOf('/', ROOT.length());
        if (first < 0) {
            return key;
        }
        int second = key.indexOf('/', first + 1);
        return second < 0 ? key.substring(0, first + 1) : key.substring(0, second + 1);
    }

    public long revision() {
        return revision;
    }

    /** Whether the store watch broke (the server should be considered unhealthy). */
    public boolean failed() {
        return failed;
    }

    /**
     * Waits until every event up to {@code rev} has been applied.
     *
     * @return false on timeout
     */
    public boolean awaitRevision(long rev, Duration timeout) throws InterruptedException {
        if (revision >= rev) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (revisionLock) {
            while (revision < rev) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(revisionLock, left);
            }
        }
        return true;
    }

    /** Waits until the caches reflect everything the store has acknowledged so far. */
    public boolean awaitFresh(Duration timeout) throws InterruptedException {
        return awaitRevision(store.currentRevision(), timeout);
    }

    @Override
    public void onEvents(List<WatchEvent> events) {
        synchronized (dispatchLock) {
            java.time.Instant now = clock.instant();
            long last = revision;
            for (WatchEvent e : events) {
                switch (e) {
                    case WatchEvent.Put put -> {
                        CachedObject obj = ObjectDecoder.decode(put.kv());
                        CachedObject prev = cacheFor(put.kv().key(), startRevision).get(put.kv().key());
                        cacheFor(put.kv().key(), startRevision)
                                .apply(new CacheEvent(CacheEvent.Type.PUT, obj, prev, e.revision()), now);
                    }
                    case WatchEvent.Delete del -> {
                        ResourceCache c = cacheFor(del.prev().key(), startRevision);
                        CachedObject prev = c.get(del.prev().key());
                        if (prev == null) {
                            prev = ObjectDecoder.decode(del.prev());
                        }
                        c.apply(new CacheEvent(CacheEvent.Type.DELETE, ObjectDecoder.deleted(prev, del.revision()),
                                prev, del.revision()), now);
                    }
                    case WatchEvent.Progress p -> {
                        if (!store.progressIsOrdered()) {
                            // Not proof of freshness on this backend: events alone advance the revision.
                            continue;
                        }
                    }
                }
                last = Math.max(last, e.revision());
            }
            setRevision(last);
        }
    }

    private void setRevision(long rev) {
        synchronized (revisionLock) {
            if (rev > revision) {
                revision = rev;
            }
            revisionLock.notifyAll();
        }
    }

    @Override
    public void onError(StoreException error) {
        // The store watch ended: without it the caches go stale, so stop serving from them.
        failed = true;
        LOG.error("watch cache lost its store watch", error);
        for (ResourceCache c : caches.values()) {
            c.terminateWatchers(error instanceof CompactedException ? "store history compacted" : "store failed");
        }
    }

    /** Periodic: ask the store for progress (so idle caches learn the revision) and bookmark watchers. */
    private void tick() {
        try {
            Watch w = watch;
            if (w != null) {
                w.requestProgress();
            }
            synchronized (dispatchLock) {
                long rev = revision;
                for (ResourceCache c : caches.values()) {
                    if (!c.watchers().isEmpty()) {
                        c.bookmark(rev);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("watch cache tick failed", e);
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        if (watch != null) {
            watch.close();
        }
        for (ResourceCache c : caches.values()) {
            c.terminateWatchers("server shutting down");
        }
    }
}
