package dev.tugboat.client.informer;

import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ResourceClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands out one shared informer per (resource, representation, options), so that the controllers of a
 * process share caches and watches (client-go's SharedInformerFactory). Informers asked for before
 * {@link #start()} start with it; later ones start at once. Thread-safe.
 */
public final class InformerFactory implements AutoCloseable {

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

    /** Full objects of every namespace. */
    public SharedInformer informer(GroupVersionResource gvr) {
        return informer(gvr, InformerOptions.ALL);
    }

    public SharedInformer informer(GroupVersionResource gvr, InformerOptions options) {
        return get(new Key(gvr, false, options));
    }

    /** Metadata only ({@code PartialObjectMetadata}) of every namespace. */
    public SharedInformer metadataInformer(GroupVersionResource gvr) {
        return get(new Key(gvr, true, InformerOptions.ALL));
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
