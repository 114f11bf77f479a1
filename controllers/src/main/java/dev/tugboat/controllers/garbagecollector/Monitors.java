package dev.tugboat.controllers.garbagecollector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.resource.ApiResource;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.informer.HandlerRegistration;
import dev.tugboat.client.informer.InformerFactory;
import dev.tugboat.client.informer.InformerOptions;
import dev.tugboat.client.informer.ResourceEventHandler;
import dev.tugboat.client.informer.SharedInformer;
import dev.tugboat.client.rest.ApiClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One informer per monitored resource, each feeding the graph builder (upstream's monitors): the shared
 * factory's informer of the resource when other controllers cache it already (full objects, shared, so
 * that e.g. pods are cached once), else a metadata informer of its own. The set follows discovery:
 * {@link #sync} starts informers for new resources and stops those of resources that went away (for a
 * shared informer: removes its handler). Thread-safe.
 */
final class Monitors implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Monitors.class);

    /** @param owned whether this informer is the monitor's own (else the shared factory's) */
    private record Monitor(SharedInformer informer, HandlerRegistration registration, boolean owned) {

        void stop() {
            if (owned) {
                informer.close();
            } else {
                informer.removeEventHandler(registration);
            }
        }
    }

    private final ApiClient api;
    private final Clock clock;
    private final GraphBuilder builder;
    private final Optional<InformerFactory> shared;
    private final Map<GroupVersionResource, Monitor> monitors = new HashMap<>();
    private boolean started;
    private boolean closed;

    /** @param shared the factory whose existing informers to reuse (never started or closed here) */
    Monitors(ApiClient api, Clock clock, GraphBuilder builder, Optional<InformerFactory> shared) {
        this.api = api;
        this.clock = clock;
        this.builder = builder;
        this.shared = shared;
    }

    /** Makes the monitored set exactly {@code resources}; returns whether it changed. */
    boolean sync(List<ApiResource> resources) {
        List<Monitor> toStop;
        boolean changed = false;
        synchronized (this) {
            if (closed) {
                return false;
            }
            Map<GroupVersionResource, ApiResource> wanted = new HashMap<>();
            resources.forEach(r -> wanted.put(r.gvr(), r));
            toStop = monitors.entrySet().stream().filter(e -> !wanted.containsKey(e.getKey()))
                    .map(Map.Entry::getValue).toList();
            changed = monitors.keySet().retainAll(wanted.keySet());
            for (ApiResource r : resources) {
                if (!monitors.containsKey(r.gvr())) {
                    monitors.put(r.gvr(), monitor(r));
                    changed = true;
                }
            }
        }
        toStop.forEach(Monitor::stop);
        if (changed) {
            LOG.info("garbage collector monitors {} resources", resources.size());
        }
        return changed;
    }

    private Monitor monitor(ApiResource r) {
        Optional<SharedInformer> cachedAnyway = shared.flatMap(f -> f.existingInformer(r.gvr()));
        if (cachedAnyway.isPresent()) {
            return new Monitor(cachedAnyway.get(), cachedAnyway.get().addEventHandler(new Feeder(r.kind())), false);
        }
        // The graph needs owner references, finalizers and deletion state, never field ownership.
        SharedInformer informer = new SharedInformer(api.resource(r.gvr()).metadataOnly(),
                InformerOptions.ALL.withTransform(InformerOptions.STRIP_MANAGED_FIELDS), clock);
        HandlerRegistration reg = informer.addEventHandler(new Feeder(r.kind()));
        if (started) {
            informer.start();
        }
        return new Monitor(informer, reg, true);
    }

    synchronized void start() {
        started = true;
        monitors.values().stream().filter(Monitor::owned).forEach(m -> m.informer().start());
    }

    /** True when there are monitors and each has delivered its initial list to the builder. */
    synchronized boolean isSynced() {
        return !monitors.isEmpty() && monitors.values().stream().allMatch(m -> m.registration().hasSynced());
    }

    synchronized Set<GroupVersionResource> resources() {
        return Set.copyOf(monitors.keySet());
    }

    @Override
    public void close() {
        List<Monitor> all;
        synchronized (this) {
            closed = true;
            all = List.copyOf(monitors.values());
            monitors.clear();
        }
        all.forEach(Monitor::stop);
    }

    /** Turns informer notifications into graph events of one kind. */
    private final class Feeder implements ResourceEventHandler {
        private final GroupVersionKind kind;

        Feeder(GroupVersionKind kind) {
            this.kind = kind;
        }

        @Override
        public void onAdd(ObjectNode obj, boolean initialList) {
            builder.submit(new GraphEvent(GraphEvent.Type.ADD, obj, null, kind, false));
        }

        @Override
        public void onUpdate(ObjectNode oldObj, ObjectNode newObj) {
            builder.submit(new GraphEvent(GraphEvent.Type.UPDATE, newObj, oldObj, kind, false));
        }

        @Override
        public void onDelete(ObjectNode obj, boolean finalStateUnknown) {
            builder.submit(new GraphEvent(GraphEvent.Type.DELETE, obj, null, kind, false));
        }
    }
}
