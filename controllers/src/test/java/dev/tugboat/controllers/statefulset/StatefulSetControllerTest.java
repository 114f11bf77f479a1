package dev.tugboat.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.PatchType;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.client.rest.Watch;
import dev.tugboat.client.rest.WatchEvent;
import dev.tugboat.client.rest.WatchOptions;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import dev.tugboat.controllers.Kubelet;
import dev.tugboat.controllers.Objects;
import dev.tugboat.controllers.common.Revisions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The StatefulSet controller against a real API server, with a stand-in kubelet. */
class StatefulSetControllerTest {

    static final GroupVersionResource STATEFULSETS = new GroupVersionResource("apps", "v1", "statefulsets");
    static final GroupVersionResource CLAIMS = new GroupVersionResource("", "v1", "persistentvolumeclaims");
    static final AtomicInteger SEQ = new AtomicInteger();

    static TestApiServer server;
    static StatefulSetController controller;
    static ResourceClient pods;
    static ResourceClient sets;
    static ResourceClient claims;
    static ResourceClient revisions;
    static Kubelet kubelet;

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        controller = new StatefulSetController(server.newClient("statefulset-controller"), SystemClock.INSTANCE,
                StatefulSetControllerConfig.defaults());
        controller.start();
        Poll.until("the controller synced", controller::isSynced);
        pods = server.client().resource(Objects.PODS);
        sets = server.client().resource(STATEFULSETS);
        claims = server.client().resource(CLAIMS);
        revisions = server.client().resource(Revisions.CONTROLLER_REVISIONS);
        kubelet = new Kubelet(server.client());
    }

    @AfterAll
    static void stop() {
        controller.close();
        server.close();
    }

    static String namespace() {
        String ns = "sts" + SEQ.incrementAndGet();
        Objects.namespace(server.client(), ns);
        return ns;
    }

    static ObjectNode statefulSet(String name, int replicas, String image) {
        ObjectNode set = Objects.named("apps/v1", "StatefulSet", name);
        ObjectNode spec = set.putObject("spec");
        spec.put("replicas", replicas);
        spec.put("serviceName", name);
        spec.putObject("selector").putObject("matchLabels").put("app", name);
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("app", name);
        // No volumeMount of "data": Tugboat's StatefulSet validation still rejects mounts of claim templates.
        template.putObject("spec").putArray("containers").addObject().put("name", "c").put("image", image);
        ObjectNode claim = spec.putArray("volumeClaimTemplates").addObject();
        claim.putObject("metadata").put("name", "data");
        ObjectNode cs = claim.putObject("spec");
        cs.putArray("accessModes").add("ReadWriteOnce");
        cs.putObject("resources").putObject("requests").put("storage", "1Gi");
        return set;
    }

    static Set<String> podNames(String ns) {
        Set<String> out = new TreeSet<>();
        pods.list(ns, ListOptions.ALL).items().forEach(p -> {
            if (!Meta.isDeleting(p)) {
                out.add(Meta.name(p));
            }
        });
        return out;
    }

    static ObjectNode pod(String ns, String name) {
        return Poll.value("pod " + name, () -> {
            try {
                return pods.get(ns, name);
            } catch (StatusException e) {
                return null;
            }
        });
    }

    static String image(JsonNode pod) {
        return pod.path("spec").path("containers").get(0).path("image").asText();
    }

    static void stillAfterAWhile(String what, Runnable check) {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        check.run();
    }

    /** Creates web-0..n-1 by marking each pod Ready as it comes. */
    static void bringUp(String ns, int n) {
        for (int i = 0; i < n; i++) {
            String name = "web-" + i;
            pod(ns, name);
            kubelet.markRunningAndReady(ns, name);
        }
        Poll.until("all ready", () -> sets.get(ns, "web").path("status").path("readyReplicas").asInt() == n);
    }

    @Test
    void orderedReadyCreatesPodsOneAtATimeWithStableIdentityAndClaims() {
        String ns = namespace();
        sets.create(ns, statefulSet("web", 3, "nginx:1"));

        ObjectNode web0 = pod(ns, "web-0");
        assertThat(web0.path("spec").path("hostname").asText()).isEqualTo("web-0");
        assertThat(web0.path("spec").path("subdomain").asText()).isEqualTo("web");
        assertThat(Meta.labels(web0)).containsEntry("statefulset.kubernetes.io/pod-name", "web-0")
                .containsEntry("apps.kubernetes.io/pod-index", "0").containsKey("controller-revision-hash");
        assertThat(web0.path("spec").path("volumes").get(0).path("persistentVolumeClaim").path("claimName").asText())
                .isEqualTo("data-web-0");
        ObjectNode claim0 = claims.get(ns, "data-web-0");
        assertThat(Meta.labels(claim0)).containsEntry("app", "web");
        stillAfterAWhile("web-1 waits for web-0", () -> assertThat(podNames(ns)).containsExactly("web-0"));

        kubelet.markRunning(ns, "web-0");
        stillAfterAWhile("running but not ready is not enough", () -> assertThat(podNames(ns)).containsExactly("web-0"));

        kubelet.markRunningAndReady(ns, "web-0");
        pod(ns, "web-1");
        assertThat(Objects.exists(claims, ns, "data-web-1")).isTrue();
        stillAfterAWhile("web-2 waits for web-1", () -> assertThat(podNames(ns)).containsExactly("web-0", "web-1"));
        assertThat(Objects.exists(claims, ns, "data-web-2")).isFalse();

        kubelet.markRunningAndReady(ns, "web-1");
        pod(ns, "web-2");
        kubelet.markRunningAndReady(ns, "web-2");
        JsonNode status = Poll.value("status counts three ready replicas", () -> {
            JsonNode s = sets.get(ns, "web").path("status");
            return s.path("readyReplicas").asInt() == 3 && s.path("availableReplicas").asInt() == 3 ? s : null;
        });
        assertThat(status.path("replicas").asInt()).isEqualTo(3);
        assertThat(status.path("currentReplicas").asInt()).isEqualTo(3);
        assertThat(status.path("updatedReplicas").asInt()).isEqualTo(3);
        assertThat(status.path("currentRevision").asText()).isEqualTo(status.path("updateRevision").asText())
                .startsWith("web-");
        assertThat(status.path("collisionCount").asInt()).isZero();
        JsonNode rev = revisions.get(ns, status.path("updateRevision").asText());
        assertThat(rev.path("revision").asLong()).isEqualTo(1);
        assertThat(Meta.labels(pods.get(ns, "web-2"))).containsEntry("controller-revision-hash", Meta.name(rev));

        // A deleted pod comes back under its name, with the same claim.
        String claimUid = Meta.uid(claims.get(ns, "data-web-1"));
        String podUid = Meta.uid(pods.get(ns, "web-1"));
        pods.delete(ns, "web-1");
        ObjectNode again = Poll.value("web-1 is recreated", () -> {
            try {
                ObjectNode p = pods.get(ns, "web-1");
                return Meta.uid(p).equals(podUid) ? null : p;
            } catch (StatusException e) {
                return null;
            }
        });
        assertThat(again.path("spec").path("volumes").get(0).path("persistentVolumeClaim").path("claimName").asText())
                .isEqualTo("data-web-1");
        assertThat(Meta.uid(claims.get(ns, "data-web-1"))).isEqualTo(claimUid);
        // A failed pod is replaced too.
        kubelet.markRunningAndReady(ns, "web-1");
        String web2Uid = Meta.uid(pods.get(ns, "web-2"));
        kubelet.markFailed(ns, "web-2");
        Poll.until("the failed web-2 is replaced", () -> {
            try {
                return !Meta.uid(pods.get(ns, "web-2")).equals(web2Uid);
            } catch (StatusException e) {
                return false;
            }
        });
    }

    @Test
    void scaleDownGoesFromTheHighestOrdinalAndKeepsTheClaims() throws Exception {
        String ns = namespace();
        sets.create(ns, statefulSet("web", 4, "nginx:1"));
        bringUp(ns, 4);

        List<String> deleted = Collections.synchronizedList(new ArrayList<>());
        Watch watch = pods.watch(ns, WatchOptions.DEFAULT.withResourceVersion(
                pods.list(ns, ListOptions.ALL).resourceVersion()));
        Thread reader = Thread.ofVirtual().start(() -> {
            WatchEvent e;
            while ((e = watch.next()) != null) {
                if (e.type() == WatchEvent.Type.DELETED) {
                    deleted.add(Meta.name(e.object()));
                }
            }
        });
        try {
            Objects.patch(sets, ns, "web", PatchType.MERGE, Json.object().set("spec", Json.object().put("replicas", 1)));
            Poll.until("scaled down to web-0", () -> podNames(ns).equals(Set.of("web-0")));
            Poll.until("three deletions seen", () -> deleted.size() == 3);
            assertThat(deleted).containsExactly("web-3", "web-2", "web-1");
        } finally {
            watch.close();
            reader.join(5000);
        }
        for (int i = 0; i < 4; i++) {
            assertThat(Objects.exists(claims, ns, "data-web-" + i)).isTrue();
        }
        Poll.until("status shows one replica", () -> sets.get(ns, "web").path("status").path("replicas").asInt() == 1);

        // Scaling up again reuses the kept claims.
        String claimUid = Meta.uid(claims.get(ns, "data-web-1"));
        Objects.patch(sets, ns, "web", PatchType.MERGE, Json.object().set("spec", Json.object().put("replicas", 2)));
        pod(ns, "web-1");
        assertThat(Meta.uid(claims.get(ns, "data-web-1"))).isEqualTo(claimUid);
    }

    @Test
    void aRollingUpdateWithAPartitionUpdatesFromTheHighestOrdinalDown() {
        String ns = namespace();
        sets.create(ns, statefulSet("web", 3, "nginx:1"));
        bringUp(ns, 3);
        String firstRevision = sets.get(ns, "web").path("status").path("currentRevision").asText();

        ObjectNode patch = Json.object();
        ObjectNode spec = patch.putObject("spec");
        spec.putObject("updateStrategy").put("type", "RollingUpdate").putObject("rollingUpdate").put("partition", 1);
        spec.putObject("template").putObject("spec").putArray("containers").addObject().put("name", "c")
                .put("image", "nginx:2");
        Objects.patch(sets, ns, "web", PatchType.STRATEGIC, patch);

        ObjectNode web2 = Poll.value("web-2 is recreated at the new revision", () -> {
            try {
                ObjectNode p = pods.get(ns, "web-2");
                return image(p).equals("nginx:2") ? p : null;
            } catch (StatusException e) {
                return null;
            }
        });
        String updateRevision = Meta.labels(web2).get("controller-revision-hash");
        assertThat(updateRevision).isNotEqualTo(firstRevision);
        stillAfterAWhile("web-1 waits for the new web-2 to be ready",
                () -> assertThat(image(pods.get(ns, "web-1"))).isEqualTo("nginx:1"));

        kubelet.markRunningAndReady(ns, "web-2");
        Poll.until("web-1 is updated", () -> {
            try {
                return image(pods.get(ns, "web-1")).equals("nginx:2");
            } catch (StatusException e) {
                return false;
            }
        });
        kubelet.markRunningAndReady(ns, "web-1");
        JsonNode status = Poll.value("partitioned roll out done", () -> {
            JsonNode s = sets.get(ns, "web").path("status");
            return s.path("updatedReplicas").asInt() == 2 && s.path("readyReplicas").asInt() == 3 ? s : null;
        });
        stillAfterAWhile("web-0 stays below the partition",
                () -> assertThat(image(pods.get(ns, "web-0"))).isEqualTo("nginx:1"));
        assertThat(status.path("currentRevision").asText()).isEqualTo(firstRevision);
        assertThat(status.path("updateRevision").asText()).isEqualTo(updateRevision);
        assertThat(revisions.get(ns, updateRevision).path("revision").asLong()).isEqualTo(2);

        Objects.patch(sets, ns, "web", PatchType.MERGE, Json.object().set("spec", Json.object().set("updateStrategy",
                Json.object().set("rollingUpdate", Json.object().put("partition", 0)))));
        Poll.until("web-0 is updated", () -> {
            try {
                return image(pods.get(ns, "web-0")).equals("nginx:2");
            } catch (StatusException e) {
                return false;
            }
        });
        kubelet.markRunningAndReady(ns, "web-0");
        Poll.until("the update revision becomes current", () -> {
            JsonNode s = sets.get(ns, "web").path("status");
            return s.path("currentRevision").asText().equals(updateRevision) && s.path("currentReplicas").asInt() == 3;
        });

        // What `kubectl rollout undo` does: apply the previous revision's data as a strategic merge patch.
        Objects.patch(sets, ns, "web", PatchType.STRATEGIC, revisions.get(ns, firstRevision).path("data"));
        Poll.until("the old revision is renumbered and rolled out again", () -> {
            kubelet.markAllRunningAndReady(ns);
            JsonNode s = sets.get(ns, "web").path("status");
            return s.path("updateRevision").asText().equals(firstRevision)
                    && s.path("currentRevision").asText().equals(firstRevision) && s.path("readyReplicas").asInt() == 3;
        });
        assertThat(revisions.get(ns, firstRevision).path("revision").asLong()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(image(pods.get(ns, "web-" + i))).isEqualTo("nginx:1");
        }
    }

    @Test
    void parallelCreatesEveryPodAtOnceAndRetentionDeleteSetsClaimOwners() {
        String ns = namespace();
        ObjectNode set = statefulSet("web", 3, "nginx:1");
        ((ObjectNode) set.get("spec")).put("podManagementPolicy", "Parallel");
        ((ObjectNode) set.get("spec")).putObject("persistentVolumeClaimRetentionPolicy")
                .put("whenDeleted", "Delete").put("whenScaled", "Retain");
        ObjectNode created = sets.create(ns, set);
        Poll.until("all three pods without waiting", () -> podNames(ns).equals(Set.of("web-0", "web-1", "web-2")));
        JsonNode ref = claims.get(ns, "data-web-2").path("metadata").path("ownerReferences").get(0);
        assertThat(ref.path("kind").asText()).isEqualTo("StatefulSet");
        assertThat(ref.path("uid").asText()).isEqualTo(Meta.uid(created));
        assertThat(ref.path("controller").asBoolean()).isTrue();

        // Quiet when settled: once the pods are ready, nothing in the namespace changes any more.
        Poll.until("settled", () -> {
            kubelet.markAllRunningAndReady(ns);
            return sets.get(ns, "web").path("status").path("availableReplicas").asInt() == 3;
        });
        Poll.until("the status is final", () -> versions(ns).equals(versions(ns)));
        java.util.Map<String, String> before = versions(ns);
        stillAfterAWhile("no writes", () -> assertThat(versions(ns)).isEqualTo(before));
    }

    /** name → resourceVersion of everything this controller writes in the namespace. */
    static java.util.Map<String, String> versions(String ns) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (ResourceClient c : List.of(pods, sets, claims, revisions)) {
            c.list(ns, ListOptions.ALL).items().forEach(o ->
                    out.put(o.path("kind").asText() + "/" + Meta.name(o), Meta.resourceVersion(o)));
        }
        return out;
    }
}
