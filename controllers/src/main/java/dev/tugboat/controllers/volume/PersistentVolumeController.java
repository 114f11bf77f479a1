package dev.tugboat.controllers.volume;

import static dev.tugboat.controllers.volume.VolumeObjects.hasAnnotation;
import static dev.tugboat.controllers.volume.VolumeObjects.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.api.quantity.Quantity;
import dev.tugboat.api.validation.JsonEquality;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Controller;
import dev.tugboat.client.controller.Result;
import dev.tugboat.client.events.ApiEventRecorder;
import dev.tugboat.client.events.EventRecorder;
import dev.tugboat.client.informer.HandlerRegistration;
import dev.tugboat.client.informer.IndexFunction;
import dev.tugboat.client.informer.InformerFactory;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.informer.ResourceEventHandler;
import dev.tugboat.client.informer.SharedInformer;
import dev.tugboat.client.queue.WorkQueue;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.DeleteOptions;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The PersistentVolume controller (upstream's persistentvolume "binder"), level-triggered over informers
 * of volumes, claims and StorageClasses, with one queue of claims and one of volumes:
 * <ul>
 *   <li>a pending claim is bound to the best volume ({@link VolumeMatching}): the volume's claimRef, its
 *       phase, the claim's volumeName and annotations, then the claim's status, in upstream's order, each
 *       step idempotent so that an interrupted binding is completed by the next sync;</li>
 *   <li>a claim no volume fits waits: for its first consumer (a WaitForFirstConsumer class and no
 *       {@code volume.kubernetes.io/selected-node} yet), for its class's provisioner (the claim is
 *       annotated with {@code volume.kubernetes.io/storage-provisioner}), or for an administrator;</li>
 *   <li>a volume whose claim is gone is Released and reclaimed: Retain keeps it, Delete deletes it (a
 *       dynamically provisioned one is left to its provisioner, as upstream leaves volumes to external
 *       provisioners), Recycle is not supported (Failed).</li>
 * </ul>
 * Events go to the claims and volumes as upstream's (WaitForFirstConsumer, ExternalProvisioning,
 * FailedBinding, VolumeMismatch, ProvisioningFailed, ClaimLost, ClaimMisbound, VolumeFailedRecycle).
 */
public final class PersistentVolumeController implements AutoCloseable {

    static final GroupVersionResource PVS = new GroupVersionResource("", "v1", "persistentvolumes");
    static final GroupVersionResource PVCS = new GroupVersionResource("", "v1", "persistentvolumeclaims");
    static final GroupVersionResource CLASSES = new GroupVersionResource("storage.k8s.io", "v1", "storageclasses");
    static final String COMPONENT = "persistentvolume-controller";
    private static final String BY_CLAIM = "persistentvolume-controller/byClaim";
    private static final String UNBOUND_BY_CLASS = "persistentvolume-controller/unboundByClass";
    private static final IndexFunction CLAIM_KEY = pv -> ClaimRef.of(pv).map(r -> List.of(r.key()))
            .orElse(List.of());
    private static final IndexFunction UNBOUND_CLASS = pvc -> hasAnnotation(pvc, VolumeAnnotations.BIND_COMPLETED)
            ? List.of() : List.of(Claim.classOf(pvc));

    private final Clock clock;
    private final ResourceClient pvs;
    private final ResourceClient pvcs;
    private final InformerFactory informers;
    private final boolean ownsInformers;
    private final SharedInformer volumeInformer;
    private final SharedInformer claimInformer;
    private final SharedInformer classInformer;
    private final List<HandlerRegistration> registrations;
    private final WorkQueue<String> volumeQueue;
    private final WorkQueue<ObjectKey> claimQueue;
    private final Controller<String> volumeWorkers;
    private final Controller<ObjectKey> claimWorkers;
    private final ApiEventRecorder events;

    /** With informers of its own. */
    public PersistentVolumeController(ApiClient api, Clock clock, PersistentVolumeControllerConfig config) {
        this(api, clock, config, new InformerFactory(api, clock), true);
    }

    /** With the informers of a shared factory (which the caller starts and closes). */
    public PersistentVolumeController(ApiClient api, Clock clock, PersistentVolumeControllerConfig config,
                                      InformerFactory informers) {
        this(api, clock, config, informers, false);
    }

