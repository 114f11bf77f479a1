package dev.tugboat.controllers.volume;

import static dev.tugboat.controllers.Objects.PODS;
import static dev.tugboat.controllers.Objects.exists;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.DeleteOptions;
import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.PatchType;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import dev.tugboat.controllers.Objects;
import dev.tugboat.controllers.localpath.LocalPathProvisioner;
import dev.tugboat.controllers.localpath.LocalPathProvisionerConfig;
import dev.tugboat.controllers.volume.protection.ProtectionControllerConfig;
import dev.tugboat.controllers.volume.protection.PvProtectionController;
import dev.tugboat.controllers.volume.protection.PvcProtectionController;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PersistentVolume controller, the local-path provisioner and the protection controllers together
 * against a real API server (with its DefaultStorageClass and StorageObjectInUseProtection admission).
 */
class StorageControllersTest {

    static final GroupVersionResource PVS = new GroupVersionResource("", "v1", "persistentvolumes");
    static final GroupVersionResource PVCS = new GroupVersionResource("", "v1", "persistentvolumeclaims");
    static final GroupVersionResource CLASSES = new GroupVersionResource("storage.k8s.io", "v1", "storageclasses");
    static final GroupVersionResource EVENTS = new GroupVersionResource("", "v1", "events");
    static final AtomicInteger SEQ = new AtomicInteger();
    /** Short, so that tests see that settled objects stay untouched through several resyncs. */
    static final Duration RESYNC = Duration.ofMillis(200);

