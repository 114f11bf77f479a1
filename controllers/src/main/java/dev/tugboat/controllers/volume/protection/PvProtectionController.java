package dev.tugboat.controllers.volume.protection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Controller;
import dev.tugboat.client.controller.Result;
import dev.tugboat.client.informer.HandlerRegistration;
import dev.tugboat.client.informer.InformerFactory;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.informer.ResourceEventHandler;
import dev.tugboat.client.informer.SharedInformer;
import dev.tugboat.client.queue.WorkQueue;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.controllers.volume.VolumeAnnotations;
import dev.tugboat.controllers.volume.VolumeObjects;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's pv-protection controller: every volume carries the {@code kubernetes.io/pv-protection}
 * finalizer; a deleted volume keeps it while its phase is Bound (the PersistentVolume controller moves it
 * to Released when its claim goes) and loses it after.
 */
public final class PvProtectionController implements AutoCloseable {

    private static final GroupVersionResource PVS = new GroupVersionResource("", "v1", "persistentvolumes");
    private static final String FINALIZER = VolumeAnnotations.PV_PROTECTION_FINALIZER;

    private final ResourceClient pvs;
    private final InformerFactory informers;
    private final boolean ownsInformers;
    private final SharedInformer informer;
    private final HandlerRegistration registration;
    private final WorkQueue<String> queue;
    private final Controller<String> controller;

    /** With informers of its own. */
    public PvProtectionController(ApiClient api, Clock clock, ProtectionControllerConfig config) {
        this(api, clock, config, new InformerFactory(api, clock), true);
    }

    /** With the informers of a shared factory (which the caller starts and closes). */
    public PvProtectionController(ApiClient api, Clock clock, ProtectionControllerConfig config,
                                  InformerFactory informers) {
        this(api, clock, config, informers, false);
    }

    private PvProtectionController(ApiClient api, Clock clock, ProtectionControllerConfig config,
                                   InformerFactory informers, boolean ownsInformers) {
        this.informers = informers;
        this.ownsInformers = ownsInformers;
        this.pvs = api.resource(PVS);
        this.informer = informers.informer(PVS);
        this.queue = WorkQueue.withDefaultRateLimiter(clock);
        this.registration = informer.addEventHandler(ResourceEventHandler.onAnyChange(pv -> {
            boolean has = Meta.finalizers(pv).contains(FINALIZER);
            if (Meta.isDeleting(pv) ? has : !has) {
                queue.add(Meta.name(pv));
            }
        }), config.resyncPeriod());
        this.controller = new Controller<>("pv-protection", queue, this::sync, config.workers(),
                List.of(registration::hasSynced));
    }

    private Result sync(String name) {
        Optional<ObjectNode> cached = informer.cache().get(new ObjectKey("", name));
        if (cached.isEmpty()) {
            return Result.done();
        }
        ObjectNode pv = cached.get();
        if (!Meta.isDeleting(pv)) {
            VolumeObjects.write(pvs, pv, cur -> Meta.isDeleting(cur) || !VolumeObjects.addFinalizer(cur, FINALIZER)
                    ? null : cur);
        } else if (!isBeingUsed(pv)) {
            VolumeObjects.write(pvs, pv, cur -> isBeingUsed(cur) || !VolumeObjects.removeFinalizer(cur, FINALIZER)
                    ? null : cur);
        }
        return Result.done();
    }

    private static boolean isBeingUsed(ObjectNode pv) {
        return "Bound".equals(pv.path("status").path("phase").asText(""));
    }

    public void start() {
        if (ownsInformers) {
            informers.start();
        }
        controller.start();
    }

    /** True once volumes are cached and the workers may run. */
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