    private PersistentVolumeController(ApiClient api, Clock clock, PersistentVolumeControllerConfig config,
                                       InformerFactory informers, boolean ownsInformers) {
        this.informers = informers;
        this.ownsInformers = ownsInformers;
        this.clock = clock;
        this.pvs = api.resource(PVS);
        this.pvcs = api.resource(PVCS);
        this.volumeInformer = informers.informer(PVS);
        this.claimInformer = informers.informer(PVCS);
        this.classInformer = informers.informer(CLASSES);
        volumeInformer.addIndex(BY_CLAIM, CLAIM_KEY);
        claimInformer.addIndex(UNBOUND_BY_CLASS, UNBOUND_CLASS);
        this.volumeQueue = WorkQueue.withDefaultRateLimiter(clock);
        this.claimQueue = WorkQueue.withDefaultRateLimiter(clock);
        this.events = new ApiEventRecorder(api, clock, COMPONENT);
        this.registrations = List.of(
                volumeInformer.addEventHandler(ResourceEventHandler.onAnyChange(this::volumeChanged),
                        config.resyncPeriod()),
                claimInformer.addEventHandler(handler(this::claimChanged, this::claimDeleted), config.resyncPeriod()),
                classInformer.addEventHandler(ResourceEventHandler.onAnyChange(this::classChanged)));
        List<java.util.function.BooleanSupplier> synced = registrations.stream()
                .map(r -> (java.util.function.BooleanSupplier) r::hasSynced).toList();
        this.volumeWorkers = new Controller<>(COMPONENT + "-volumes", volumeQueue, this::syncVolume,
                config.workers(), synced);
        this.claimWorkers = new Controller<>(COMPONENT + "-claims", claimQueue, this::syncClaim,
                config.workers(), synced);
    }

    private static ResourceEventHandler handler(Consumer<ObjectNode> changed, Consumer<ObjectNode> deleted) {
        return new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode obj, boolean initialList) {
                changed.accept(obj);
            }

            @Override
            public void onUpdate(ObjectNode oldObj, ObjectNode newObj) {
                changed.accept(newObj);
            }

