package dev.tugboat.controllers.deployment;

import static dev.tugboat.controllers.Workloads.DEPLOYMENTS;
import static dev.tugboat.controllers.Workloads.REPLICA_SETS;
import static dev.tugboat.controllers.Workloads.controlledBy;
import static dev.tugboat.controllers.Workloads.livePods;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import dev.tugboat.controllers.Objects;
import dev.tugboat.controllers.Workloads;
import dev.tugboat.controllers.replicaset.ReplicaSetController;
import dev.tugboat.controllers.replicaset.ReplicaSetControllerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Deployment controller with the ReplicaSet controller against a real API server. No kubelet runs:
 * a "kubelet" thread per test makes pods Running and Ready through pods/status.
 */
class DeploymentControllerTest {

    static TestApiServer server;
    static ApiClient api;
    static ReplicaSetController replicaSets;
    static DeploymentController deployments;
    static ResourceClient dClient;
    static ResourceClient rsClient;
    static final AtomicInteger SEQ = new AtomicInteger();
    static final Map<String, String> APP = Map.of("app", "nginx");

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        api = server.client();
        replicaSets = new ReplicaSetController(server.newClient("replicaset-controller"), SystemClock.INSTANCE,
                ReplicaSetControllerConfig.replicaSets());
        deployments = new DeploymentController(server.newClient("deployment-controller"), SystemClock.INSTANCE,
                DeploymentControllerConfig.defaults());
        replicaSets.start();
        deployments.start();
        Poll.until("the controllers synced", () -> replicaSets.isSynced() && deployments.isSynced());
        dClient = api.resource(DEPLOYMENTS);
        rsClient = api.resource(REPLICA_SETS);
    }

    @AfterAll
    static void stop() {
        deployments.close();
        replicaSets.close();
        server.close();
    }

    static String namespace() {
        String ns = "dep" + SEQ.incrementAndGet();
        Objects.namespace(api, ns);
        return ns;
    }

    /** Marks the namespace's pods ready until closed, as kubelets would. */
    static final class Kubelet implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Kubelet(String ns) {
            thread = Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    try {
                        Workloads.markAllReady(api, ns);
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        // a pod deleted under us: next round
                    }
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    static List<ObjectNode> replicaSets(String ns) {
        List<ObjectNode> out = new ArrayList<>(rsClient.list(ns, ListOptions.ALL).items());
        out.sort(java.util.Comparator.comparing(Meta::creationTimestamp).thenComparing(Meta::name));
        return out;
    }

    static ObjectNode rs(String ns, String revision) {
        return replicaSets(ns).stream().filter(r -> revision.equals(Meta.annotations(r).get(Revisions.REVISION)))
                .findFirst().orElse(null);
    }

    /** What {@code kubectl rollout status} checks before it says "successfully rolled out". */
    static boolean rolledOut(ObjectNode d) {
        JsonNode s = d.path("status");
        int replicas = d.path("spec").path("replicas").asInt();
        return s.path("observedGeneration").asLong() >= Meta.generation(d)
                && s.path("updatedReplicas").asInt() == replicas
                && s.path("replicas").asInt() == s.path("updatedReplicas").asInt()
                && s.path("availableReplicas").asInt() == s.path("updatedReplicas").asInt();
    }

    static ObjectNode waitRolledOut(String ns, String name) {
        return Poll.value("rolled out", () -> {
            ObjectNode d = dClient.get(ns, name);
            return rolledOut(d) ? d : null;
        });
    }

    static Map<String, JsonNode> conditions(JsonNode d) {
        Map<String, JsonNode> out = new HashMap<>();
        d.path("status").path("conditions").forEach(c -> out.put(c.path("type").asText(), c));
        return out;
    }

    static void setImage(String ns, String name, String image) {
        dClient.modify(ns, name, d -> {
            ((ObjectNode) d.path("spec").path("template").path("spec").path("containers").get(0)).put("image", image);
            return d;
        });
    }

    /**
     * Merges fields into the spec by read-modify-write: a PATCH can lose a race with the controller's
     * writes (the API server answers a patch that lost a race with 409 rather than retrying it).
     */
    static void patchSpec(String ns, String name, String specJson) throws Exception {
        JsonNode fields = Json.parse(specJson.getBytes());
        dClient.modify(ns, name, d -> {
            ((ObjectNode) d.get("spec")).setAll((ObjectNode) fields);
            return d;
        });
    }

    @Test
    void aDeploymentCreatesItsReplicaSetAndCompletes() throws Exception {
        String ns = namespace();
        try (Kubelet k = new Kubelet(ns)) {
            ObjectNode created = dClient.create(ns, Workloads.deployment("nginx", 3, APP, "nginx:1"));
            ObjectNode d = waitRolledOut(ns, "nginx");

            List<ObjectNode> rss = replicaSets(ns);
            assertThat(rss).hasSize(1);
            ObjectNode rs = rss.get(0);
            String hash = Meta.labels(rs).get(PodTemplateHash.LABEL);
            assertThat(hash).hasSizeBetween(1, 10);
            assertThat(Meta.name(rs)).isEqualTo("nginx-" + hash);
            assertThat(controlledBy(rs, created)).isTrue();
            assertThat(rs.path("spec").path("selector").path("matchLabels").path(PodTemplateHash.LABEL).asText())
                    .isEqualTo(hash);
            assertThat(Meta.annotations(rs)).containsEntry(Revisions.REVISION, "1")
                    .containsEntry(Revisions.DESIRED_REPLICAS, "3").containsEntry(Revisions.MAX_REPLICAS, "4");
            assertThat(livePods(api, ns)).hasSize(3).allSatisfy(p -> {
                assertThat(controlledBy(p, rs)).isTrue();
                assertThat(Meta.labels(p)).containsEntry(PodTemplateHash.LABEL, hash);
            });

            assertThat(Meta.annotations(d)).containsEntry(Revisions.REVISION, "1");
            JsonNode status = d.path("status");
            assertThat(status.path("readyReplicas").asInt()).isEqualTo(3);
            assertThat(status.has("unavailableReplicas")).isFalse();
            Map<String, JsonNode> c = Poll.value("complete conditions", () -> {
                Map<String, JsonNode> cs = conditions(dClient.get(ns, "nginx"));
                return cs.containsKey("Progressing") && cs.get("Progressing").path("reason").asText()
                        .equals("NewReplicaSetAvailable") ? cs : null;
            });
            assertThat(c.get("Available").path("reason").asText()).isEqualTo("MinimumReplicasAvailable");
            assertThat(c.get("Available").path("message").asText()).isEqualTo("Deployment has minimum availability.");
            assertThat(c.get("Progressing").path("message").asText())
                    .isEqualTo("ReplicaSet \"nginx-" + hash + "\" has successfully progressed.");
            Poll.until("the scaling event", () -> Workloads.events(api, ns, "nginx")
                    .contains("ScalingReplicaSet Scaled up replica set nginx-" + hash + " from 0 to 3"));
        }
        // Quiet when settled: neither the Deployment nor its ReplicaSet is written again.
        String deploymentVersion = Meta.resourceVersion(dClient.get(ns, "nginx"));
        String rsVersion = Meta.resourceVersion(replicaSets(ns).get(0));
        Thread.sleep(1500);
        assertThat(Meta.resourceVersion(dClient.get(ns, "nginx"))).isEqualTo(deploymentVersion);
        assertThat(Meta.resourceVersion(replicaSets(ns).get(0))).isEqualTo(rsVersion);
    }

    @Test
    void scalingMidRolloutIsSharedOutInProportion() throws Exception {
        String ns = namespace();
        ObjectNode d = Workloads.deployment("prop", 4, APP, "prop:1");
        ((ObjectNode) d.get("spec")).putObject("strategy").put("type", "RollingUpdate").putObject("rollingUpdate")
                .put("maxSurge", 1).put("maxUnavailable", 0);
        dClient.create(ns, d);
        Poll.until("4 pods", () -> livePods(api, ns).size() == 4);
        // No pod ever becomes ready: the rollout stops after the surge pod.
        setImage(ns, "prop", "prop:2");
        Poll.until("the surge", () -> rs(ns, "2") != null && rs(ns, "2").path("spec").path("replicas").asInt() == 1);
        ObjectNode old = rs(ns, "1");
        assertThat(old.path("spec").path("replicas").asInt()).isEqualTo(4);
        assertThat(Meta.annotations(old)).containsEntry(Revisions.MAX_REPLICAS, "5");

        patchSpec(ns, "prop", "{\"replicas\":8}");
        // Max 9 pods now: old 4*9/5 = 7.2 -> 7, new 1*9/5 = 1.8 -> 2.
        Poll.until("scaled in proportion", () -> rs(ns, "1").path("spec").path("replicas").asInt() == 7
                && rs(ns, "2").path("spec").path("replicas").asInt() == 2);
        assertThat(Meta.annotations(rs(ns, "1"))).containsEntry(Revisions.DESIRED_REPLICAS, "8")
                .containsEntry(Revisions.MAX_REPLICAS, "9");
        Poll.until("9 pods", () -> livePods(api, ns).size() == 9);
        JsonNode progressing = Poll.value("progressing", () -> conditions(dClient.get(ns, "prop")).get("Progressing"));
        assertThat(progressing.path("status").asText()).isEqualTo("True");
    }

    @Test
    void aTemplateChangeRollsOverWithinMaxSurgeAndMaxUnavailable() throws Exception {
        String ns = namespace();
        ObjectNode d = Workloads.deployment("web", 4, APP, "nginx:1");
        ((ObjectNode) d.get("spec")).putObject("strategy").put("type", "RollingUpdate").putObject("rollingUpdate")
                .put("maxSurge", 1).put("maxUnavailable", 0);
        try (Kubelet k = new Kubelet(ns)) {
            dClient.create(ns, d);
            waitRolledOut(ns, "web");
            ObjectNode oldRs = replicaSets(ns).get(0);

            setImage(ns, "web", "nginx:2");
            List<String> violations = Collections.synchronizedList(new ArrayList<>());
            Poll.until("rolled over", Duration.ofSeconds(30), () -> {
                List<ObjectNode> pods = livePods(api, ns);
                long ready = pods.stream().filter(Workloads::isReady).count();
                if (pods.size() > 5) {
                    violations.add(pods.size() + " pods exceed replicas + maxSurge");
                }
                if (ready < 4) {
                    violations.add(ready + " ready pods are below replicas - maxUnavailable");
                }
                int specTotal = replicaSets(ns).stream().mapToInt(r -> r.path("spec").path("replicas").asInt()).sum();
                if (specTotal > 5) {
                    violations.add("replica sets sum to " + specTotal);
                }
                ObjectNode cur = dClient.get(ns, "web");
                return replicaSets(ns).size() == 2 && rolledOut(cur);
            });
            assertThat(violations).isEmpty();
            ObjectNode old = rsClient.get(ns, Meta.name(oldRs));
            assertThat(old.path("spec").path("replicas").asInt()).isZero();
            ObjectNode newRs = rs(ns, "2");
            assertThat(newRs.path("spec").path("replicas").asInt()).isEqualTo(4);
            assertThat(Meta.name(newRs)).isNotEqualTo(Meta.name(oldRs));
            Poll.until("no old pods", () -> livePods(api, ns).stream().allMatch(p -> controlledBy(p, newRs)));
            assertThat(Meta.annotations(dClient.get(ns, "web"))).containsEntry(Revisions.REVISION, "2");
            Poll.until("scale-down events", () -> Workloads.events(api, ns, "web")
                    .contains("ScalingReplicaSet Scaled down replica set " + Meta.name(oldRs) + " from 1 to 0"));
        }
    }

    @Test
    void recreateScalesTheOldReplicaSetToZeroBeforeTheNewOneStarts() throws Exception {
        String ns = namespace();
        ObjectNode d = Workloads.deployment("db", 2, APP, "postgres:15");
        ((ObjectNode) d.get("spec")).putObject("strategy").put("type", "Recreate");
        try (Kubelet k = new Kubelet(ns)) {
            dClient.create(ns, d);
            waitRolledOut(ns, "db");
            ObjectNode oldRs = replicaSets(ns).get(0);
            setImage(ns, "db", "postgres:16");
            List<String> overlaps = Collections.synchronizedList(new ArrayList<>());
            Poll.until("recreated", Duration.ofSeconds(30), () -> {
                List<ObjectNode> pods = livePods(api, ns);
                long old = pods.stream().filter(p -> controlledBy(p, oldRs)).count();
                if (old > 0 && old < pods.size()) {
                    overlaps.add(old + " old pods alongside " + (pods.size() - old) + " new");
                }
                return replicaSets(ns).size() == 2 && rolledOut(dClient.get(ns, "db"));
            });
            assertThat(overlaps).isEmpty();
            assertThat(rsClient.get(ns, Meta.name(oldRs)).path("spec").path("replicas").asInt()).isZero();
            assertThat(rs(ns, "2").path("spec").path("replicas").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aPausedDeploymentScalesButDoesNotRollOutUntilResumed() throws Exception {
        String ns = namespace();
        try (Kubelet k = new Kubelet(ns)) {
            dClient.create(ns, Workloads.deployment("app", 2, APP, "app:1"));
            waitRolledOut(ns, "app");
            patchSpec(ns, "app", "{\"paused\":true}");
            Poll.until("the paused condition", () -> {
                JsonNode p = conditions(dClient.get(ns, "app")).get("Progressing");
                return p != null && p.path("reason").asText().equals("DeploymentPaused")
                        && p.path("status").asText().equals("Unknown")
                        && p.path("message").asText().equals("Deployment is paused");
            });
            // kubectl rollout restart: a template annotation.
            dClient.modify(ns, "app", d -> {
                ((ObjectNode) d.path("spec").path("template").path("metadata")).putObject("annotations")
                        .put("kubectl.kubernetes.io/restartedAt", "2024-01-01T00:00:00Z");
                ((ObjectNode) d.get("spec")).put("replicas", 3);
                return d;
            });
            Poll.until("scaled while paused", () -> {
                ObjectNode d = dClient.get(ns, "app");
                return d.path("status").path("observedGeneration").asLong() == Meta.generation(d)
                        && livePods(api, ns).size() == 3;
            });
            assertThat(replicaSets(ns)).hasSize(1);
            assertThat(replicaSets(ns).get(0).path("spec").path("replicas").asInt()).isEqualTo(3);

            patchSpec(ns, "app", "{\"paused\":false}");
            Poll.until("rolled out after resume", Duration.ofSeconds(30), () -> replicaSets(ns).size() == 2
                    && rolledOut(dClient.get(ns, "app")) && rs(ns, "2") != null
                    && rs(ns, "2").path("spec").path("template").path("metadata").path("annotations")
                            .has("kubectl.kubernetes.io/restartedAt"));
            Poll.until("completed again", () -> conditions(dClient.get(ns, "app")).get("Progressing").path("reason")
                    .asText().equals("NewReplicaSetAvailable"));
        }
    }

    @Test
    void rollingBackToAnOlderTemplateReusesItsReplicaSetWithANewRevision() throws Exception {
        String ns = namespace();
        try (Kubelet k = new Kubelet(ns)) {
            ObjectNode d = Workloads.deployment("svc", 2, APP, "svc:1");
            Meta.mutableMetadata(d).putObject("annotations").put("kubernetes.io/change-cause", "first");
            dClient.create(ns, d);
            waitRolledOut(ns, "svc");
            ObjectNode first = rs(ns, "1");
            assertThat(Meta.annotations(first)).containsEntry("kubernetes.io/change-cause", "first");
            setImage(ns, "svc", "svc:2");
            Poll.until("revision 2 rolled out", () -> rs(ns, "2") != null && rolledOut(dClient.get(ns, "svc")));

            // kubectl rollout undo: the old ReplicaSet's template (without the hash label) into the Deployment.
            JsonNode template = PodTemplateHash.withoutHashLabel(first.path("spec").path("template"));
            dClient.modify(ns, "svc", cur -> {
                ((ObjectNode) cur.get("spec")).set("template", template);
                return cur;
            });
            Poll.until("rolled back", Duration.ofSeconds(30), () -> {
                ObjectNode cur = dClient.get(ns, "svc");
                return "3".equals(Meta.annotations(cur).get(Revisions.REVISION)) && rolledOut(cur);
            });
            assertThat(replicaSets(ns)).hasSize(2);
            ObjectNode reused = rsClient.get(ns, Meta.name(first));
            assertThat(Meta.uid(reused)).isEqualTo(Meta.uid(first));
            assertThat(Meta.annotations(reused)).containsEntry(Revisions.REVISION, "3")
                    .containsEntry(Revisions.REVISION_HISTORY, "1");
            assertThat(reused.path("spec").path("replicas").asInt()).isEqualTo(2);
        }
    }

    @Test
    void oldReplicaSetsBeyondTheRevisionHistoryLimitAreDeleted() throws Exception {
        String ns = namespace();
        try (Kubelet k = new Kubelet(ns)) {
            ObjectNode d = Workloads.deployment("hist", 1, APP, "hist:1");
            ((ObjectNode) d.get("spec")).put("revisionHistoryLimit", 1);
            dClient.create(ns, d);
            waitRolledOut(ns, "hist");
            for (int v = 2; v <= 4; v++) {
                setImage(ns, "hist", "hist:" + v);
                String revision = Integer.toString(v);
                Poll.until("revision " + v, Duration.ofSeconds(30), () -> rs(ns, revision) != null
                        && rolledOut(dClient.get(ns, "hist")));
            }
            Poll.until("only the new and one old ReplicaSet remain", () -> replicaSets(ns).size() == 2);
            assertThat(replicaSets(ns)).extracting(r -> Meta.annotations(r).get(Revisions.REVISION))
                    .containsExactlyInAnyOrder("3", "4");
        }
    }
}
