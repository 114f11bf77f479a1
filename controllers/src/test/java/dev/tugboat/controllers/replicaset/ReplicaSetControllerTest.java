package dev.tugboat.controllers.replicaset;

import static dev.tugboat.controllers.Workloads.REPLICATION_CONTROLLERS;
import static dev.tugboat.controllers.Workloads.REPLICA_SETS;
import static dev.tugboat.controllers.Workloads.controlledBy;
import static dev.tugboat.controllers.Workloads.livePods;
import static dev.tugboat.controllers.Workloads.markReady;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import dev.tugboat.controllers.Objects;
import dev.tugboat.controllers.Workloads;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ReplicaSet and ReplicationController controllers against a real API server (no kubelet). */
class ReplicaSetControllerTest {

    static TestApiServer server;
    static ApiClient api;
    static ReplicaSetController replicaSets;
    static ReplicaSetController replicationControllers;
    static ResourceClient rsClient;
    static final AtomicInteger SEQ = new AtomicInteger();
    static final Map<String, String> APP = Map.of("app", "web");

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        api = server.client();
        replicaSets = new ReplicaSetController(server.newClient("replicaset-controller"), SystemClock.INSTANCE,
                ReplicaSetControllerConfig.replicaSets());
        replicationControllers = new ReplicaSetController(server.newClient("replication-controller"),
                SystemClock.INSTANCE, ReplicaSetControllerConfig.replicationControllers());
        replicaSets.start();
        replicationControllers.start();
        Poll.until("the controllers synced", () -> replicaSets.isSynced() && replicationControllers.isSynced());
        rsClient = api.resource(REPLICA_SETS);
    }

    @AfterAll
    static void stop() {
        replicationControllers.close();
        replicaSets.close();
        server.close();
    }

    static String namespace() {
        String ns = "rs" + SEQ.incrementAndGet();
        Objects.namespace(api, ns);
        return ns;
    }

    /** Read-modify-write: a PATCH may lose a race with the controller's status writes (409 from the server). */
    static void scale(String ns, String name, int replicas) {
        rsClient.modify(ns, name, rs -> {
            ((ObjectNode) rs.get("spec")).put("replicas", replicas);
            return rs;
        });
    }

    static JsonNode statusWhen(String ns, String name, String what, java.util.function.Predicate<JsonNode> p) {
        return Poll.value(what, () -> {
            ObjectNode rs = rsClient.get(ns, name);
            return p.test(rs.path("status")) && rs.path("status").path("observedGeneration").asLong()
                    == Meta.generation(rs) ? rs : null;
        });
    }

    @Test
    void aReplicaSetCreatesPodsToMatchItsReplicasAndDeletesTheSurplus() {
        String ns = namespace();
        ObjectNode rs = rsClient.create(ns, Workloads.replicaSet("web", 3, APP));

        Poll.until("3 pods", () -> livePods(api, ns).size() == 3);
        List<ObjectNode> pods = livePods(api, ns);
        assertThat(pods).allSatisfy(p -> {
            assertThat(controlledBy(p, rs)).isTrue();
            assertThat(Meta.name(p)).startsWith("web-");
            assertThat(Meta.labels(p)).containsEntry("app", "web");
        });
        JsonNode ref = Meta.ownerReferences(pods.get(0)).get(0);
        assertThat(ref.path("apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(ref.path("kind").asText()).isEqualTo("ReplicaSet");
        assertThat(ref.path("blockOwnerDeletion").asBoolean()).isTrue();
        statusWhen(ns, "web", "status counts 3 pods",
                s -> s.path("replicas").asInt() == 3 && s.path("fullyLabeledReplicas").asInt() == 3);

        pods.forEach(p -> markReady(api, p));
        JsonNode ready = statusWhen(ns, "web", "3 ready and available",
                s -> s.path("readyReplicas").asInt() == 3 && s.path("availableReplicas").asInt() == 3);
        assertThat(ready.path("status").path("conditions").isMissingNode()).isTrue();

        scale(ns, "web", 1);
        Poll.until("1 pod", () -> livePods(api, ns).size() == 1);
        statusWhen(ns, "web", "status counts 1 pod", s -> s.path("replicas").asInt() == 1
                && s.path("readyReplicas").asInt() == 1);

        // A deleted pod is replaced.
        api.resource(Objects.PODS).delete(ns, Meta.name(livePods(api, ns).get(0)));
        Poll.until("a replacement", () -> livePods(api, ns).size() == 1
                && !Workloads.isReady(livePods(api, ns).get(0)));
        String replacement = "SuccessfulCreate Created pod: " + Meta.name(livePods(api, ns).get(0));
        Poll.until("the create event", () -> Workloads.events(api, ns, "web").contains(replacement));
    }

    @Test
    void scalingDownDeletesNotReadyPodsBeforeReadyOnes() {
        String ns = namespace();
        rsClient.create(ns, Workloads.replicaSet("web", 3, APP));
        Poll.until("3 pods", () -> livePods(api, ns).size() == 3);
        List<ObjectNode> pods = livePods(api, ns);
        markReady(api, pods.get(0));
        markReady(api, pods.get(2));
        statusWhen(ns, "web", "2 ready", s -> s.path("readyReplicas").asInt() == 2);

        scale(ns, "web", 2);
        Poll.until("2 pods", () -> livePods(api, ns).size() == 2);
        assertThat(livePods(api, ns)).extracting(Meta::name)
                .containsExactlyInAnyOrder(Meta.name(pods.get(0)), Meta.name(pods.get(2)));
        Poll.until("the delete event", () -> Workloads.events(api, ns, "web")
                .contains("SuccessfulDelete Deleted pod: " + Meta.name(pods.get(1))));
    }

    @Test
    void aReplicaSetAdoptsMatchingOrphansAndReleasesPodsWhoseLabelsNoLongerMatch() {
        String ns = namespace();
        ResourceClient podClient = api.resource(Objects.PODS);
        podClient.create(ns, Workloads.pod("orphan", APP));
        podClient.create(ns, Workloads.pod("other", Map.of("app", "db")));
        ObjectNode rs = rsClient.create(ns, Workloads.replicaSet("web", 2, APP));

        Poll.until("the orphan is adopted", () -> controlledBy(podClient.get(ns, "orphan"), rs));
        Poll.until("2 pods of the set", () -> livePods(api, ns).stream().filter(p -> controlledBy(p, rs)).count() == 2);
        assertThat(controlledBy(podClient.get(ns, "other"), rs)).isFalse();
        assertThat(livePods(api, ns)).hasSize(3);

        podClient.modify(ns, "orphan", p -> {
            Meta.mutableMetadata(p).putObject("labels").put("app", "debug");
            return p;
        });

        Poll.until("the relabelled pod is released", () -> Meta.ownerReferences(podClient.get(ns, "orphan")).isEmpty());
        Poll.until("a replacement", () -> livePods(api, ns).stream().filter(p -> controlledBy(p, rs)).count() == 2
                && livePods(api, ns).size() == 4);
    }

    @Test
    void availabilityWaitsForMinReadySeconds() {
        String ns = namespace();
        ObjectNode rs = Workloads.replicaSet("slow", 1, APP);
        ((ObjectNode) rs.get("spec")).put("minReadySeconds", 1);
        rsClient.create(ns, rs);
        Poll.until("a pod", () -> livePods(api, ns).size() == 1);
        markReady(api, livePods(api, ns).get(0));
        JsonNode ready = statusWhen(ns, "slow", "ready", s -> s.path("readyReplicas").asInt() == 1);
        assertThat(ready.path("status").path("availableReplicas").asInt()).isZero();
        statusWhen(ns, "slow", "available after minReadySeconds", s -> s.path("availableReplicas").asInt() == 1);
    }

    @Test
    void aReplicationControllerManagesPodsThroughItsMapSelector() {
        String ns = namespace();
        ResourceClient rcClient = api.resource(REPLICATION_CONTROLLERS);
        ObjectNode rc = rcClient.create(ns, Workloads.replicationController("legacy", 2, APP));
        Poll.until("2 pods", () -> livePods(api, ns).size() == 2);
        JsonNode ref = Meta.ownerReferences(livePods(api, ns).get(0)).get(0);
        assertThat(ref.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(ref.path("kind").asText()).isEqualTo("ReplicationController");
        assertThat(ref.path("uid").asText()).isEqualTo(Meta.uid(rc));
        Poll.until("status counts 2", () -> rcClient.get(ns, "legacy").path("status").path("replicas").asInt() == 2);

        rcClient.modify(ns, "legacy", cur -> {
            ((ObjectNode) cur.get("spec")).put("replicas", 0);
            return cur;
        });
        Poll.until("no pods", () -> livePods(api, ns).isEmpty());
        Poll.until("status counts 0", () -> {
            JsonNode cur = rcClient.get(ns, "legacy");
            return cur.path("status").path("replicas").asInt(-1) == 0
                    && cur.path("status").path("observedGeneration").asLong() == Meta.generation(cur);
        });
    }
}