            @Override
            public void onDelete(ObjectNode obj, boolean finalStateUnknown) {
                deleted.accept(obj);
            }
        };
    }

    // ------------------------------------------------------------------ event handlers

    private void volumeChanged(ObjectNode pv) {
        volumeQueue.add(Meta.name(pv));
        Optional<ClaimRef> ref = ClaimRef.of(pv);
        if (ref.isPresent()) {
            claimQueue.add(new ObjectKey(ref.get().namespace(), ref.get().name()));
        } else if ("Available".equals(pv.path("status").path("phase").asText("")) && !Meta.isDeleting(pv)) {
            // A volume that became available may be what a pending claim of its class waits for (upstream
            // finds out at the next resync).
            for (ObjectNode pvc : claimInformer.cache().byIndex(UNBOUND_BY_CLASS, Claim.classOf(pv))) {
                claimQueue.add(ObjectKey.of(pvc));
            }
        }
    }

    private void claimChanged(ObjectNode pvc) {
        claimQueue.add(ObjectKey.of(pvc));
        String volumeName = pvc.path("spec").path("volumeName").asText("");
        if (!volumeName.isEmpty()) {
            volumeQueue.add(volumeName);
        }
    }

    /** The claim's volumes are released now (upstream queues its volumeName; the index also finds pre-bound ones). */
    private void claimDeleted(ObjectNode pvc) {
        String volumeName = pvc.path("spec").path("volumeName").asText("");
        if (!volumeName.isEmpty()) {
            volumeQueue.add(volumeName);
        }
        for (ObjectNode pv : volumeInformer.cache().byIndex(BY_CLAIM, ObjectKey.of(pvc).toString())) {
            volumeQueue.add(Meta.name(pv));
        }
    }

    /** Claims of a class that appears or changes may now be provisioned or delayed differently. */
    private void classChanged(ObjectNode storageClass) {
        for (ObjectNode pvc : claimInformer.cache().byIndex(UNBOUND_BY_CLASS, Meta.name(storageClass))) {
            claimQueue.add(ObjectKey.of(pvc));
        }
    }

    // ------------------------------------------------------------------ claims

    private Result syncClaim(ObjectKey key) {
        Optional<ObjectNode> pvc = claimInformer.cache().get(key);
        if (pvc.isEmpty()) {
            return Result.done();
        }
        if (hasAnnotation(pvc.get(), VolumeAnnotations.BIND_COMPLETED)) {
            syncBoundClaim(pvc.get());
        } else {
            syncUnboundClaim(pvc.get());
        }
        return Result.done();
    }

    private void syncUnboundClaim(ObjectNode pvc) {
        Claim claim = Claim.of(pvc);
        String volumeName = pvc.path("spec").path("volumeName").asText("");
        if (volumeName.isEmpty()) {
            boolean delay = shouldDelayBinding(pvc);
            List<Volume> volumes = volumeInformer.cache().list().stream().map(Volume::of).toList();
            Optional<Volume> match = VolumeMatching.bestMatch(claim, volumes, delay);
            if (match.isPresent()) {
                bind(volumeInformer.cache().get(new ObjectKey("", match.get().name())).orElseThrow(), pvc);
                return;
            }
            if (delay) {
                events.record(VolumeObjects.claimRef(pvc), EventRecorder.NORMAL, "WaitForFirstConsumer",
                        "waiting for first consumer to be created before binding");
            } else if (!claim.storageClass().isEmpty()) {
                pvc = provisionClaim(pvc, claim);
            } else {
                events.record(VolumeObjects.claimRef(pvc), EventRecorder.NORMAL, "FailedBinding",
                        "no persistent volumes available for this claim and no storage class is set");
            }
            updateClaimStatus(pvc, "Pending", null);
            return;
        }
        // The user asked for a specific volume.
        Optional<ObjectNode> pv = volumeInformer.cache().get(new ObjectKey("", volumeName));
        if (pv.isEmpty()) {
            updateClaimStatus(pvc, "Pending", null);
            return;
        }
        Volume volume = Volume.of(pv.get());
        if (volume.claimRef().isEmpty()) {
            Optional<String> mismatch = VolumeMatching.mismatch(claim, volume);
            if (mismatch.isPresent()) {
                events.record(VolumeObjects.claimRef(pvc), EventRecorder.WARNING, "VolumeMismatch",
                        "Cannot bind to requested volume \"" + volumeName + "\": " + mismatch.get());
                updateClaimStatus(pvc, "Pending", null);
            } else {
                bind(pv.get(), pvc);
            }
        } else if (volume.isBoundTo(claim)) {
            bind(pv.get(), pvc);
        } else if (!hasAnnotation(pvc, VolumeAnnotations.BOUND_BY_CONTROLLER)) {
            // The volume the user asked for is someone else's: wait until it is free.
            updateClaimStatus(pvc, "Pending", null);
        } else {
            throw new IllegalStateException("invalid binding of claim " + claim.key() + " to volume " + volumeName
                    + ": volume already claimed by " + volume.claimRef().get().key());
        }
    }

    private void syncBoundClaim(ObjectNode pvc) {
        String volumeName = pvc.path("spec").path("volumeName").asText("");
        if (volumeName.isEmpty()) {
            updateClaimStatusWithEvent(pvc, "Lost", "ClaimLost",
                    "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!");
            return;
        }
        Optional<ObjectNode> pv = volumeInformer.cache().get(new ObjectKey("", volumeName));
        if (pv.isEmpty()) {
            updateClaimStatusWithEvent(pvc, "Lost", "ClaimLost",
                    "Bound claim has lost its PersistentVolume. Data on the volume is lost!");
            return;
        }
        Optional<ClaimRef> ref = ClaimRef.of(pv.get());
        if (ref.isEmpty() || ref.get().uid().equals(Meta.uid(pvc))) {
            // Unbound volume (or a cache behind our own write): bind again; a no-op when all is set.
            bind(pv.get(), pvc);
        } else {
            updateClaimStatusWithEvent(pvc, "Lost", "ClaimMisbound",
                    "Two claims are bound to the same volume, this one is bound incorrectly");
        }
    }

    /** Upstream's shouldDelayBinding: a WaitForFirstConsumer class, and no node selected yet. */
    private boolean shouldDelayBinding(ObjectNode pvc) {
        if (hasAnnotation(pvc, VolumeAnnotations.SELECTED_NODE)) {
            return false;
        }
        String className = Claim.classOf(pvc);
        if (className.isEmpty()) {
            return false;
        }
        return classInformer.cache().get(new ObjectKey("", className))
                .map(c -> "WaitForFirstConsumer".equals(c.path("volumeBindingMode").asText("")))
                .orElse(false);
    }

    /**
     * Asks the class's provisioner for a volume: annotates the claim with its name (both spellings, as
     * upstream) and says so in an event. Every provisioner is external to this controller.
     */
    private ObjectNode provisionClaim(ObjectNode pvc, Claim claim) {
        Optional<ObjectNode> storageClass = classInformer.cache().get(new ObjectKey("", claim.storageClass()));
        if (storageClass.isEmpty()) {
            events.record(VolumeObjects.claimRef(pvc), EventRecorder.WARNING, "ProvisioningFailed",
                    "storageclass.storage.k8s.io \"" + claim.storageClass() + "\" not found");
            return pvc;
        }
        String provisioner = storageClass.get().path("provisioner").asText("");
        ObjectNode annotated = write(pvcs, pvc, cur -> {
            if (provisioner.equals(VolumeObjects.annotation(cur, VolumeAnnotations.STORAGE_PROVISIONER))
                    && provisioner.equals(VolumeObjects.annotation(cur, VolumeAnnotations.BETA_STORAGE_PROVISIONER))) {
                return null;
            }
            VolumeObjects.setAnnotation(cur, VolumeAnnotations.STORAGE_PROVISIONER, provisioner);
            VolumeObjects.setAnnotation(cur, VolumeAnnotations.BETA_STORAGE_PROVISIONER, provisioner);
            return cur;
        });
        events.record(VolumeObjects.claimRef(pvc), EventRecorder.NORMAL, "ExternalProvisioning",
                "Waiting for a volume to be created either by the external provisioner '" + provisioner
                        + "' or manually by the system administrator. If volume creation is delayed, please verify"
                        + " that the provisioner is running and correctly registered.");
        return annotated;
    }

    // ------------------------------------------------------------------ binding

    /**
     * Binds {@code pv} and {@code pvc} to each other, in upstream's order: 1. the volume's claimRef,
     * 2. the volume's phase, 3. the claim's volumeName and annotations, 4. the claim's status. Each step
     * writes only what is missing, so a sync after a partial binding completes it.
     */
    private void bind(ObjectNode pv, ObjectNode pvc) {
        ObjectNode boundVolume = bindVolumeToClaim(pv, pvc);
        boundVolume = updateVolumePhase(boundVolume, "Bound", "");
        ObjectNode boundClaim = bindClaimToVolume(pvc, boundVolume);
        updateClaimStatus(boundClaim, "Bound", boundVolume);
    }

    private ObjectNode bindVolumeToClaim(ObjectNode pv, ObjectNode pvc) {
        Claim claim = Claim.of(pvc);
        return write(pvs, pv, cur -> {
            Volume volume = Volume.of(cur);
            if (volume.claimRef().isPresent() && !volume.isBoundTo(claim)) {
                throw new IllegalStateException("volume " + volume.name() + " is bound to another claim, "
                        + volume.claimRef().get().key());
            }
            boolean changed = false;
            ClaimRef ref = volume.claimRef().orElse(null);
            if (ref == null || !ref.uid().equals(claim.uid())) {
                ObjectNode claimRef = ((ObjectNode) cur.withObjectProperty("spec")).putObject("claimRef");
                claimRef.put("kind", "PersistentVolumeClaim").put("namespace", claim.namespace())
                        .put("name", claim.name()).put("uid", claim.uid()).put("apiVersion", "v1")
                        .put("resourceVersion", Meta.resourceVersion(pvc));
                changed = true;
            }
            if (ref == null && !hasAnnotation(cur, VolumeAnnotations.BOUND_BY_CONTROLLER)) {
                VolumeObjects.setAnnotation(cur, VolumeAnnotations.BOUND_BY_CONTROLLER, VolumeAnnotations.YES);
                changed = true;
            }
            return changed ? cur : null;
        });
    }

    private ObjectNode bindClaimToVolume(ObjectNode pvc, ObjectNode pv) {
        String volumeName = Meta.name(pv);
        return write(pvcs, pvc, cur -> {
            String current = cur.path("spec").path("volumeName").asText("");
            if (!current.isEmpty() && !current.equals(volumeName)) {
                throw new IllegalStateException("claim " + Meta.namespace(cur) + "/" + Meta.name(cur)
                        + " is bound to another volume, " + current);
            }
            boolean changed = false;
            if (current.isEmpty()) {
                cur.withObjectProperty("spec").put("volumeName", volumeName);
                if (!hasAnnotation(cur, VolumeAnnotations.BOUND_BY_CONTROLLER)) {
                    VolumeObjects.setAnnotation(cur, VolumeAnnotations.BOUND_BY_CONTROLLER, VolumeAnnotations.YES);
                }
                changed = true;
            }
            if (!hasAnnotation(cur, VolumeAnnotations.BIND_COMPLETED)) {
                VolumeObjects.setAnnotation(cur, VolumeAnnotations.BIND_COMPLETED, VolumeAnnotations.YES);
                changed = true;
            }
            return changed ? cur : null;
        });
    }

    /** Upstream's unbindVolume: forget a binding the controller made, or only the uid of a user's. */
    private void unbindVolume(ObjectNode pv) {
        ObjectNode unbound = write(pvs, pv, cur -> {
            if (!cur.path("spec").has("claimRef")) {
                return null;
            }
            if (hasAnnotation(cur, VolumeAnnotations.BOUND_BY_CONTROLLER)) {
                ((ObjectNode) cur.get("spec")).remove("claimRef");
                VolumeObjects.removeAnnotation(cur, VolumeAnnotations.BOUND_BY_CONTROLLER);
            } else if (!cur.path("spec").path("claimRef").path("uid").asText("").isEmpty()) {
                ((ObjectNode) cur.path("spec").path("claimRef")).remove("uid");
            } else {
                return null;
            }
            return cur;
        });
        updateVolumePhase(unbound, "Available", "");
    }

    // ------------------------------------------------------------------ status

    private void updateClaimStatus(ObjectNode pvc, String phase, ObjectNode pv) {
        write(pvcs.subresource("status"), pvc, cur -> {
            ObjectNode status = cur.withObjectProperty("status");
            boolean changed = false;
            if (!phase.equals(status.path("phase").asText(""))) {
                status.put("phase", phase);
                changed = true;
            }
            if (pv == null) {
                if (!status.path("accessModes").isEmpty()) {
                    status.remove("accessModes");
                    changed = true;
                }
                if (!status.path("capacity").isEmpty()) {
                    status.remove("capacity");
                    changed = true;
                }
            } else {
                JsonNode modes = pv.path("spec").path("accessModes");
                if (!JsonEquality.equal(status.path("accessModes"), modes)) {
                    status.set("accessModes", modes.deepCopy());
                    changed = true;
                }
                JsonNode capacity = pv.path("spec").path("capacity");
                JsonNode have = status.path("capacity").path("storage");
                if (have.isMissingNode()
                        || Quantity.parse(have).compareTo(Quantity.parse(capacity.path("storage"))) != 0) {
                    status.set("capacity", capacity.deepCopy());
                    changed = true;
                }
            }
            return changed ? cur : null;
        });
    }

    /** Sets the phase and records the event only when the phase changes (upstream's updateClaimStatusWithEvent). */
    private void updateClaimStatusWithEvent(ObjectNode pvc, String phase, String reason, String message) {
        if (phase.equals(pvc.path("status").path("phase").asText(""))) {
            return;
        }
        updateClaimStatus(pvc, phase, null);
        events.record(VolumeObjects.claimRef(pvc), EventRecorder.WARNING, reason, message);
    }

    private ObjectNode updateVolumePhase(ObjectNode pv, String phase, String message) {
        return write(pvs.subresource("status"), pv, cur -> {
            ObjectNode status = cur.withObjectProperty("status");
            boolean samePhase = phase.equals(status.path("phase").asText(""));
            if (samePhase && message.equals(status.path("message").asText(""))) {
                return null;
            }
            status.put("phase", phase);
            if (message.isEmpty()) {
                status.remove("message");
            } else {
                status.put("message", message);
            }
            if (!samePhase) {
                status.put("lastPhaseTransitionTime", Timestamps.format(clock.now()));
            }
            return cur;
        });
    }

    private void updateVolumePhaseWithEvent(ObjectNode pv, String phase, String reason, String message) {
        if (phase.equals(pv.path("status").path("phase").asText(""))) {
            return;
        }
        updateVolumePhase(pv, phase, message);
        events.record(VolumeObjects.volumeRef(pv), EventRecorder.WARNING, reason, message);
    }

    // ------------------------------------------------------------------ volumes

    private Result syncVolume(String name) {
        Optional<ObjectNode> cached = volumeInformer.cache().get(new ObjectKey("", name));
        if (cached.isEmpty()) {
            return Result.done();
        }
        ObjectNode pv = cached.get();
        Optional<ClaimRef> ref = ClaimRef.of(pv);
        if (ref.isEmpty() || ref.get().uid().isEmpty()) {
            // Unused, or reserved for a claim whose sync will bind it.
            updateVolumePhase(pv, "Available", "");
            return Result.done();
        }
        ObjectKey claimKey = new ObjectKey(ref.get().namespace(), ref.get().name());
        ObjectNode pvc = claimInformer.cache().get(claimKey)
                .filter(c -> Meta.uid(c).equals(ref.get().uid())).orElse(null);
        String phase = pv.path("status").path("phase").asText("");
        boolean releasedAlready = phase.equals("Released") || phase.equals("Failed");
        if (pvc == null && !releasedAlready && claimExists(ref.get())) {
            // A claim newer than our cache (a provisioner or the scheduler may bind before we see it).
            claimQueue.add(claimKey);
            return Result.backoff();
        }
        if (pvc == null) {
            if (!releasedAlready) {
                pv = updateVolumePhase(pv, "Released", "");
            }
            reclaimVolume(pv);
        } else if (pvc.path("spec").path("volumeName").asText("").isEmpty()) {
            // The claim's sync finishes (or repairs) the binding.
            claimQueue.add(claimKey);
        } else if (pvc.path("spec").path("volumeName").asText("").equals(name)) {
            updateVolumePhase(pv, "Bound", "");
        } else if (hasAnnotation(pv, VolumeAnnotations.PROVISIONED_BY)
                && "Delete".equals(pv.path("spec").path("persistentVolumeReclaimPolicy").asText(""))) {
            // Provisioned for this claim, which got bound to another volume: not needed any more.
            if (!releasedAlready) {
                pv = updateVolumePhase(pv, "Released", "");
            }
            reclaimVolume(pv);
        } else {
            unbindVolume(pv);
        }
        return Result.done();
    }

    /** A live check that the claim a volume refers to exists (with that uid), as upstream does before releasing. */
    private boolean claimExists(ClaimRef ref) {
        try {
            return Meta.uid(pvcs.get(ref.namespace(), ref.name())).equals(ref.uid());
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
    }

    /** Upstream's reclaimVolume for a Released volume. */
    private void reclaimVolume(ObjectNode pv) {
        String policy = pv.path("spec").path("persistentVolumeReclaimPolicy").asText("");
        switch (policy) {
            case "Retain" -> {
                // The administrator reclaims it by hand.
            }
            case "Recycle" -> updateVolumePhaseWithEvent(pv, "Failed", "VolumeFailedRecycle",
                    "No recycler plugin found for the volume!");
            case "Delete" -> {
                if (hasAnnotation(pv, VolumeAnnotations.PROVISIONED_BY) || Meta.isDeleting(pv)) {
                    // Its provisioner removes the storage and then the volume (or the deletion is under way).
                    return;
                }
                try {
                    pvs.delete("", Meta.name(pv), DeleteOptions.DEFAULT.withPreconditionUid(Meta.uid(pv)));
                } catch (StatusException e) {
                    if (!e.isNotFound()) {
                        throw e;
                    }
                }
            }
            default -> updateVolumePhaseWithEvent(pv, "Failed", "VolumeUnknownReclaimPolicy",
                    "Volume has unrecognized PersistentVolumeReclaimPolicy");
        }
    }

    // ------------------------------------------------------------------ lifecycle

    public void start() {
        if (ownsInformers) {
            informers.start();
        }
        volumeWorkers.start();
        claimWorkers.start();
    }

    /** True once volumes, claims and classes are cached and the workers may run. */
    public boolean isSynced() {
        return registrations.stream().allMatch(HandlerRegistration::hasSynced);
    }

    @Override
    public void close() {
        claimWorkers.close();
        volumeWorkers.close();
        if (ownsInformers) {
            informers.close();
        }
        events.close();
    }
}
