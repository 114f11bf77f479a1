package dev.tugboat.controllers.disruption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import dev.tugboat.controllers.Objects;
import dev.tugboat.controllers.common.ControllerRefs;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PodDisruptionBudget status against a real API server (the test plays the workload controllers: it
 * creates the ReplicaSets, Deployments and pods), and the eviction subresource honouring it.
 */
class DisruptionControllerTest {

    static TestApiServer server;
    static DisruptionController controller;
    static ResourceClient pods;
    static ResourceClient pdbs;
    static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        controller = new DisruptionController(server.newClient("disruption"), SystemClock.INSTANCE,
                DisruptionConfig.defaults());
        controller.start();
        Poll.until("synced", controller::isSynced);
        pods = server.client().resource(DisruptionController.PODS);
        pdbs = server.client().resource(DisruptionController.PDBS);
    }

    @AfterAll
    static void stop() {
        controller.close();
        server.close();
    }

    static String namespace() {
        String ns = "pdb" + SEQ.incrementAndGet();
        Objects.namespace(server.client(), ns);
        return ns;
    }

    static ObjectNode workload(String ns, String kind, String name, int replicas, ObjectNode owner) {
        ObjectNode o = Objects.named("apps/v1", kind, name);
        ObjectNode spec = o.putObject("spec").put("replicas", replicas);
        spec.putObject("selector").putObject("matchLabels").put("app", name);
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("app", name);
        template.putObject("spec").putArray("containers").addObject().put("name", "c").put("image", "nginx");
        if (owner != null) {
            Meta.mutableMetadata(o).putArray("ownerReferences").add(ControllerRefs.newControllerRef(owner, "apps/v1",
                    owner.path("kind").asText()));
        }
        var gvr = kind.equals("Deployment") ? DisruptionController.DEPLOYMENTS : DisruptionController.REPLICA_SETS;
        return server.client().resource(gvr).create(ns, o);
    }

    /** A Running pod labelled {@code app=<app>}, controlled by {@code owner} (null for none). */
    static ObjectNode pod(String ns, String name, String app, ObjectNode owner, boolean ready) {
        ObjectNode p = Objects.pod(name);
        Meta.mutableMetadata(p).putObject("labels").put("app", app);
        if (owner != null) {
            Meta.mutableMetadata(p).putArray("ownerReferences").add(ControllerRefs.newControllerRef(owner,
                    owner.path("apiVersion").asText(), owner.path("kind").asText()));
        }
        pods.create(ns, p);
        String now = Timestamps.format(Instant.now());
        return pods.subresource("status").modify(ns, name, x -> {
            ObjectNode st = x.withObjectProperty("status");
            st.put("phase", "Running");
            st.putArray("conditions").addObject().put("type", "Ready").put("status", ready ? "True" : "False")
                    .put("lastTransitionTime", now);
            return x;
        });
    }

    static void budget(String ns, String name, String app, String field, Object value) {
        ObjectNode b = Objects.named("policy/v1", "PodDisruptionBudget", name);
        ObjectNode spec = b.putObject("spec");
        if (value instanceof Integer i) {
            spec.put(field, i);
        } else {
            spec.put(field, value.toString());
        }
        spec.putObject("selector").putObject("matchLabels").put("app", app);
        pdbs.create(ns, b);
    }

    /** Waits until the budget's status reads as given (current, desired, expected, allowed). */
    static JsonNode awaitStatus(String ns, String name, int current, int desired, int expected, int allowed) {
        return Poll.value("status of " + name + " is " + current + "/" + desired + "/" + expected + "/" + allowed, () -> {
            JsonNode pdb = pdbs.get(ns, name);
            JsonNode st = pdb.path("status");
            boolean match = st.path("currentHealthy").asInt(-1) == current
                    && st.path("desiredHealthy").asInt(-1) == desired && st.path("expectedPods").asInt(-1) == expected
                    && st.path("disruptionsAllowed").asInt(-1) == allowed
                    && st.path("observedGeneration").asLong() == Meta.generation(pdb);
            return match ? pdb : null;
        });
    }

    static JsonNode condition(JsonNode pdb) {
        return pdb.path("status").path("conditions").get(0);
    }

    static ObjectNode eviction(String ns, String name) {
        ObjectNode e = Objects.named("policy/v1", "Eviction", name);
        Meta.mutableMetadata(e).put("namespace", ns);
        return e;
    }

    @Test
    void minAvailableCountsReadyPodsAndAnEvictionBeyondTheBudgetGets429() {
        String ns = namespace();
        ObjectNode rs = workload(ns, "ReplicaSet", "web", 3, null);
        pod(ns, "web-a", "web", rs, true);
        pod(ns, "web-b", "web", rs, true);
        pod(ns, "web-c", "web", rs, true);
        budget(ns, "web", "web", "minAvailable", 2);
        JsonNode pdb = awaitStatus(ns, "web", 3, 2, 3, 1);
        assertThat(condition(pdb).path("type").asText()).isEqualTo("DisruptionAllowed");
        assertThat(condition(pdb).path("status").asText()).isEqualTo("True");
        assertThat(condition(pdb).path("reason").asText()).isEqualTo("SufficientPods");

        pods.subresource("eviction").create(ns, eviction(ns, "web-a"));
        pdb = awaitStatus(ns, "web", 2, 2, 2, 0);
        assertThat(condition(pdb).path("status").asText()).isEqualTo("False");
        assertThat(condition(pdb).path("reason").asText()).isEqualTo("InsufficientPods");
        assertThat(pdb.path("status").has("disruptedPods")).isFalse();

        StatusException refused = catchThrowableOfType(StatusException.class,
                () -> pods.subresource("eviction").create(ns, eviction(ns, "web-b")));
        assertThat(refused.code()).isEqualTo(429);
        assertThat(refused.getMessage()).contains("Cannot evict pod as it would violate the pod's disruption budget.");
        assertThat(refused.status().details().causes().get(0).message())
                .isEqualTo("The disruption budget web needs 2 healthy pods and has 2 currently");
        assertThat(Objects.exists(pods, ns, "web-b")).isTrue();
    }

    @Test
    void maxUnavailableAsAPercentageFollowsTheDeploymentsScale() {
        String ns = namespace();
        ObjectNode deployment = workload(ns, "Deployment", "api", 4, null);
        ObjectNode rs = workload(ns, "ReplicaSet", "api-5d8f", 4, deployment);
        pod(ns, "api-1", "api", rs, true);
        pod(ns, "api-2", "api", rs, true);
        pod(ns, "api-3", "api", rs, true);
        pod(ns, "api-4", "api", rs, false);
        budget(ns, "api", "api", "maxUnavailable", "50%");
        awaitStatus(ns, "api", 3, 2, 4, 1);

        server.client().resource(DisruptionController.DEPLOYMENTS).modify(ns, "api", d -> {
            d.withObjectProperty("spec").put("replicas", 6);
            return d;
        });
        awaitStatus(ns, "api", 3, 3, 6, 0);
    }

    @Test
    void aPodWhoseControllerIsMissingMakesTheSyncFail() {
        String ns = namespace();
        ObjectNode ghost = Objects.named("apps/v1", "ReplicaSet", "ghost");
        Meta.mutableMetadata(ghost).put("uid", "6b1c1f6e-0000-4000-8000-000000000000");
        pod(ns, "lost", "lost", ghost, true);
        budget(ns, "lost", "lost", "maxUnavailable", 1);
        JsonNode pdb = Poll.value("SyncFailed", () -> {
            JsonNode p = pdbs.get(ns, "lost");
            JsonNode c = condition(p);
            return c != null && c.path("reason").asText().equals("SyncFailed") ? p : null;
        });
        assertThat(condition(pdb).path("status").asText()).isEqualTo("False");
        assertThat(condition(pdb).path("message").asText()).isEqualTo("found no controllers for pod \"lost\"");
        assertThat(pdb.path("status").path("disruptionsAllowed").asInt()).isZero();
    }

    @Test
    void aBudgetWithoutPodsAllowsNothingAndASettledBudgetIsNotRewritten() throws InterruptedException {
        String ns = namespace();
        budget(ns, "empty", "none", "minAvailable", 1);
        JsonNode pdb = awaitStatus(ns, "empty", 0, 1, 0, 0);
        String rv = Meta.resourceVersion(pdb);
        Thread.sleep(300);
        assertThat(Meta.resourceVersion(pdbs.get(ns, "empty"))).isEqualTo(rv);
    }
}
