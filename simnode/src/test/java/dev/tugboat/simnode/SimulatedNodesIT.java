package dev.tugboat.simnode;

import dev.tugboat.kubelet.pod.RestartBackoff;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.PatchType;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Simulated nodes against a real in-process API server, with short lease and backoff times. */
class SimulatedNodesIT {

    private static final GroupVersionResource NODES = new GroupVersionResource("", "v1", "nodes");
    private static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    private static final GroupVersionResource LEASES = new GroupVersionResource("coordination.k8s.io", "v1",
            "leases");

    private static TestApiServer server;
    private static ApiClient api;
    private static SimulatedNodes sim;
    private static ResourceClient nodes;
    private static ResourceClient pods;
    private static ResourceClient leases;

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        api = server.client();
        nodes = api.resource(NODES);
        pods = api.resource(PODS);
        leases = api.resource(LEASES);
        SimNodeConfig config = SimNodeConfig.withNodes(2).withLease(Duration.ofSeconds(2), Duration.ofMillis(200))
                .withWorkers(4);
        sim = new SimulatedNodes(api, SystemClock.INSTANCE, config,
                new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4)));
        sim.start();
        Poll.until("simulated nodes synced", sim::isSynced);
        // What the Node IPAM controller does: sim-node-0 gets a podCIDR (sim-node-1 keeps none for a while).
        setPodCidr("sim-node-0", "10.244.7.0/24");
    }

    @AfterAll
    static void stop() {
        sim.close();
        server.close();
    }

    private static void setPodCidr(String node, String cidr) {
        ObjectNode patch = Json.object();
        patch.putObject("spec").put("podCIDR", cidr).putArray("podCIDRs").add(cidr);
        nodes.patch("", node, PatchType.MERGE, patch);
    }

    private static JsonNode condition(JsonNode obj, String type) {
        for (JsonNode c : obj.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c;
            }
        }
        return Json.object();
    }

    private static ObjectNode pod(String name, String node, String... annotations) {
        ObjectNode pod = Json.object();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata");
        meta.put("name", name);
        ObjectNode ann = meta.putObject("annotations");
        for (int i = 0; i + 1 < annotations.length; i += 2) {
            ann.put(annotations[i], annotations[i + 1]);
        }
        ObjectNode spec = pod.putObject("spec");
        spec.put("nodeName", node);
        spec.putArray("containers").addObject().put("name", "app").put("image", "nginx:1.27");
        return pod;
    }

    private static JsonNode getPod(String name) {
        return pods.get("default", name);
    }

    @Test
    void nodesRegisterBecomeReadyAndRenewTheirLeases() {
        String gitVersion = api.get("/version", "application/json").path("gitVersion").asText();
        for (String name : new String[] {"sim-node-0", "sim-node-1"}) {
            JsonNode node = Poll.value("node " + name + " ready", () -> {
                JsonNode n = nodes.get("", name);
                return "True".equals(condition(n, "Ready").path("status").asText()) ? n : null;
            });
            assertThat(condition(node, "Ready").path("reason").asText()).isEqualTo("KubeletReady");
            assertThat(condition(node, "Ready").path("message").asText()).isEqualTo("kubelet is posting ready status");
            assertThat(condition(node, "MemoryPressure").path("reason").asText())
                    .isEqualTo("KubeletHasSufficientMemory");
            assertThat(condition(node, "DiskPressure").path("status").asText()).isEqualTo("False");
            assertThat(condition(node, "PIDPressure").path("reason").asText()).isEqualTo("KubeletHasSufficientPID");
            assertThat(Meta.labels(node)).containsEntry("kubernetes.io/hostname", name)
                    .containsEntry("kubernetes.io/os", "linux").containsEntry("kubernetes.io/arch", "amd64")
                    .containsEntry("type", "simulated");
            assertThat(Meta.annotations(node)).containsEntry(SimAnnotations.SIMULATED, "true")
                    .containsEntry("metrics.k8s.io/resource-metrics-path", "/metrics/nodes/" + name + "/metrics/resource");
            JsonNode status = node.path("status");
            assertThat(status.path("capacity").path("cpu").asText()).isEqualTo("32");
            assertThat(status.path("allocatable").path("memory").asText()).isEqualTo("256Gi");
            assertThat(status.path("capacity").path("pods").asText()).isEqualTo("110");
            assertThat(status.path("nodeInfo").path("kubeletVersion").asText()).isEqualTo(gitVersion);
            assertThat(status.path("nodeInfo").path("containerRuntimeVersion").asText())
                    .isEqualTo("simulated://0.1.0");
            assertThat(status.path("addresses").get(0).path("type").asText()).isEqualTo("InternalIP");
            assertThat(status.path("addresses").get(0).path("address").asText()).isEqualTo("127.0.0.1");
            assertThat(status.path("addresses").get(1).path("address").asText()).isEqualTo(name);
            assertThat(status.path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt()).isPositive();

            JsonNode lease = Poll.value("lease of " + name, () -> {
                try {
                    return leases.get("kube-node-lease", name);
                } catch (StatusException e) {
                    return null;
                }
            });
            assertThat(lease.path("spec").path("holderIdentity").asText()).isEqualTo(name);
            assertThat(lease.path("spec").path("leaseDurationSeconds").asInt()).isEqualTo(2);
            assertThat(lease.path("metadata").path("ownerReferences").get(0).path("uid").asText())
                    .isEqualTo(Meta.uid(node));
            String renewed = lease.path("spec").path("renewTime").asText();
            Poll.until("lease of " + name + " renewed", () -> !leases.get("kube-node-lease", name)
                    .path("spec").path("renewTime").asText().equals(renewed));
        }
    }

    @Test
    void aBoundPodBecomesRunningAndReadyWithAnAddressFromThePodCidr() {
        pods.create("default", pod("web", "sim-node-0"));
        JsonNode pod = Poll.value("web ready", () -> {
            JsonNode p = getPod("web");
            return "True".equals(condition(p, "Ready").path("status").asText()) ? p : null;
        });
        JsonNode status = pod.path("status");
        assertThat(status.path("phase").asText()).isEqualTo("Running");
        String ip = status.path("podIP").asText();
        assertThat(ip).startsWith("10.244.7.").isNotIn("10.244.7.0", "10.244.7.1", "10.244.7.255");
        assertThat(status.path("podIPs").get(0).path("ip").asText()).isEqualTo(ip);
        String nodeIp = nodes.get("", "sim-node-0").path("status").path("addresses").get(0).path("address").asText();
        assertThat(status.path("hostIP").asText()).isEqualTo(nodeIp);
        assertThat(status.path("startTime").isTextual()).isTrue();
        for (String type : new String[] {"PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready"}) {
            assertThat(condition(pod, type).path("status").asText()).as(type).isEqualTo("True");
        }
        JsonNode c = status.path("containerStatuses").get(0);
        assertThat(c.path("ready").asBoolean()).isTrue();
        assertThat(c.path("started").asBoolean()).isTrue();
        assertThat(c.path("restartCount").asInt()).isZero();
        assertThat(c.path("image").asText()).isEqualTo("docker.io/library/nginx:1.27");
        assertThat(c.path("containerID").asText()).startsWith("simulated://");
        assertThat(c.path("state").path("running").path("startedAt").isTextual()).isTrue();

        // Settled: no further writes.
        String rv = Meta.resourceVersion(pod);
        pods.create("default", pod("web-2", "sim-node-0"));
        Poll.until("web-2 running", () -> "Running".equals(getPod("web-2").path("status").path("phase").asText()));
        assertThat(Meta.resourceVersion(getPod("web"))).isEqualTo(rv);
        assertThat(getPod("web-2").path("status").path("podIP").asText()).isNotEqualTo(ip);
    }

    @Test
    void aPodWaitsForItsNodesPodCidr() throws Exception {
        pods.create("default", pod("patient", "sim-node-1"));
        Thread.sleep(500);
        assertThat(getPod("patient").path("status").path("podIP").isMissingNode()).isTrue();
        setPodCidr("sim-node-1", "10.244.8.0/24");
        Poll.until("patient gets an address", () -> getPod("patient").path("status").path("podIP").asText()
                .startsWith("10.244.8."));
    }

    @Test
    void anExitingPodWithRestartPolicyNeverSucceedsOrFails() {
        ObjectNode ok = pod("done-ok", "sim-node-0", SimAnnotations.EXIT_AFTER, "300ms");
        ok.with("spec").put("restartPolicy", "Never");
        ObjectNode bad = pod("done-bad", "sim-node-0", SimAnnotations.EXIT_AFTER, "300ms",
                SimAnnotations.EXIT_CODE, "3");
        bad.with("spec").put("restartPolicy", "Never");
        pods.create("default", ok);
        pods.create("default", bad);
        Poll.until("done-ok succeeded", () -> "Succeeded".equals(getPod("done-ok").path("status").path("phase")
                .asText()));
        Poll.until("done-bad failed", () -> "Failed".equals(getPod("done-bad").path("status").path("phase")
                .asText()));
        JsonNode okTerm = getPod("done-ok").path("status").path("containerStatuses").get(0).path("state")
                .path("terminated");
        assertThat(okTerm.path("exitCode").asInt()).isZero();
        assertThat(okTerm.path("reason").asText()).isEqualTo("Completed");
        JsonNode badPod = getPod("done-bad");
        JsonNode badTerm = badPod.path("status").path("containerStatuses").get(0).path("state").path("terminated");
        assertThat(badTerm.path("exitCode").asInt()).isEqualTo(3);
        assertThat(badTerm.path("reason").asText()).isEqualTo("Error");
        assertThat(condition(badPod, "Ready").path("reason").asText()).isEqualTo("PodFailed");
    }

    @Test
    void anExitingPodWithRestartPolicyAlwaysRestartsWithBackoff() {
        pods.create("default", pod("crasher", "sim-node-0", SimAnnotations.EXIT_AFTER, "200ms",
                SimAnnotations.EXIT_CODE, "1"));
        AtomicReference<JsonNode> waiting = new AtomicReference<>();
        Poll.until("crasher in CrashLoopBackOff", () -> {
            JsonNode c = getPod("crasher").path("status").path("containerStatuses").path(0);
            if ("CrashLoopBackOff".equals(c.path("state").path("waiting").path("reason").asText())) {
                waiting.set(c);
                return true;
            }
            return false;
        });
        JsonNode c = waiting.get();
        assertThat(c.path("ready").asBoolean()).isFalse();
        assertThat(c.path("restartCount").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(c.path("lastState").path("terminated").path("exitCode").asInt()).isEqualTo(1);
        assertThat(c.path("state").path("waiting").path("message").asText())
                .startsWith("back-off 1s restarting failed container=app pod=crasher_default(");
        Poll.until("crasher restarted twice", () -> getPod("crasher").path("status").path("containerStatuses")
                .path(0).path("restartCount").asInt() >= 2);
        assertThat(getPod("crasher").path("status").path("phase").asText()).isEqualTo("Running");
    }

    @Test
    void aDeletedPodGoesAway() {
        pods.create("default", pod("doomed", "sim-node-0"));
        Poll.until("doomed running", () -> "Running".equals(getPod("doomed").path("status").path("phase").asText()));
        pods.delete("default", "doomed");
        Poll.until("doomed gone", () -> {
            try {
                getPod("doomed");
                return false;
            } catch (StatusException e) {
                return e.isNotFound();
            }
        });
    }

    @Test
    void aPodAskingForGracefulTerminationTakesItsGracePeriod() throws Exception {
        ObjectNode p = pod("slow", "sim-node-0", SimAnnotations.GRACEFUL_TERMINATION, "true");
        p.with("spec").put("terminationGracePeriodSeconds", 2);
        pods.create("default", p);
        Poll.until("slow running", () -> "Running".equals(getPod("slow").path("status").path("phase").asText()));
        pods.delete("default", "slow");
        Thread.sleep(700);
        JsonNode terminating = getPod("slow");
        assertThat(Meta.isDeleting(terminating)).isTrue();
        assertThat(terminating.path("status").path("containerStatuses").get(0).path("state").has("running")).isTrue();
        Poll.until("slow gone", () -> {
            try {
                getPod("slow");
                return false;
            } catch (StatusException e) {
                return e.isNotFound();
            }
        });
    }

    @Test
    void aStoppedHeartbeatStopsLeaseRenewalsAndAUserCreatedNodeIsManaged() throws Exception {
        ObjectNode node = Json.object();
        node.put("apiVersion", "v1");
        node.put("kind", "Node");
        node.putObject("metadata").put("name", "kubectl-node").putObject("annotations")
                .put(SimAnnotations.SIMULATED, "true");
        nodes.create("", node);
        Poll.until("kubectl-node ready", () -> "True".equals(condition(nodes.get("", "kubectl-node"), "Ready")
                .path("status").asText()));
        assertThat(Meta.labels(nodes.get("", "kubectl-node"))).containsEntry("kubernetes.io/hostname",
                "kubectl-node");
        Poll.until("kubectl-node lease", () -> {
            try {
                leases.get("kube-node-lease", "kubectl-node");
                return true;
            } catch (StatusException e) {
                return false;
            }
        });

        ObjectNode stop = Json.object();
        stop.putObject("metadata").putObject("annotations").put(SimAnnotations.HEARTBEAT, "stopped");
        nodes.patch("", "kubectl-node", PatchType.MERGE, stop);
        Thread.sleep(600);
        String frozen = renewTime("kubectl-node");
        Thread.sleep(1000);
        assertThat(renewTime("kubectl-node")).isEqualTo(frozen);

        ObjectNode resume = Json.object();
        resume.putObject("metadata").putObject("annotations").putNull(SimAnnotations.HEARTBEAT);
        nodes.patch("", "kubectl-node", PatchType.MERGE, resume);
        Poll.until("renewals resume", () -> !renewTime("kubectl-node").equals(frozen));

        sim.stopHeartbeat("kubectl-node");
        Thread.sleep(600);
        String frozenAgain = renewTime("kubectl-node");
        Thread.sleep(1000);
        assertThat(renewTime("kubectl-node")).isEqualTo(frozenAgain);
        sim.resumeHeartbeat("kubectl-node");
        Poll.until("renewals resume after the call", () -> !renewTime("kubectl-node").equals(frozenAgain));
        Instant renewed = Timestamps.parse(renewTime("kubectl-node")).orElseThrow();
        assertThat(renewed).isAfter(Instant.now().minusSeconds(5));
    }

    private static String renewTime(String node) {
        return leases.get("kube-node-lease", node).path("spec").path("renewTime").asText();
    }

    /** GET of a node's resource metrics at the address and path its Node object advertises. */
    private static HttpResponse<String> scrape(String node) {
        JsonNode n = nodes.get("", node);
        String url = "http://" + n.at("/status/addresses/0/address").asText() + ":"
                + n.at("/status/daemonEndpoints/kubeletEndpoint/Port").asInt()
                + Meta.annotations(n).get("metrics.k8s.io/resource-metrics-path");
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of the sample line starting with {@code series} (name and labels). */
    private static double sample(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.split(" ")[1]);
            }
        }
        throw new AssertionError("no " + series + " in\n" + text);
    }

    @Test
    void eachNodeServesItsResourceMetricsWithCountersGrowingByTheAnnotatedUsage() throws Exception {
        pods.create("default", pod("busy", "sim-node-0", SimAnnotations.SIMULATED_USAGE, "cpu=500m,memory=64Mi"));
        Poll.until("busy running", () -> "Running".equals(getPod("busy").path("status").path("phase").asText()));
        String series = "container_cpu_usage_seconds_total{container=\"app\",namespace=\"default\",pod=\"busy\"}";
        Poll.until("busy is counted", () -> scrape("sim-node-0").body().contains(series));
        HttpResponse<String> first = scrape("sim-node-0");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(first.body()).contains("# HELP node_cpu_usage_seconds_total [STABLE] Cumulative cpu time "
                + "consumed by the node in core-seconds\n# TYPE node_cpu_usage_seconds_total counter\n");
        assertThat(sample(first.body(), "container_memory_working_set_bytes{container=\"app\",namespace=\"default\","
                + "pod=\"busy\"}")).isEqualTo(64 * 1024 * 1024);
        double cpu0 = sample(first.body(), series);
        double node0 = sample(first.body(), "node_cpu_usage_seconds_total");
        Thread.sleep(1000);
        String second = scrape("sim-node-0").body();
        // Half a core for about a second (the sleep, plus the time between the two requests).
        assertThat(sample(second, series) - cpu0).isBetween(0.45, 0.9);
        assertThat(sample(second, "node_cpu_usage_seconds_total") - node0).isGreaterThan(sample(second, series) - cpu0);
        assertThat(sample(second, "node_memory_working_set_bytes")).isGreaterThan(64 * 1024 * 1024);

        // A deleted pod leaves the metrics, and what it used stays in its node's counter.
        double nodeBefore = sample(scrape("sim-node-0").body(), "node_cpu_usage_seconds_total");
        pods.delete("default", "busy");
        Poll.until("busy gone from the metrics", () -> !scrape("sim-node-0").body().contains("pod=\"busy\""));
        assertThat(sample(scrape("sim-node-0").body(), "node_cpu_usage_seconds_total")).isGreaterThanOrEqualTo(nodeBefore);
        assertThat(scrapeStatus("/metrics/nodes/no-such-node/metrics/resource")).isEqualTo(404);
    }

    private static int scrapeStatus(String path) throws Exception {
        JsonNode n = nodes.get("", "sim-node-0");
        String url = "http://127.0.0.1:" + n.at("/status/daemonEndpoints/kubeletEndpoint/Port").asInt() + path;
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }
}
