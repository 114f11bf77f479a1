package dev.tugboat.controllers.podautoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.Watch;
import dev.tugboat.client.rest.WatchEvent;
import dev.tugboat.client.rest.WatchOptions;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import dev.tugboat.controllers.Objects;
import dev.tugboat.controllers.Workloads;
import dev.tugboat.controllers.deployment.DeploymentController;
import dev.tugboat.controllers.deployment.DeploymentControllerConfig;
import dev.tugboat.controllers.replicaset.ReplicaSetController;
import dev.tugboat.controllers.replicaset.ReplicaSetControllerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HorizontalPodAutoscaler controller against a real API server, with the Deployment and ReplicaSet
 * controllers scaling the targets, a 1 s sync period, and {@link FakeResourceMetrics} saying what the
 * pods use. No kubelet runs: the test marks pods Running and Ready (since ten minutes, so that their CPU
 * samples are trusted).
 */
class HorizontalPodAutoscalerControllerTest {

    static final Duration SYNC = Duration.ofSeconds(1);
    static TestApiServer server;
    static ApiClient api;
    static FakeResourceMetrics metrics;
    static ReplicaSetController replicaSets;
    static DeploymentController deployments;
    static HorizontalPodAutoscalerController autoscalers;
    static ResourceClient hpas;
    static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        api = server.client();
        metrics = new FakeResourceMetrics(server.client());
        replicaSets = new ReplicaSetController(server.newClient("replicaset-controller"), SystemClock.INSTANCE,
                ReplicaSetControllerConfig.replicaSets());
        deployments = new DeploymentController(server.newClient("deployment-controller"), SystemClock.INSTANCE,
                DeploymentControllerConfig.defaults());
        autoscalers = new HorizontalPodAutoscalerController(server.newClient("horizontal-pod-autoscaler"),
                SystemClock.INSTANCE, HorizontalPodAutoscalerConfig.defaults().withSyncPeriod(SYNC), metrics);
        replicaSets.start();
        deployments.start();
        autoscalers.start();
        Poll.until("the controllers synced", () -> replicaSets.isSynced() && deployments.isSynced()
                && autoscalers.isSynced());
        hpas = api.resource(HorizontalPodAutoscalerController.HPAS);
    }

    @AfterAll
    static void stop() {
        autoscalers.close();
        deployments.close();
        replicaSets.close();
        server.close();
    }

    static String namespace() {
        String ns = "hpa" + SEQ.incrementAndGet();
        Objects.namespace(api, ns);
        return ns;
    }

    /**
     * A namespace with a Deployment {@code web} of {@code replicas} pods, each with one container {@code c}
     * requesting {@code cpuRequest} (or nothing) and using {@code cpuUsage}; the pods are Running and Ready
     * since ten minutes.
     */
    static String deploymentUsing(int replicas, String cpuRequest, String cpuUsage) {
        String ns = namespace();
        ObjectNode d = Workloads.deployment("web", replicas, Map.of("app", "web"), "nginx");
        if (cpuRequest != null) {
            ObjectNode c = (ObjectNode) d.path("spec").path("template").path("spec").path("containers").get(0);
            c.putObject("resources").putObject("requests").put("cpu", cpuRequest);
        }
        api.resource(Workloads.DEPLOYMENTS).create(ns, d);
        List<ObjectNode> pods = Poll.value(replicas + " pods in " + ns, () -> {
            List<ObjectNode> live = Workloads.livePods(api, ns);
            return live.size() == replicas ? live : null;
        });
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(10));
        pods.forEach(pod -> Workloads.markReady(api, pod, longAgo));
        metrics.setCpu(ns, cpuUsage);
        return ns;
    }

    /** Waits until the autoscaler {@code name} matches {@code what} and returns it. */
    static JsonNode awaitAutoscaler(String ns, String name, String what, Predicate<JsonNode> matches) {
        return Poll.value(name + ": " + what, () -> {
            JsonNode hpa = hpas.get(ns, name);
            return matches.test(hpa) ? hpa : null;
        });
    }

    static Predicate<JsonNode> conditionReason(String type, String reason) {
        return hpa -> condition(hpa, type).path("reason").asText().equals(reason);
    }

    /** An autoscaler {@code web} of Deployment {@code web} on CPU utilization, with an optional behavior. */
    static ObjectNode autoscaler(String ns, int min, int max, int cpuPercent, String behaviorJson) throws Exception {
        return autoscaler(ns, "web", min, max, cpuPercent, behaviorJson);
    }

    static ObjectNode autoscaler(String ns, String name, int min, int max, int cpuPercent, String behaviorJson)
            throws Exception {
        ObjectNode hpa = Objects.named("autoscaling/v2", "HorizontalPodAutoscaler", name);
        ObjectNode spec = hpa.putObject("spec").put("minReplicas", min).put("maxReplicas", max);
        spec.putObject("scaleTargetRef").put("apiVersion", "apps/v1").put("kind", "Deployment").put("name", "web");
        ObjectNode metric = spec.putArray("metrics").addObject().put("type", "Resource");
        metric.putObject("resource").put("name", "cpu").putObject("target").put("type", "Utilization")
                .put("averageUtilization", cpuPercent);
        if (behaviorJson != null) {
            spec.set("behavior", Json.parse(behaviorJson.getBytes()));
        }
        return hpas.create(ns, hpa);
    }

    static int deploymentReplicas(String ns) {
        return api.resource(Workloads.DEPLOYMENTS).get(ns, "web").path("spec").path("replicas").asInt();
    }

    static JsonNode condition(JsonNode hpa, String type) {
        for (JsonNode c : hpa.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c;
            }
        }
        return Json.object();
    }

    static String describe(JsonNode c) {
        return c.path("status").asText() + " " + c.path("reason").asText() + ": " + c.path("message").asText();
    }

    /** The autoscaler's events as {@code Type Reason: message}, waiting until one with {@code reason} exists. */
    static List<String> events(String ns, String reason) {
        return Poll.value("a " + reason + " event in " + ns, () -> {
            List<String> found = api.resource(Workloads.EVENTS).list(ns, ListOptions.ALL).items().stream()
                    .filter(e -> e.path("involvedObject").path("kind").asText().equals("HorizontalPodAutoscaler"))
                    .filter(e -> e.path("source").path("component").asText().equals("horizontal-pod-autoscaler"))
                    .map(e -> e.path("type").asText() + " " + e.path("reason").asText() + ": "
                            + e.path("message").asText())
                    .toList();
            return found.stream().anyMatch(e -> e.contains(" " + reason + ": ")) ? found : null;
        });
    }

    /** The autoscaler as {@code kubectl get hpa} prints it: the Table row's cells. */
    static List<String> tableRow(String ns) throws Exception {
        JsonNode table = api.get("/apis/autoscaling/v2/namespaces/" + ns + "/horizontalpodautoscalers/web",
                "application/json;as=Table;v=v1;g=meta.k8s.io");
        return Json.MAPPER.convertValue(table.path("rows").get(0).path("cells"),
                Json.MAPPER.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    @Test
    void podsAboveTheTargetScaleTheDeploymentUp() throws Exception {
        String ns = deploymentUsing(2, "100m", "100m");
        long generation = Meta.generation(autoscaler(ns, 1, 10, 50, null));

        // 100% against a 50% target: twice the pods. The new pods stay Pending, so they count as idle and
        // the count settles at 4.
        Poll.until("the Deployment scaled to 4", () -> deploymentReplicas(ns) == 4);
        JsonNode hpa = awaitAutoscaler(ns, "web", "settled at 4", conditionReason("AbleToScale", "ReadyForNewScale")
                .and(h -> h.path("status").path("currentReplicas").asInt() == 4
                        && h.path("status").path("desiredReplicas").asInt() == 4));
        JsonNode status = hpa.path("status");
        assertThat(status.path("observedGeneration").asLong()).isEqualTo(generation);
        assertThat(status.path("lastScaleTime").asText()).isNotEmpty();
        assertThat(status.path("currentMetrics")).hasSize(1);
        JsonNode cpu = status.path("currentMetrics").get(0);
        assertThat(cpu.path("type").asText()).isEqualTo("Resource");
        assertThat(cpu.path("resource").path("name").asText()).isEqualTo("cpu");
        assertThat(cpu.path("resource").path("current").path("averageUtilization").asInt()).isEqualTo(100);
        assertThat(cpu.path("resource").path("current").path("averageValue").asText()).isEqualTo("100m");
        assertThat(describe(condition(hpa, "AbleToScale")))
                .isEqualTo("True ReadyForNewScale: recommended size matches current size");
        assertThat(describe(condition(hpa, "ScalingActive"))).isEqualTo("True ValidMetricFound: the HPA was able to "
                + "successfully calculate a replica count from cpu resource utilization (percentage of request)");
        assertThat(describe(condition(hpa, "ScalingLimited")))
                .isEqualTo("False DesiredWithinRange: the desired count is within the acceptable range");
        assertThat(status.path("conditions").get(0).path("type").asText()).isEqualTo("AbleToScale");

        assertThat(events(ns, "SuccessfulRescale")).contains(
                "Normal SuccessfulRescale: New size: 4; reason: cpu resource utilization (percentage of request) above target");
        assertThat(tableRow(ns)).containsExactly("web", "Deployment/web", "cpu: 100%/50%", "1", "10", "4",
                tableRow(ns).get(6));

        // Settled: the autoscaler writes nothing more.
        String settled = Meta.resourceVersion(hpas.get(ns, "web"));
        Thread.sleep(SYNC.multipliedBy(3).toMillis());
        assertThat(Meta.resourceVersion(hpas.get(ns, "web"))).as("resourceVersion after three sync periods")
                .isEqualTo(settled);
        assertThat(deploymentReplicas(ns)).isEqualTo(4);
    }

    @Test
    void scaleDownWaitsOutTheStabilizationWindow() throws Exception {
        String ns = deploymentUsing(4, "100m", "50m");
        ObjectNode created = autoscaler(ns, 1, 10, 50, "{\"scaleDown\":{\"stabilizationWindowSeconds\":4}}");
        // The API server filled in the rest of the behavior; the controller uses what is stored.
        assertThat(created.path("spec").path("behavior").path("scaleDown").path("policies").get(0).path("type").asText())
                .isEqualTo("Percent");
        awaitAutoscaler(ns, "web", "saw the pods at the target", h -> h.path("status").path("desiredReplicas").asInt() == 4
                && h.path("status").path("currentMetrics").path(0).path("resource").path("current")
                .path("averageUtilization").asInt() == 50);

        Instant lowered = Instant.now();
        metrics.setCpu(ns, "10m");
        AtomicBoolean stabilized = new AtomicBoolean();
        Poll.until("the Deployment scaled down to 1", () -> {
            JsonNode hpa = hpas.get(ns, "web");
            if (condition(hpa, "AbleToScale").path("reason").asText().equals("ScaleDownStabilized")) {
                stabilized.set(true);
                assertThat(hpa.path("status").path("desiredReplicas").asInt()).isEqualTo(4);
                assertThat(condition(hpa, "AbleToScale").path("message").asText()).isEqualTo(
                        "recent recommendations were higher than current one, applying the highest recent recommendation");
            }
            return deploymentReplicas(ns) == 1;
        });
        Duration waited = Duration.between(lowered, Instant.now());
        assertThat(stabilized).as("ScaleDownStabilized was reported while waiting").isTrue();
        // The last high recommendation came at most one sync period before the usage fell.
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofSeconds(4).minus(SYNC));
        assertThat(events(ns, "SuccessfulRescale")).contains("Normal SuccessfulRescale: New size: 1; reason: All metrics below target");
    }

    @Test
    void withoutBehaviorTheScaleUpIsAtMostDoubled() throws Exception {
        String ns = deploymentUsing(1, "100m", "1");
        ObjectNode created = autoscaler(ns, 1, 20, 10, null);
        // 1000% against 10% asks for 10 pods; one step may go to max(2 x 1, 4) = 4. The status written with
        // that first rescale says so (later steps go on doubling): read it from a watch, which sees each write.
        JsonNode firstRescale;
        try (Watch watch = hpas.watch(ns, WatchOptions.DEFAULT.withFieldSelector("metadata.name=web")
                .withResourceVersion(Meta.resourceVersion(created)).withTimeoutSeconds(30))) {
            JsonNode found = null;
            WatchEvent e;
            while (found == null && (e = watch.next()) != null) {
                if (e.object().path("status").has("lastScaleTime")) {
                    found = e.object();
                }
            }
            firstRescale = found;
        }
        assertThat(firstRescale).as("a status written with a rescale").isNotNull();
        assertThat(firstRescale.path("status").path("desiredReplicas").asInt()).isEqualTo(4);
        assertThat(describe(condition(firstRescale, "AbleToScale"))).isEqualTo(
                "True SucceededRescale: the HPA controller was able to update the target scale to 4");
        assertThat(describe(condition(firstRescale, "ScalingLimited"))).isEqualTo(
                "True ScaleUpLimit: the desired replica count is increasing faster than the maximum scale rate");
        assertThat(events(ns, "SuccessfulRescale")).contains("Normal SuccessfulRescale: New size: 4; reason: "
                + "cpu resource utilization (percentage of request) above target");
    }

    @Test
    void aContainerWithoutCpuRequestIsReported() throws Exception {
        String ns = deploymentUsing(1, null, "100m");
        String pod = Meta.name(Workloads.livePods(api, ns).getFirst());
        autoscaler(ns, 1, 5, 50, null);
        String cause = "failed to get cpu utilization: missing request for cpu in container c of Pod " + pod;
        JsonNode hpa = awaitAutoscaler(ns, "web", "ScalingActive False",
                conditionReason("ScalingActive", "FailedGetResourceMetric"));
        assertThat(describe(condition(hpa, "ScalingActive"))).isEqualTo("False FailedGetResourceMetric: "
                + "the HPA was unable to compute the replica count: " + cause);
        assertThat(describe(condition(hpa, "AbleToScale"))).isEqualTo(
                "True SucceededGetScale: the HPA controller was able to get the target's current scale");
        assertThat(hpa.path("status").path("currentReplicas").asInt()).isEqualTo(1);
        assertThat(events(ns, "FailedComputeMetricsReplicas")).contains(
                "Warning FailedGetResourceMetric: " + cause,
                "Warning FailedComputeMetricsReplicas: invalid metrics (1 invalid out of 1), first error is: "
                        + "failed to get cpu resource metric value: " + cause);
        assertThat(tableRow(ns).get(2)).isEqualTo("cpu: <unknown>/50%");
        assertThat(deploymentReplicas(ns)).isEqualTo(1);
    }

    @Test
    void twoAutoscalersOfTheSamePodsAreBothStopped() throws Exception {
        String ns = deploymentUsing(2, "100m", "100m");
        autoscaler(ns, "web", 1, 10, 50, null);
        autoscaler(ns, "web-too", 1, 10, 50, null);
        String message = "pods by selector app=web are controlled by multiple HPAs: [" + ns + "/web " + ns + "/web-too]";
        for (String name : List.of("web", "web-too")) {
            JsonNode hpa = awaitAutoscaler(ns, name, "reports the ambiguity",
                    conditionReason("ScalingActive", "AmbiguousSelector"));
            assertThat(describe(condition(hpa, "ScalingActive"))).isEqualTo("False AmbiguousSelector: " + message);
        }
        assertThat(events(ns, "AmbiguousSelector")).contains("Warning AmbiguousSelector: " + message);
        // With the other one gone the remaining autoscaler acts (it may have scaled already if it was
        // reconciled before the second one existed).
        hpas.delete(ns, "web-too");
        Poll.until("the remaining autoscaler scales", () -> deploymentReplicas(ns) == 4);
    }

    @Test
    void aMissingTargetIsReported() throws Exception {
        String ns = namespace();
        autoscaler(ns, 1, 5, 50, null);
        JsonNode hpa = awaitAutoscaler(ns, "web", "AbleToScale False", conditionReason("AbleToScale", "FailedGetScale"));
        assertThat(describe(condition(hpa, "AbleToScale"))).isEqualTo("False FailedGetScale: the HPA controller was "
                + "unable to get the target's current scale: deployments.apps \"web\" not found");
        assertThat(events(ns, "FailedGetScale")).contains("Warning FailedGetScale: deployments.apps \"web\" not found");
    }
}
