package dev.tugboat.controllers.volume.protection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Controller;
import dev.tugboat.client.controller.Result;
import dev.tugboat.client.informer.HandlerRegistration;
import dev.tugboat.client.informer.IndexFunction;
import dev.tugboat.client.informer.InformerFactory;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.informer.ResourceEventHandler;
import dev.tugboat.client.informer.SharedInformer;
import dev.tugboat.client.queue.WorkQueue;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.controllers.volume.VolumeAnnotations;
import dev.tugboat.controllers.volume.VolumeObjects;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's pvc-protection controller: every claim carries the {@code kubernetes.io/pvc-protection}
 * finalizer; a deleted claim keeps it while a scheduled pod uses the claim ({@link ClaimUsers}), and
 * loses it (so the API server removes the claim) once no such pod is left. Before letting a claim go it
 * asks the API server, not only its cache, as upstream does, so that a pod too new for the cache still
 * holds the claim.
 */
public final class PvcProtectionController implements AutoCloseable {

    private static final GroupVersionResource PVCS = new GroupVersionResource("", "v1", "persistentvolumeclaims");
    private static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    private static final String BY_CLAIM = "pvc-protection/claimsInUse";
    private static final IndexFunction CLAIMS_IN_USE = ClaimUsers::claimsInUse;
    private static final String FINALIZER = VolumeAnnotations.PVC_PROTECTION_FINALIZER;

    private final ResourceClient pvcs;
    private final ResourceClient pods;
    private final InformerFactory informers;
    private final boolean ownsInformers;
    private final SharedInformer claimInformer;
    private final SharedInformer podInformer;
    private final List<HandlerRegistration> registrations;
    private final WorkQueue<ObjectKey> queue;
    private final Controller<ObjectKey> controller;

    /** With informers of its own. */
    public PvcProtectionController(ApiClient api, Clock clock, ProtectionControllerConfig config) {
        this(api, clock, config, new InformerFactory(api, clock), true);
    }

    /** With the informers of a shared factory (which the caller starts and closes). */
    public PvcProtectionController(ApiClient api, Clock clock, ProtectionControllerConfig config,
                                   InformerFactory informers) {
        this(api, clock, config, informers, false);
    }

    private PvcProtectionController(ApiClient api, Clock clock, ProtectionControllerConfig config,
                                    InformerFactory informers, boolean ownsInformers) {
        this.informers = informers;
        this.ownsInformers = ownsInformers;
        this.pvcs = api.resource(PVCS);
        this.pods = api.resource(PODS);
        this.claimInformer = informers.informer(PVCS);
        this.podInformer = informers.informer(PODS);
        podInformer.addIndex(BY_CLAIM, CLAIMS_IN_USE);
        this.queue = WorkQueue.withDefaultRateLimiter(clock);
        this.registrations = List.of(
                // Resyncs of the claims suffice: a pod's resync would only recheck its deleting claims.
                claimInformer.addEventHandler(ResourceEventHandler.onAnyChange(this::claimChanged),
                        config.resyncPeriod()),
                podInformer.addEventHandler(ResourceEventHandler.onAnyChange(this::podChanged)));
        this.controller = new Controller<>("pvc-protection", queue, this::sync, config.workers(),
                registrations.stream().map(r -> (java.util.function.BooleanSupplier) r::hasSynced).toList());
    }

    private void claimChanged(ObjectNode pvc) {
        boolean has = Meta.finalizers(pvc).contains(FINALIZER);
        if (Meta.isDeleting(pvc) ? has : !has) {
            queue.add(ObjectKey.of(pvc));
        }
    }

    /** A pod that appears, changes or goes may release (or start using) its claims. */
    private void podChanged(ObjectNode pod) {
        for (String claim : ClaimUsers.referencedClaims(pod)) {
            int slash = claim.indexOf('/');
            ObjectKey key = new ObjectKey(claim.substring(0, slash), claim.substring(slash + 1));
            claimInformer.cache().get(key).filter(Meta::isDeleting).ifPresent(c -> queue.add(key));
        }
    }

    private Result sync(ObjectKey key) {
        Optional<ObjectNode> cached = claimInformer.cache().get(key);
        if (cached.isEmpty()) {
            return Result.done();
        }
        ObjectNode pvc = cached.get();
        if (!Meta.isDeleting(pvc)) {
            VolumeObjects.write(pvcs, pvc, cur -> Meta.isDeleting(cur) || !VolumeObjects.addFinalizer(cur, FINALIZER)
                    ? null : cur);
            return Result.done();
        }
        if (!Meta.finalizers(pvc).contains(FINALIZER) || isBeingUsed(key)) {
            return Result.done();
        }
        VolumeObjects.write(pvcs, pvc, cur -> VolumeObjects.removeFinalizer(cur, FINALIZER) ? cur : null);
        return Result.done();
    }

    private boolean isBeingUsed(ObjectKey key) {
        if (!podInformer.cache().byIndex(BY_CLAIM, key.toString()).isEmpty()) {
            return true;
        }
        return pods.list(key.namespace(), ListOptions.ALL).items().stream()
                .anyMatch(p -> ClaimUsers.claimsInUse(p).contains(key.toString()));
    }

    public void start() {
        if (ownsInformers) {
            informers.start();
        }
        controller.start();
    }

    /** True once claims and pods are cached and the workers may run. */
    public boolean isSynced() {
        return registrations.stream().allMatch(HandlerRegistration::hasSynced);
    }

    @Override
    public void close() {
        controller.close();
        if (ownsInformers) {
            informers.close();
        }
    }
}
