package dev.tugboat.client.informer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.WatchEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local, continuously updated copy of one resource (client-go's SharedIndexInformer): a
 * {@link Reflector} lists and watches the server, each change is applied to the {@link Cache} and then
 * handed to every registered {@link ResourceEventHandler}.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>The cache only moves forward: it reflects the server's state at the newest revision applied,
 *       never a mix of older states. After a re-list, objects missing from the new list are delivered as
 *       deletes with {@code finalStateUnknown}.</li>
 *   <li>Each handler sees the changes in the order they were applied, one call at a time, on its own
 *       thread; it may lag behind the cache but never sees a state the cache has not had.</li>
 *   <li>A handler added after start first receives the cached objects as adds.</li>
 *   <li>{@link #hasSynced()} turns true once the first complete list is in the cache and stays true.</li>
 *   <li>A handler with a resync period gets every cached object again, as an update with itself, each
 *       period after start (client-go's AddEventHandlerWithResyncPeriod); other handlers are not
 *       disturbed by it.</li>
 * </ul>
 *
 * <p>Thread-safe. Lifecycle: construct, add indexes, {@link #start()}, {@link #close()}; handlers may be
 * added at any time before close.
 */
public final class SharedInformer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedInformer.class);

    private final InformerOptions options;
    private final Clock clock;
    private final String name;
    private final Indexer indexer = new Indexer();
    /** Serializes cache writes with the fan-out to listeners, so every listener sees one order. */
    private final ReentrantLock applyLock = new ReentrantLock();
    private final List<Listener> listeners = new ArrayList<>();
    private final CountDownLatch synced = new CountDownLatch(1);
    private final Reflector reflector;
    private volatile boolean started;
    private volatile boolean closed;

    /** An informer of a resource through a client, in {@code options.namespace()}. */
    public SharedInformer(ResourceClient client, InformerOptions options, Clock clock) {
        this(label(client) + (options.namespace().isEmpty() ? "" : "@" + options.namespace()),
                ListerWatcher.of(client, options.namespace()), options, clock);
    }

    /**
     * An informer over any list + watch source (tests use a fake one).
     *
     * @param name for thread names and logs
     */
    public SharedInformer(String name, ListerWatcher lw, InformerOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
        this.name = name;
        this.reflector = new Reflector(lw, options, clock, new Sink(), name);
    }

    /** {@code deployments.apps/v1} style label of a resource client, for thread names and logs. */
    private static String label(ResourceClient c) {
        var gvr = c.resource();
        return gvr.resource() + (gvr.group().isEmpty() ? "" : "." + gvr.group()) + "/" + gvr.version()
                + (c.isMetadataOnly() ? "(metadata)" : "");
    }

    /**
     * Adds a secondary index (e.g. pods by node name), queried with {@link Cache#byIndex}.
     * Allowed at any time; objects already cached are indexed at once. Idempotent for the same name and
     * the same function (share the function through a constant); another function under a name already
     * taken throws {@link IllegalArgumentException}, so controllers sharing an informer give their own
     * indexes names of their own.
     */
    public void addIndex(String indexName, IndexFunction fn) {
        indexer.addIndex(indexName, fn);
    }

    /**
     * Registers a handler with the informer's own resync period ({@link InformerOptions#resyncPeriod()});
     * if objects are cached already they are delivered to it first as adds.
     */
    public HandlerRegistration addEventHandler(ResourceEventHandler handler) {
        return addEventHandler(handler, options.resyncPeriod());
    }

    /**
     * Registers a handler that, every {@code resyncPeriod} (zero for never) once the informer has started,
     * is handed every cached object again as an update with itself; only this handler sees those
     * updates. If objects are cached already they are delivered to it first as adds.
     */
    public HandlerRegistration addEventHandler(ResourceEventHandler handler, Duration resyncPeriod) {
        Listener l = new Listener(handler, name, resyncPeriod);
        applyLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("informer " + name + " is closed");
            }
            for (ObjectNode obj : indexer.list()) {
                l.enqueue(new Listener.Add(obj, true));
            }
            if (hasSynced()) {
                l.markSyncPoint();
            }
            listeners.add(l);
            l.start();
            if (started) {
                scheduleResync(l);
            }
        } finally {
            applyLock.unlock();
        }
        return l;
    }

    /**
     * Unregisters a handler added to this informer (client-go's RemoveEventHandler): it gets nothing
     * more, its resyncs stop and its thread ends. Idempotent; other handlers are unaffected.
     */
    public void removeEventHandler(HandlerRegistration registration) {
        Listener l;
        applyLock.lock();
        try {
            if (!(registration instanceof Listener listener) || !listeners.remove(listener)) {
                return;
            }
            l = listener;
            l.cancelResync();
        } finally {
            applyLock.unlock();
        }
        l.stop();
    }

    /** Starts listing and watching. Idempotent. */
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        reflector.start();
        applyLock.lock();
        try {
            started = true;
            listeners.forEach(this::scheduleResync);
        } finally {
            applyLock.unlock();
        }
    }

    /** The local cache (read-only). */
    public Cache cache() {
        return indexer;
    }

    /** True once the first complete list has been applied to the cache. */
    public boolean hasSynced() {
        return synced.getCount() == 0;
    }

    /** Waits until {@link #hasSynced()}; returns false on timeout. */
    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        return synced.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The resourceVersion of the newest change applied ("" before the first list). */
    public String lastSyncResourceVersion() {
        return reflector.lastResourceVersion();
    }

    /** Stops the watch and the handler threads and waits for them to end. Idempotent. */
    @Override
    public void close() {
        List<Listener> toStop;
        applyLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            toStop = List.copyOf(listeners);
            toStop.forEach(Listener::cancelResync);
        } finally {
            applyLock.unlock();
        }
        reflector.stop();
        toStop.forEach(Listener::stop);
        try {
            reflector.join();
            for (Listener l : toStop) {
                l.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Schedules the next resync of {@code l}, if it has a period (the caller holds the apply lock). */
    private void scheduleResync(Listener l) {
        if (l.resyncs() && !closed) {
            l.resyncTimer(clock.schedule(l.resyncPeriod(), () -> resync(l)));
        }
    }

    /** Every cached object to {@code l} as an update with itself, then its next resync. */
    private void resync(Listener l) {
        applyLock.lock();
        try {
            if (closed) {
                return;
            }
            if (hasSynced()) {
                for (ObjectNode obj : indexer.list()) {
                    l.enqueue(new Listener.Update(obj, obj));
                }
            }
            scheduleResync(l);
        } finally {
            applyLock.unlock();
        }
    }

    private void fanOut(Listener.Notification n) {
        for (Listener l : listeners) {
            l.enqueue(n);
        }
    }

    /** Applies the reflector's lists and events to the cache and the listeners. */
    private final class Sink implements Reflector.Sink {

        @Override
        public void replace(List<ObjectNode> items, String resourceVersion) {
            applyLock.lock();
            try {
                boolean initial = !hasSynced();
                List<ObjectNode> transformed = items.stream().map(options.transform()).toList();
                Map<ObjectKey, ObjectNode> fresh = new HashMap<>();
                for (ObjectNode obj : transformed) {
                    fresh.put(ObjectKey.of(obj), obj);
                }
                for (ObjectKey k : indexer.keys()) {
                    if (!fresh.containsKey(k)) {
                        ObjectNode gone = indexer.remove(k);
                        fanOut(new Listener.Delete(gone, true));
                    }
                }
                for (ObjectNode obj : transformed) {
                    ObjectNode old = indexer.put(obj);
                    if (old == null) {
                        fanOut(new Listener.Add(obj, initial));
                    } else if (!Meta.resourceVersion(old).equals(Meta.resourceVersion(obj))) {
                        fanOut(new Listener.Update(old, obj));
                    }
                }
                if (initial) {
                    listeners.forEach(Listener::markSyncPoint);
                    synced.countDown();
                    LOG.debug("{}: synced {} objects at resourceVersion {}", name, items.size(), resourceVersion);
                }
            } finally {
                applyLock.unlock();
            }
        }

        @Override
        public void apply(WatchEvent event) {
            applyLock.lock();
            try {
                ObjectNode obj = options.transform().apply(event.object());
                switch (event.type()) {
                    case ADDED, MODIFIED -> {
                        ObjectNode old = indexer.put(obj);
                        fanOut(old == null ? new Listener.Add(obj, false) : new Listener.Update(old, obj));
                    }
                    case DELETED -> {
                        indexer.remove(ObjectKey.of(obj));
                        fanOut(new Listener.Delete(obj, false));
                    }
                    default -> throw new IllegalStateException("not a state change: " + event.type());
                }
            } finally {
                applyLock.unlock();
            }
        }
    }
}
