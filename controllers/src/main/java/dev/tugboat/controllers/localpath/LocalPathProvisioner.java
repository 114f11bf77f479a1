package dev.tugboat.controllers.localpath;

import static dev.tugboat.controllers.volume.VolumeObjects.annotation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Controller;
import dev.tugboat.client.controller.Result;
import dev.tugboat.client.events.ApiEventRecorder;
import dev.tugboat.client.events.EventRecorder;
import dev.tugboat.client.informer.HandlerRegistration;
import dev.tugboat.client.informer.InformerFactory;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.informer.ResourceEventHandler;
import dev.tugboat.client.informer.SharedInformer;
import dev.tugboat.client.queue.WorkQueue;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.DeleteOptions;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.controllers.volume.Claim;
import dev.tugboat.controllers.volume.VolumeAnnotations;
import dev.tugboat.controllers.volume.VolumeObjects;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dynamic provisioner of node-local hostPath volumes (rancher's local-path-provisioner, as k3s ships
 * it, driven the way sig-storage-lib-external-provisioner drives external provisioners):
 * <ul>
 *   <li>at start, creates the default StorageClass ({@link LocalVolumes#storageClass}) if there is none of
 *       that name; an existing one is never changed, so users' edits stay;</li>
 *   <li>a claim that the PersistentVolume controller annotated for this provisioner, of a class of this
 *       provisioner, with a node selected by the scheduler, gets a volume {@code pvc-<uid>}
 *       ({@link LocalVolumes#volume}) reserved for it, which the PersistentVolume controller then binds;</li>
 *   <li>a volume it provisioned that is Released with reclaim policy Delete is deleted.</li>
 * </ul>
 * It never touches a filesystem: on a real node the kubelet creates the directory (hostPath type
 * DirectoryOrCreate) and removing a deleted volume's directory is the node's business (rancher runs a
 * helper pod on the node for that).
 */
public final class LocalPathProvisioner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPathProvisioner.class);
    private static final GroupVersionResource PVS = new GroupVersionResource("", "v1", "persistentvolumes");
    private static final GroupVersionResource PVCS = new GroupVersionResource("", "v1", "persistentvolumeclaims");
    private static final GroupVersionResource CLASSES = new GroupVersionResource("storage.k8s.io", "v1", "storageclasses");
    private static final Duration ENSURE_RETRY = Duration.ofSeconds(1);

    private final Clock clock;
    private final LocalPathProvisionerConfig config;
    private final ResourceClient pvs;
    private final ResourceClient classes;
    private final InformerFactory informers;
    private final boolean ownsInformers;
    private final SharedInformer volumeInformer;
    private final SharedInformer claimInformer;
    private final SharedInformer classInformer;
    private final List<HandlerRegistration> registrations;
    private final WorkQueue<ObjectKey> claimQueue;
    private final WorkQueue<String> volumeQueue;
    private final Controller<ObjectKey> claimWorkers;
    private final Controller<String> volumeWorkers;
    private final ApiEventRecorder events;
    private volatile boolean classEnsured;
    private volatile boolean closed;
    private Thread ensurer;

    /** With informers of its own. */
    public LocalPathProvisioner(ApiClient api, Clock clock, LocalPathProvisionerConfig config) {
        this(api, clock, config, new InformerFactory(api, clock), true);
    }

    /** With the informers of a shared factory (which the caller starts and closes). */
    public LocalPathProvisioner(ApiClient api, Clock clock, LocalPathProvisionerConfig config,
                                InformerFactory informers) {
        this(api, clock, config, informers, false);
    }

    private LocalPathProvisioner(ApiClient api, Clock clock, LocalPathProvisionerConfig config,
                                 InformerFactory informers, boolean ownsInformers) {
        this.informers = informers;
        this.ownsInformers = ownsInformers;
        this.clock = clock;
        this.config = config;
        this.pvs = api.resource(PVS);
        this.classes = api.resource(CLASSES);
        this.volumeInformer = informers.informer(PVS);
        this.claimInformer = informers.informer(PVCS);
        this.classInformer = informers.informer(CLASSES);
        this.claimQueue = WorkQueue.withDefaultRateLimiter(clock);
        this.volumeQueue = WorkQueue.withDefaultRateLimiter(clock);
        this.events = new ApiEventRecorder(api, clock, config.provisionerName());
        this.registrations = List.of(
                claimInformer.addEventHandler(ResourceEventHandler.onAnyChange(c -> claimQueue.add(ObjectKey.of(c))),
                        config.resyncPeriod()),
                volumeInformer.addEventHandler(ResourceEventHandler.onAnyChange(v -> volumeQueue.add(Meta.name(v))),
                        config.resyncPeriod()),
                classInformer.addEventHandler(ResourceEventHandler.onAnyChange(this::classChanged)));
        List<BooleanSupplier> synced = registrations.stream().map(r -> (BooleanSupplier) r::hasSynced).toList();
        this.claimWorkers = new Controller<>("local-path-claims", claimQueue, this::syncClaim, config.workers(), synced);
        this.volumeWorkers = new Controller<>("local-path-volumes", volumeQueue, this::syncVolume, config.workers(),
                synced);
    }

    private void classChanged(ObjectNode storageClass) {
        if (!config.provisionerName().equals(storageClass.path("provisioner").asText(""))) {
            return;
        }
        for (ObjectNode pvc : claimInformer.cache().list()) {
            if (Claim.classOf(pvc).equals(Meta.name(storageClass))) {
                claimQueue.add(ObjectKey.of(pvc));
            }
        }
    }

    // ------------------------------------------------------------------ the default class

    /** Creates the default class unless a class of that name exists; returns true once that holds. */
    boolean ensureStorageClass() {
        try {
            classes.create("", LocalVolumes.storageClass(config));
            LOG.info("created the default StorageClass {}", config.storageClassName());
            return true;
        } catch (StatusException e) {
            if (e.isAlreadyExists()) {
                return true;
            }
            LOG.debug("creating StorageClass {} failed: {}", config.storageClassName(), e.toString());
            return false;
        } catch (RuntimeException e) {
            LOG.debug("creating StorageClass {} failed: {}", config.storageClassName(), e.toString());
            return false;
        }
    }

    private void ensureStorageClassUntilDone() {
        try {
            while (!closed && !ensureStorageClass()) {
                clock.sleep(ENSURE_RETRY);
            }
            classEnsured = !closed;
        } catch (InterruptedException e) {
            // close()
        }
    }

    // ------------------------------------------------------------------ provisioning

    private Result syncClaim(ObjectKey key) {
        Optional<ObjectNode> cached = claimInformer.cache().get(key);
        if (cached.isEmpty()) {
            return Result.done();
        }
        ObjectNode pvc = cached.get();
        if (Meta.isDeleting(pvc) || !pvc.path("spec").path("volumeName").asText("").isEmpty()
                || !isForUs(pvc)) {
            return Result.done();
        }
        Optional<ObjectNode> storageClass = classInformer.cache().get(new ObjectKey("", Claim.classOf(pvc)))
                .filter(c -> config.provisionerName().equals(c.path("provisioner").asText("")));
        String volumeName = LocalVolumes.volumeName(pvc);
        if (storageClass.isEmpty() || volumeInformer.cache().get(new ObjectKey("", volumeName)).isPresent()) {
            return Result.done();
        }
        String node = annotation(pvc, VolumeAnnotations.SELECTED_NODE);
        if (node == null || node.isEmpty()) {
            if (!"WaitForFirstConsumer".equals(storageClass.get().path("volumeBindingMode").asText(""))) {
                // A local volume needs a node, and only the scheduler names one (WaitForFirstConsumer).
                failed(pvc, "configuration error, no node was specified");
            }
            return Result.done();
        }
        Optional<String> unsupported = LocalVolumes.unsupported(pvc);
        if (unsupported.isPresent()) {
            failed(pvc, unsupported.get());
            return Result.done();
        }
        events.record(VolumeObjects.claimRef(pvc), EventRecorder.NORMAL, "Provisioning",
                "External provisioner is provisioning volume for claim \"" + key + "\"");
        try {
            pvs.create("", LocalVolumes.volume(pvc, storageClass.get(), node, config));
        } catch (StatusException e) {
            if (!e.isAlreadyExists()) {
                failed(pvc, "failed to create volume " + volumeName + ": " + e.getMessage());
                throw e;
            }
        }
        events.record(VolumeObjects.claimRef(pvc), EventRecorder.NORMAL, "ProvisioningSucceeded",
                "Successfully provisioned volume " + volumeName);
        return Result.done();
    }

    /** The PersistentVolume controller asked this provisioner for the claim's volume. */
    private boolean isForUs(ObjectNode pvc) {
        String asked = annotation(pvc, VolumeAnnotations.STORAGE_PROVISIONER);
        if (asked == null) {
            asked = annotation(pvc, VolumeAnnotations.BETA_STORAGE_PROVISIONER);
        }
        return config.provisionerName().equals(asked);
    }

    private void failed(ObjectNode pvc, String message) {
        events.record(VolumeObjects.claimRef(pvc), EventRecorder.WARNING, "ProvisioningFailed", message);
    }

    // ------------------------------------------------------------------ deletion

    private Result syncVolume(String name) {
        Optional<ObjectNode> cached = volumeInformer.cache().get(new ObjectKey("", name));
        if (cached.isEmpty()) {
            return Result.done();
        }
        ObjectNode pv = cached.get();
        boolean ours = config.provisionerName().equals(annotation(pv, VolumeAnnotations.PROVISIONED_BY));
        if (!ours || Meta.isDeleting(pv) || !"Released".equals(pv.path("status").path("phase").asText(""))
                || !"Delete".equals(pv.path("spec").path("persistentVolumeReclaimPolicy").asText(""))) {
            return Result.done();
        }
        // The directory on the node is the node's to remove; the volume object is ours.
        try {
            pvs.delete("", name, DeleteOptions.DEFAULT.withPreconditionUid(Meta.uid(pv)));
        } catch (StatusException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
        return Result.done();
    }

    // ------------------------------------------------------------------ lifecycle

    public synchronized void start() {
        if (ensurer != null) {
            return;
        }
        ensurer = Thread.ofVirtual().name("local-path-storageclass").start(this::ensureStorageClassUntilDone);
        if (ownsInformers) {
            informers.start();
        }
        claimWorkers.start();
        volumeWorkers.start();
    }

    /** True once the default class exists and claims, volumes and classes are cached. */
    public boolean isSynced() {
        return classEnsured && registrations.stream().allMatch(HandlerRegistration::hasSynced);
    }

    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = ensurer;
        }
        if (t != null) {
            t.interrupt();
        }
        claimWorkers.close();
        volumeWorkers.close();
        if (ownsInformers) {
            informers.close();
        }
        events.close();
    }
}
