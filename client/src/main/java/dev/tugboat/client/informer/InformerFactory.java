package dev.tugboat.client.informer;

import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ResourceClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hands out one shared informer per (resource, representation, options), so that the controllers of a
 * process share caches and watches (client-go's SharedInformerFactory). Informers asked for before
 * {@link #start()} start with it; later ones start at once. Thread-safe.
 *
 * <p>The common case, {@link #informer(GroupVersionResource)}, is every object of every namespace with
 * {@code metadata.managedFields} stripped ({@link #SHARED}) and no informer-wide resync: a controller
 * that wants periodic resyncs asks for them per handler
 * ({@link SharedInformer#addEventHandler(ResourceEventHandler, java.time.Duration)}), so that one cache
 * per resource serves every controller. Writing a cached object back whole is safe: the API server keeps
 * the stored managedFields when an update omits them.
 *
 * <p>Whoever creates the factory starts and closes it; the controllers handed it only register
 * handlers and indexes.
 */
public final class InformerFactory implements AutoCloseable {

    /** The options of {@link #informer(GroupVersionResource)}: everything, without managedFields. */
    public static final InformerOptions SHARED =
            InformerOptions.ALL.withTransform(InformerOptions.STRIP_MANAGED_FIELDS);

    private record Key(GroupVersionResource gvr, boolean metadataOnly, InformerOptions options) {
    }

    private final ApiClient api;
    private final Clock clock;
    private final Map<Key, SharedInformer> informers = new LinkedHashMap<>();
    private boolean started;
    private boolean closed;

    public InformerFactory(ApiClient api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    /** Full objects (without managedFields) of every namespace: the one shared informer of {@code gvr}. */
    public SharedInformer informer(GroupVersionResource gvr) {
        return informer(gvr, SHARED);
    }

    /**
     * An informer with other options (e.g. a label selector); shared only with callers passing equal
     * options (the transform compares by identity, so use constants).
     */
    public SharedInformer informer(GroupVersionResource gvr, InformerOptions options) {
        return get(new Key(gvr, false, options));
    }

    /** Metadata only ({@code PartialObjectMetadata}, without managedFields) of every namespace. */
    public SharedInformer metadataInformer(GroupVersionResource gvr) {
        return get(new Key(gvr, true, SHARED));
    }

    /**
     * The shared informer of {@code gvr} ({@link #informer(GroupVersionResource)}) if someone asked for it
     * already: for a reader content with whatever representation is cached anyway, such as the garbage
     * collector, which otherwise watches metadata only (upstream's object-or-metadata informer factory).
     */
    public synchronized Optional<SharedInformer> existingInformer(GroupVersionResource gvr) {
        return Optional.ofNullable(informers.get(new Key(gvr, false, SHARED)));
    }

    /** The informers handed out so far, by label (e.g. {@code pods/v1}), for tests and diagnostics. */
    public synchronized List<String> informerNames() {
        return informers.keySet().stream()
                .map(k -> k.gvr().resource() + (k.gvr().group().isEmpty() ? "" : "." + k.gvr().group()) + "/"
                        + k.gvr().version() + (k.metadataOnly() ? "(metadata)" : "")
                        + (k.options().equals(SHARED) ? "" : " " + describe(k.options())))
                .toList();
    }

    private static String describe(InformerOptions o) {
        return "[namespace=" + o.namespace() + ",labels=" + o.labelSelector() + ",fields=" + o.fieldSelector()
                + ",resync=" + o.resyncPeriod() + (o.transform() == InformerOptions.STRIP_MANAGED_FIELDS ? "" :
                ",managedFields") + "]";
    }

    private synchronized SharedInformer get(Key key) {
        if (closed) {
            throw new IllegalStateException("informer factory is closed");
        }
        return informers.computeIfAbsent(key, k -> {
            ResourceClient c = api.resource(k.gvr());
            SharedInformer inf = new SharedInformer(k.metadataOnly() ? c.metadataOnly() : c, k.options(), clock);
            if (started) {
                inf.start();
            }
            return inf;
        });
    }

    /** Starts every informer handed out so far, and every later one as it is created. */
    public synchronized void start() {
        started = true;
        informers.values().forEach(SharedInformer::start);
    }

    @Override
    public void close() {
        List<SharedInformer> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(informers.values());
        }
        all.forEach(SharedInformer::close);
    }
}
