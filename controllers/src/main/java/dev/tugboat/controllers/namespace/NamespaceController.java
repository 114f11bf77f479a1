package dev.tugboat.controllers.namespace;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Controller;
import dev.tugboat.client.controller.Result;
import dev.tugboat.client.informer.HandlerRegistration;
import dev.tugboat.client.informer.InformerFactory;
import dev.tugboat.client.informer.ResourceEventHandler;
import dev.tugboat.client.informer.SharedInformer;
import dev.tugboat.client.queue.WorkQueue;
import dev.tugboat.client.rest.ApiClient;
import java.time.Duration;
import java.util.List;

/**
 * The namespace controller (upstream's pkg/controller/namespace): when a namespace is marked for
 * deletion, deletes everything in it and then removes its {@code kubernetes} finalizer so that the API
 * server can delete it. Event handlers queue the names of terminating namespaces; the work is done by
 * {@link NamespacedResourcesDeleter}; content that is slow to go (finalizers, grace periods) is looked
 * at again after about half its estimate.
 */
public final class NamespaceController implements AutoCloseable {

    private static final GroupVersionResource NAMESPACES = new GroupVersionResource("", "v1", "namespaces");

    private final NamespaceControllerConfig config;
    private final InformerFactory informers;
    private final boolean ownsInformers;
    private final SharedInformer informer;
    private final HandlerRegistration registration;
    private final WorkQueue<String> queue;
    private final NamespacedResourcesDeleter deleter;
    private final Controller<String> controller;

    /** With informers of its own. */
    public NamespaceController(ApiClient api, Clock clock, NamespaceControllerConfig config) {
        this(api, clock, config, new InformerFactory(api, clock), true);
    }

    /** With the informers of a shared factory (which the caller starts and closes). */
    public NamespaceController(ApiClient api, Clock clock, NamespaceControllerConfig config,
                               InformerFactory informers) {
        this(api, clock, config, informers, false);
    }

    private NamespaceController(ApiClient api, Clock clock, NamespaceControllerConfig config,
                                InformerFactory informers, boolean ownsInformers) {
        this.informers = informers;
        this.ownsInformers = ownsInformers;
        this.config = config;
        this.informer = informers.informer(NAMESPACES);
        this.queue = WorkQueue.withDefaultRateLimiter(clock);
        this.deleter = new NamespacedResourcesDeleter(api, clock);
        this.registration = informer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode obj, boolean initialList) {
                enqueue(obj);
            }

            @Override
            public void onUpdate(ObjectNode oldObj, ObjectNode newObj) {
                enqueue(newObj);
            }

            @Override
            public void onDelete(ObjectNode obj, boolean finalStateUnknown) {
                // Gone: nothing left to do.
            }
        }, config.resyncPeriod());
        this.controller = new Controller<>("namespace-controller", queue, this::sync, config.workers(),
                List.of(registration::hasSynced));
    }

    private void enqueue(ObjectNode ns) {
        if (Meta.isDeleting(ns)) {
            queue.addAfter(Meta.name(ns), config.deletionGracePeriod());
        }
    }

    private Result sync(String name) {
        try {
            deleter.delete(name);
            return Result.done();
        } catch (ResourcesRemainingException e) {
            return Result.requeueAfter(Duration.ofSeconds(e.estimateSeconds() / 2 + 1));
        }
    }

    public void start() {
        if (ownsInformers) {
            informers.start();
        }
        controller.start();
    }

    /** True once the namespaces are cached and the workers may run. */
    public boolean isSynced() {
        return registration.hasSynced();
    }

    @Override
    public void close() {
        controller.close();
        if (ownsInformers) {
            informers.close();
        }
    }
}