    static TestApiServer server;
    static PersistentVolumeController binder;
    static LocalPathProvisioner provisioner;
    static PvcProtectionController pvcProtection;
    static PvProtectionController pvProtection;
    static ResourceClient pvs;
    static ResourceClient pvcs;

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        binder = new PersistentVolumeController(server.newClient("pv-controller"), SystemClock.INSTANCE,
                PersistentVolumeControllerConfig.defaults().withResyncPeriod(RESYNC));
        provisioner = new LocalPathProvisioner(server.newClient("local-path"), SystemClock.INSTANCE,
                LocalPathProvisionerConfig.defaults().withResyncPeriod(RESYNC));
        pvcProtection = new PvcProtectionController(server.newClient("pvc-protection"), SystemClock.INSTANCE,
                new ProtectionControllerConfig(1, RESYNC));
        pvProtection = new PvProtectionController(server.newClient("pv-protection"), SystemClock.INSTANCE,
                new ProtectionControllerConfig(1, RESYNC));
        binder.start();
        provisioner.start();
        pvcProtection.start();
        pvProtection.start();
        Poll.until("the controllers synced", () -> binder.isSynced() && provisioner.isSynced()
                && pvcProtection.isSynced() && pvProtection.isSynced());
        pvs = server.client().resource(PVS);
        pvcs = server.client().resource(PVCS);
    }

    @AfterAll
    static void stop() {
        pvProtection.close();
        pvcProtection.close();
        provisioner.close();
        binder.close();
        server.close();
    }

    static String namespace() {
        String ns = "st" + SEQ.incrementAndGet();
        Objects.namespace(server.client(), ns);
        return ns;
    }

    static String unique(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet();
    }

    static ObjectNode volume(String name, String size, String storageClass, String reclaimPolicy) {
        ObjectNode pv = Objects.named("v1", "PersistentVolume", name);
        ObjectNode spec = pv.putObject("spec");
        spec.putObject("capacity").put("storage", size);
        spec.putArray("accessModes").add("ReadWriteOnce");
        spec.put("storageClassName", storageClass).put("persistentVolumeReclaimPolicy", reclaimPolicy);
        spec.putObject("hostPath").put("path", "/tmp/" + name);
        return pv;
    }

    /** A claim of {@code storageClass}; null leaves the class to the DefaultStorageClass admission. */
    static ObjectNode claim(String name, String size, String storageClass) {
        ObjectNode pvc = Objects.named("v1", "PersistentVolumeClaim", name);
        ObjectNode spec = pvc.putObject("spec");
        spec.putArray("accessModes").add("ReadWriteOnce");
        spec.putObject("resources").putObject("requests").put("storage", size);
        if (storageClass != null) {
            spec.put("storageClassName", storageClass);
        }
        return pvc;
    }

    static String phase(JsonNode obj) {
        return obj.path("status").path("phase").asText("");
    }

    static JsonNode boundClaim(String ns, String name) {
        return Poll.value("claim " + ns + "/" + name + " is bound", () -> {
            ObjectNode pvc = pvcs.get(ns, name);
            return phase(pvc).equals("Bound") ? pvc : null;
        });
    }

    static List<JsonNode> events(String ns, String involvedName, String reason) {
        return server.client().resource(EVENTS).list(ns, ListOptions.ALL).items().stream()
                .filter(e -> e.path("involvedObject").path("name").asText().equals(involvedName)
                        && e.path("reason").asText().equals(reason))
                .map(e -> (JsonNode) e).toList();
    }

    static JsonNode event(String ns, String involvedName, String reason) {
        return Poll.value("event " + reason + " on " + involvedName, () -> {
            List<JsonNode> found = events(ns, involvedName, reason);
            return found.isEmpty() ? null : found.getFirst();
        });
    }

    static String annotation(JsonNode obj, String key) {
        return Meta.annotations(obj).get(key);
    }

    @Test
    void aClaimBindsToTheSmallestStaticVolumeThatSatisfiesIt() {
        String ns = namespace();
        String cls = unique("manual");
        String big = unique("big");
        String small = unique("small");
        String tiny = unique("tiny");
        pvs.create("", volume(big, "10Gi", cls, "Retain"));
        pvs.create("", volume(small, "2Gi", cls, "Retain"));
        pvs.create("", volume(tiny, "512Mi", cls, "Retain"));
        Poll.until("the volumes are Available", () -> List.of(big, small, tiny).stream()
                .allMatch(n -> phase(pvs.get("", n)).equals("Available")));

        ObjectNode created = pvcs.create(ns, claim("data", "1Gi", cls));

        JsonNode pvc = boundClaim(ns, "data");
        assertThat(pvc.path("spec").path("volumeName").asText()).isEqualTo(small);
        assertThat(pvc.path("status").path("capacity").path("storage").asText()).isEqualTo("2Gi");
        assertThat(pvc.path("status").path("accessModes").toString()).isEqualTo("[\"ReadWriteOnce\"]");
        assertThat(annotation(pvc, VolumeAnnotations.BIND_COMPLETED)).isEqualTo("yes");
        assertThat(annotation(pvc, VolumeAnnotations.BOUND_BY_CONTROLLER)).isEqualTo("yes");
        JsonNode pv = Poll.value("the volume is Bound", () -> {
            ObjectNode v = pvs.get("", small);
            return phase(v).equals("Bound") ? v : null;
        });
        assertThat(pv.path("spec").path("claimRef").path("uid").asText()).isEqualTo(Meta.uid(created));
        assertThat(pv.path("spec").path("claimRef").path("namespace").asText()).isEqualTo(ns);
        assertThat(annotation(pv, VolumeAnnotations.BOUND_BY_CONTROLLER)).isEqualTo("yes");
        assertThat(phase(pvs.get("", big))).isEqualTo("Available");
        assertThat(phase(pvs.get("", tiny))).isEqualTo("Available");
    }

    @Test
    void aClaimNamingAVolumeIsBoundToItWithoutTheControllersMark() {
        String ns = namespace();
        String cls = unique("manual");
        String wanted = unique("wanted");
        pvs.create("", volume(unique("other"), "1Gi", cls, "Retain"));
        pvs.create("", volume(wanted, "5Gi", cls, "Retain"));
        ObjectNode c = claim("named", "1Gi", cls);
        ((ObjectNode) c.get("spec")).put("volumeName", wanted);
        pvcs.create(ns, c);

        JsonNode pvc = boundClaim(ns, "named");
        assertThat(pvc.path("spec").path("volumeName").asText()).isEqualTo(wanted);
        assertThat(annotation(pvc, VolumeAnnotations.BOUND_BY_CONTROLLER)).isNull();
        assertThat(annotation(pvc, VolumeAnnotations.BIND_COMPLETED)).isEqualTo("yes");
    }

    @Test
    void aDefaultClassClaimWaitsForItsFirstConsumerThenIsProvisionedOnTheSelectedNode() {
        String ns = namespace();
        ObjectNode created = pvcs.create(ns, claim("cache", "3Gi", null));
        assertThat(created.path("spec").path("storageClassName").asText()).isEqualTo("local-path");
        assertThat(event(ns, "cache", "WaitForFirstConsumer").path("message").asText())
                .isEqualTo("waiting for first consumer to be created before binding");
        assertThat(phase(pvcs.get(ns, "cache"))).isEqualTo("Pending");
        String volumeName = "pvc-" + Meta.uid(created);
        assertThat(exists(pvs, "", volumeName)).isFalse();

        // What the scheduler does for a pod using the claim once it has chosen node-1.
        ObjectNode patch = Json.object();
        patch.putObject("metadata").putObject("annotations").put(VolumeAnnotations.SELECTED_NODE, "node-1");
        pvcs.patch(ns, "cache", PatchType.MERGE, patch);

        JsonNode pvc = boundClaim(ns, "cache");
        assertThat(pvc.path("spec").path("volumeName").asText()).isEqualTo(volumeName);
        assertThat(pvc.path("status").path("capacity").path("storage").asText()).isEqualTo("3Gi");
        assertThat(annotation(pvc, VolumeAnnotations.STORAGE_PROVISIONER)).isEqualTo("tugboat.dev/local-path");
        JsonNode pv = pvs.get("", volumeName);
        assertThat(annotation(pv, VolumeAnnotations.PROVISIONED_BY)).isEqualTo("tugboat.dev/local-path");
        assertThat(pv.path("spec").path("hostPath").path("path").asText())
                .isEqualTo("/var/lib/tugboat/storage/" + volumeName + "_" + ns + "_cache");
        assertThat(pv.path("spec").path("hostPath").path("type").asText()).isEqualTo("DirectoryOrCreate");
        JsonNode expr = pv.path("spec").path("nodeAffinity").path("required").path("nodeSelectorTerms").path(0)
                .path("matchExpressions").path(0);
        assertThat(expr.path("key").asText()).isEqualTo("kubernetes.io/hostname");
        assertThat(expr.path("operator").asText()).isEqualTo("In");
        assertThat(expr.path("values").toString()).isEqualTo("[\"node-1\"]");
        assertThat(pv.path("spec").path("persistentVolumeReclaimPolicy").asText()).isEqualTo("Delete");
        assertThat(pv.path("spec").path("storageClassName").asText()).isEqualTo("local-path");
        assertThat(event(ns, "cache", "ExternalProvisioning").path("message").asText())
                .startsWith("Waiting for a volume to be created either by the external provisioner "
                        + "'tugboat.dev/local-path' or manually by the system administrator.");
        assertThat(event(ns, "cache", "ProvisioningSucceeded").path("message").asText())
                .isEqualTo("Successfully provisioned volume " + volumeName);
    }

    @Test
    void theDefaultClassIsCreatedOnceAndUserChangesAreKept() throws Exception {
        ResourceClient classes = server.client().resource(CLASSES);
        JsonNode sc = classes.get("", "local-path");
        assertThat(annotation(sc, VolumeAnnotations.IS_DEFAULT_CLASS)).isEqualTo("true");
        assertThat(sc.path("volumeBindingMode").asText()).isEqualTo("WaitForFirstConsumer");
        assertThat(sc.path("reclaimPolicy").asText()).isEqualTo("Delete");
        assertThat(sc.path("provisioner").asText()).isEqualTo("tugboat.dev/local-path");

        ObjectNode patch = Json.object();
        patch.putObject("metadata").putObject("labels").put("edited", "by-user");
        classes.patch("", "local-path", PatchType.MERGE, patch);
        try (LocalPathProvisioner second = new LocalPathProvisioner(server.newClient("local-path-2"),
                SystemClock.INSTANCE, LocalPathProvisionerConfig.defaults())) {
            second.start();
            Poll.until("the second provisioner synced", second::isSynced);
        }
        assertThat(Meta.labels(classes.get("", "local-path")).get("edited")).isEqualTo("by-user");
    }

    @Test
    void anImmediateClaimWhoseProvisionerIsNotRunningStaysPendingWithTheEvent() throws Exception {
        String ns = namespace();
        String cls = unique("remote");
        ObjectNode sc = Objects.named("storage.k8s.io/v1", "StorageClass", cls);
        sc.put("provisioner", "example.com/nowhere");
        server.client().resource(CLASSES).create("", sc);
        pvcs.create(ns, claim("far", "1Gi", cls));

        assertThat(event(ns, "far", "ExternalProvisioning").path("message").asText()).isEqualTo(
                "Waiting for a volume to be created either by the external provisioner 'example.com/nowhere' or"
                        + " manually by the system administrator. If volume creation is delayed, please verify that"
                        + " the provisioner is running and correctly registered.");
        JsonNode pvc = Poll.value("the claim is annotated for its provisioner", () -> {
            ObjectNode c = pvcs.get(ns, "far");
            return annotation(c, VolumeAnnotations.STORAGE_PROVISIONER) != null ? c : null;
        });
        assertThat(annotation(pvc, VolumeAnnotations.STORAGE_PROVISIONER)).isEqualTo("example.com/nowhere");
        assertThat(annotation(pvc, VolumeAnnotations.BETA_STORAGE_PROVISIONER)).isEqualTo("example.com/nowhere");
        Thread.sleep(500);
        assertThat(phase(pvcs.get(ns, "far"))).isEqualTo("Pending");
        assertThat(pvcs.get(ns, "far").path("spec").has("volumeName")).isFalse();
    }

    @Test
    void aClaimWithoutClassAndWithoutVolumesFailsToBind() {
        String ns = namespace();
        pvcs.create(ns, claim("nothing", "1Pi", ""));
        JsonNode failed = event(ns, "nothing", "FailedBinding");
        assertThat(failed.path("message").asText())
                .isEqualTo("no persistent volumes available for this claim and no storage class is set");
        assertThat(failed.path("type").asText()).isEqualTo("Normal");
        assertThat(failed.path("source").path("component").asText()).isEqualTo("persistentvolume-controller");
        assertThat(phase(pvcs.get(ns, "nothing"))).isEqualTo("Pending");
    }

    @Test
    void deletingAClaimReleasesARetainedVolumeAndDeletesADeleteVolume() {
        String ns = namespace();
        String retainCls = unique("keep");
        String deleteCls = unique("drop");
        String kept = unique("kept");
        String dropped = unique("dropped");
        pvs.create("", volume(kept, "1Gi", retainCls, "Retain"));
        pvs.create("", volume(dropped, "1Gi", deleteCls, "Delete"));
        pvcs.create(ns, claim("keep", "1Gi", retainCls));
        pvcs.create(ns, claim("drop", "1Gi", deleteCls));
        boundClaim(ns, "keep");
        boundClaim(ns, "drop");

        pvcs.delete(ns, "keep");
        pvcs.delete(ns, "drop");

        JsonNode released = Poll.value("the retained volume is Released", () -> {
            ObjectNode v = pvs.get("", kept);
            return phase(v).equals("Released") ? v : null;
        });
        assertThat(released.path("spec").path("claimRef").path("name").asText()).isEqualTo("keep");
        Poll.until("the Delete volume is gone", () -> !exists(pvs, "", dropped));
        assertThat(exists(pvcs, ns, "keep")).isFalse();
    }

    @Test
    void deletingAProvisionedClaimDeletesItsVolume() {
        String ns = namespace();
        ObjectNode c = claim("scratch", "1Gi", null);
        Meta.mutableMetadata(c).putObject("annotations").put(VolumeAnnotations.SELECTED_NODE, "node-2");
        ObjectNode created = pvcs.create(ns, c);
        boundClaim(ns, "scratch");
        String volumeName = "pvc-" + Meta.uid(created);
        assertThat(exists(pvs, "", volumeName)).isTrue();

        pvcs.delete(ns, "scratch");

        Poll.until("the provisioned volume is gone", () -> !exists(pvs, "", volumeName));
    }

    @Test
    void aClaimUsedByAScheduledPodIsKeptUntilThePodIsGone() throws Exception {
        String ns = namespace();
        String cls = unique("manual");
        pvs.create("", volume(unique("used"), "1Gi", cls, "Retain"));
        pvcs.create(ns, claim("used", "1Gi", cls));
        boundClaim(ns, "used");
        assertThat(Meta.finalizers(pvcs.get(ns, "used"))).contains(VolumeAnnotations.PVC_PROTECTION_FINALIZER);
        ObjectNode pod = Objects.pod("user");
        ObjectNode spec = (ObjectNode) pod.get("spec");
        spec.put("nodeName", "node-1");
        spec.putArray("volumes").addObject().put("name", "data").putObject("persistentVolumeClaim")
                .put("claimName", "used");
        server.client().resource(PODS).create(ns, pod);

        pvcs.delete(ns, "used");
        Thread.sleep(1000);
        JsonNode held = pvcs.get(ns, "used");
        assertThat(Meta.isDeleting(held)).isTrue();
        assertThat(Meta.finalizers(held)).containsExactly(VolumeAnnotations.PVC_PROTECTION_FINALIZER);

        server.client().resource(PODS).delete(ns, "user", DeleteOptions.DEFAULT.withGracePeriodSeconds(0));
        Poll.until("the claim is gone", () -> !exists(pvcs, ns, "used"));
    }

    @Test
    void aBoundVolumeThatIsDeletedStaysUntilItsClaimIsGone() throws Exception {
        String ns = namespace();
        String cls = unique("manual");
        String name = unique("protected");
        pvs.create("", volume(name, "1Gi", cls, "Retain"));
        pvcs.create(ns, claim("holder", "1Gi", cls));
        boundClaim(ns, "holder");

        pvs.delete("", name);
        Thread.sleep(1000);
        JsonNode held = pvs.get("", name);
        assertThat(Meta.isDeleting(held)).isTrue();
        assertThat(phase(held)).isEqualTo("Bound");

        pvcs.delete(ns, "holder");
        Poll.until("the volume is gone", () -> !exists(pvs, "", name));
    }

    @Test
    void settledClaimsAndVolumesAreNotWrittenAgain() throws Exception {
        String ns = namespace();
        String cls = unique("manual");
        String bound = unique("bound");
        String released = unique("released");
        pvs.create("", volume(bound, "1Gi", cls, "Retain"));
        pvcs.create(ns, claim("settled", "1Gi", cls));
        boundClaim(ns, "settled");
        pvs.create("", volume(released, "1Gi", cls, "Retain"));
        pvcs.create(ns, claim("gone", "1Gi", cls));
        boundClaim(ns, "gone");
        pvcs.delete(ns, "gone");
        Poll.until("the second volume is Released", () -> phase(pvs.get("", released)).equals("Released"));
        Poll.until("the first volume is Bound", () -> phase(pvs.get("", bound)).equals("Bound"));
        String claimVersion = Meta.resourceVersion(pvcs.get(ns, "settled"));
        String boundVersion = Meta.resourceVersion(pvs.get("", bound));
        String releasedVersion = Meta.resourceVersion(pvs.get("", released));

        Thread.sleep(RESYNC.toMillis() * 5);

        assertThat(Meta.resourceVersion(pvcs.get(ns, "settled"))).isEqualTo(claimVersion);
        assertThat(Meta.resourceVersion(pvs.get("", bound))).isEqualTo(boundVersion);
        assertThat(Meta.resourceVersion(pvs.get("", released))).isEqualTo(releasedVersion);
    }

    @Test
    void theLocalPathProvisionerRefusesClaimsItCannotServe() {
        String ns = namespace();
        String immediate = unique("local-immediate");
        ObjectNode sc = Objects.named("storage.k8s.io/v1", "StorageClass", immediate);
        sc.put("provisioner", LocalPathProvisionerConfig.DEFAULT_PROVISIONER);
        server.client().resource(CLASSES).create("", sc);
        pvcs.create(ns, claim("nowhere", "1Gi", immediate));
        ObjectNode shared = claim("shared", "1Gi", "local-path");
        ((ObjectNode) shared.get("spec")).putArray("accessModes").add("ReadWriteMany");
        Meta.mutableMetadata(shared).putObject("annotations").put(VolumeAnnotations.SELECTED_NODE, "node-1");
        pvcs.create(ns, shared);

        assertThat(event(ns, "nowhere", "ProvisioningFailed").path("message").asText())
                .isEqualTo("configuration error, no node was specified");
        assertThat(event(ns, "shared", "ProvisioningFailed").path("message").asText())
                .isEqualTo("NodePath only supports ReadWriteOnce and ReadWriteOncePod access modes");
        assertThat(phase(pvcs.get(ns, "nowhere"))).isEqualTo("Pending");
        assertThat(phase(pvcs.get(ns, "shared"))).isEqualTo("Pending");
    }
}
