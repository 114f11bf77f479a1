package dev.tugboat.apiserver.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.tugboat.api.meta.GoDurations;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.api.quantity.Quantity;
import dev.tugboat.apiserver.ApiServerConfig;
import dev.tugboat.apiserver.testing.TestServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The metrics.k8s.io API of a real server that scrapes a fake kubelet on loopback every second: node
 * n1 uses 1.5 cores and 2Gi, pod default/web's container 250m and 64Mi; the kubelet also reports a pod
 * the server does not know and one bound to another node, which are left out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsApiTest {

    private static final String BASE = "/apis/metrics.k8s.io/v1beta1";
    private final Instant kubeletStart = Instant.now();
    private final AtomicInteger scrapes = new AtomicInteger();
    private HttpServer kubelet;
    private TestServer server;

    /** What the fake kubelet answers: counters that grow at fixed rates, at the millisecond it is asked. */
    private String metricsText() {
        Instant now = Instant.now();
        long ms = now.toEpochMilli();
        double up = Duration.between(kubeletStart, Instant.ofEpochMilli(ms)).toNanos() / 1e9;
        StringBuilder b = new StringBuilder();
        b.append("# HELP node_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the node\n");
        b.append("# TYPE node_cpu_usage_seconds_total counter\n");
        b.append("node_cpu_usage_seconds_total ").append(1000 + 1.5 * up).append(' ').append(ms).append('\n');
        b.append("node_memory_working_set_bytes 2.147483648e+09 ").append(ms).append('\n');
        for (String pod : List.of("web", "ghost", "elsewhere")) {
            String labels = "{container=\"app\",namespace=\"default\",pod=\"" + pod + "\"}";
            b.append("container_cpu_usage_seconds_total").append(labels).append(' ').append(0.25 * up).append(' ')
                    .append(ms).append('\n');
            b.append("container_memory_working_set_bytes").append(labels).append(" 6.7108864e+07 ").append(ms)
                    .append('\n');
        }
        return b.toString();
    }

    @BeforeAll
    void start() throws Exception {
        kubelet = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        kubelet.createContext("/custom/n1/resource", ex -> {
            scrapes.incrementAndGet();
            byte[] body = metricsText().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        kubelet.start();
        server = new TestServer(ApiServerConfig.defaults().withMetricResolution(Duration.ofSeconds(1)));
        ok(server.post("/api/v1/namespaces/default/serviceaccounts", "{\"metadata\":{\"name\":\"default\"}}"));
        ok(server.post("/api/v1/nodes", node("n1", true, kubelet.getAddress().getPort(), "/custom/n1/resource")));
        // n2 is not Ready: it is not scraped, though its endpoint is the same.
        ok(server.post("/api/v1/nodes", node("n2", false, kubelet.getAddress().getPort(), "/custom/n1/resource")));
        ok(server.post("/api/v1/namespaces/default/pods", pod("web", "n1")));
        ok(server.post("/api/v1/namespaces/default/pods", pod("elsewhere", "n2")));
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (kubelet != null) {
            kubelet.stop(0);
        }
    }

    private static String node(String name, boolean ready, int port, String path) {
        return """
                {"metadata":{"name":"%s","labels":{"zone":"a"},"annotations":{"metrics.k8s.io/resource-metrics-path":"%s"}},
                 "status":{"conditions":[{"type":"Ready","status":"%s"}],
                  "addresses":[{"type":"InternalIP","address":"127.0.0.1"},{"type":"Hostname","address":"%s"}],
                  "daemonEndpoints":{"kubeletEndpoint":{"Port":%d}}}}
                """.formatted(name, path, ready ? "True" : "False", name, port);
    }

    private static String pod(String name, String node) {
        return """
                {"metadata":{"name":"%s","labels":{"app":"%s"}},
                 "spec":{"nodeName":"%s","containers":[{"name":"app","image":"nginx"}]}}
                """.formatted(name, name, node);
    }

    private static TestServer.Response ok(TestServer.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 201);
        return r;
    }

    /** Waits for pod metrics, which need two scrapes of the node. */
    private JsonNode awaitPodMetrics() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode list = ok(server.get(BASE + "/namespaces/default/pods")).json();
            if (!list.path("items").isEmpty()) {
                return list;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no pod metrics after 20 s and " + scrapes.get() + " scrapes");
    }

    private static double cores(JsonNode usage) {
        assertThat(usage.path("cpu").asText()).matches("\\d+n|\\d+m|\\d+");
        return Quantity.parse(usage.path("cpu").asText()).decimal().doubleValue();
    }

    @Test
    void discoveryListsNodeAndPodMetricsWithGetAndListOnly() throws Exception {
        JsonNode list = ok(server.get(BASE)).json();
        assertThat(list.path("groupVersion").asText()).isEqualTo("metrics.k8s.io/v1beta1");
        assertThat(list.path("resources").findValuesAsText("name")).containsExactly("nodes", "pods");
        assertThat(list.path("resources").findValuesAsText("kind")).containsExactly("NodeMetrics", "PodMetrics");
        assertThat(list.at("/resources/0/namespaced").asBoolean()).isFalse();
        assertThat(list.at("/resources/1/namespaced").asBoolean()).isTrue();
        for (JsonNode r : list.path("resources")) {
            assertThat(r.path("verbs").toString()).isEqualTo("[\"get\",\"list\"]");
        }
        assertThat(ok(server.get("/apis")).json().path("groups").findValuesAsText("name")).contains("metrics.k8s.io");
    }

    @Test
    void podMetricsRateTheScrapedCountersAndCarryThePodsLabels() throws Exception {
        JsonNode list = awaitPodMetrics();
        assertThat(list.path("kind").asText()).isEqualTo("PodMetricsList");
        assertThat(list.path("apiVersion").asText()).isEqualTo("metrics.k8s.io/v1beta1");
        assertThat(list.path("metadata").isEmpty()).isTrue();
        // Only web: ghost is unknown, and elsewhere is bound to another node than the one reporting it.
        assertThat(list.path("items")).hasSize(1);
        JsonNode web = list.path("items").get(0);
        assertThat(web.at("/metadata/name").asText()).isEqualTo("web");
        assertThat(web.has("kind")).isFalse();
        assertThat(web.at("/metadata/namespace").asText()).isEqualTo("default");
        assertThat(web.at("/metadata/labels/app").asText()).isEqualTo("web");
        assertThat(Timestamps.parse(web.at("/metadata/creationTimestamp").asText())).isPresent();
        assertThat(Timestamps.parse(web.path("timestamp").asText())).isPresent();
        Duration window = GoDurations.parse(web.path("window").asText()).orElseThrow();
        assertThat(window).isBetween(Duration.ofMillis(500), Duration.ofSeconds(3));
        JsonNode app = web.path("containers").get(0);
        assertThat(app.path("name").asText()).isEqualTo("app");
        assertThat(cores(app.path("usage"))).isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.001));
        assertThat(app.at("/usage/memory").asText()).isEqualTo("64Mi");

        JsonNode one = ok(server.get(BASE + "/namespaces/default/pods/web")).json();
        assertThat(one.path("kind").asText()).isEqualTo("PodMetrics");
        assertThat(one.path("apiVersion").asText()).isEqualTo("metrics.k8s.io/v1beta1");
        assertThat(one.path("containers").get(0).path("name").asText()).isEqualTo("app");
        assertThat(items(BASE + "/pods")).containsExactly("web");
    }

    @Test
    void listsTakeLabelAndFieldSelectors() throws Exception {
        awaitPodMetrics();
        assertThat(items(BASE + "/namespaces/default/pods?labelSelector=" + enc("app=web"))).containsExactly("web");
        assertThat(items(BASE + "/namespaces/default/pods?labelSelector=" + enc("app in (db)"))).isEmpty();
        assertThat(items(BASE + "/pods?fieldSelector=" + enc("metadata.name=web,metadata.namespace=default")))
                .containsExactly("web");
        assertThat(items(BASE + "/pods?fieldSelector=" + enc("metadata.name!=web"))).isEmpty();
        // A field metrics objects do not have matches nothing, as upstream's field sets read it as "".
        assertThat(items(BASE + "/pods?fieldSelector=" + enc("spec.nodeName=n1"))).isEmpty();
        assertThat(items(BASE + "/nodes?labelSelector=zone%3Da&fieldSelector=" + enc("metadata.name=n1")))
                .containsExactly("n1");
        assertThat(server.get(BASE + "/nodes?labelSelector=" + enc("a b")).status()).isEqualTo(400);
        assertThat(server.get(BASE + "/nodes?fieldSelector=" + enc("metadata.name")).status()).isEqualTo(400);
    }

    private List<String> items(String path) throws Exception {
        List<String> names = new ArrayList<>();
        ok(server.get(path)).json().path("items").forEach(i -> names.add(i.at("/metadata/name").asText()));
        return names;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void nodeMetricsOfReadyNodesOnly() throws Exception {
        awaitPodMetrics();
        JsonNode list = ok(server.get(BASE + "/nodes")).json();
        assertThat(list.path("kind").asText()).isEqualTo("NodeMetricsList");
        assertThat(list.path("items")).hasSize(1);
        assertThat(list.at("/items/0/metadata/name").asText()).isEqualTo("n1");
        JsonNode n1 = ok(server.get(BASE + "/nodes/n1")).json();
        assertThat(n1.path("kind").asText()).isEqualTo("NodeMetrics");
        assertThat(n1.at("/metadata/labels/zone").asText()).isEqualTo("a");
        assertThat(n1.at("/metadata/namespace").isMissingNode()).isTrue();
        assertThat(cores(n1.path("usage"))).isCloseTo(1.5, org.assertj.core.data.Offset.offset(0.001));
        assertThat(n1.at("/usage/memory").asText()).isEqualTo("2Gi");
    }

    @Test
    void unknownObjectsAndObjectsWithoutMetricsAreNotFoundAsUpstreamSaysIt() throws Exception {
        awaitPodMetrics();
        assertNotFound(server.get(BASE + "/nodes/nope"), "node \"nope\" not found");
        assertNotFound(server.get(BASE + "/nodes/n2"), "nodemetrics.metrics.k8s.io \"n2\" not found");
        assertNotFound(server.get(BASE + "/namespaces/default/pods/nope"), "pods \"nope\" not found");
        assertNotFound(server.get(BASE + "/namespaces/default/pods/elsewhere"),
                "podmetrics.metrics.k8s.io \"default/elsewhere\" not found");
    }

    private static void assertNotFound(TestServer.Response r, String message) {
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().path("reason").asText()).isEqualTo("NotFound");
        assertThat(r.json().path("message").asText()).isEqualTo(message);
    }

    @Test
    void onlyGetAndListAreAllowed() throws Exception {
        assertThat(server.post(BASE + "/nodes", "{}").status()).isEqualTo(405);
        assertThat(server.delete(BASE + "/namespaces/default/pods/web").status()).isEqualTo(405);
        assertThat(server.get(BASE + "/nodes?watch=true").status()).isEqualTo(405);
        assertThat(server.get(BASE + "/namespaces/default/nodes").status()).isEqualTo(404);
    }

    @Test
    void tablesShowUsageAndWindowAsMetricsServersDo() throws Exception {
        awaitPodMetrics();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.server().url() + BASE
                    + "/namespaces/default/pods")).header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io")
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode table = new TestServer.Response(r.statusCode(), r.body()).json();
            assertThat(table.path("kind").asText()).isEqualTo("Table");
            assertThat(table.path("columnDefinitions").findValuesAsText("name"))
                    .containsExactly("Name", "cpu", "memory", "Window");
            JsonNode cells = table.at("/rows/0/cells");
            assertThat(cells.get(0).asText()).isEqualTo("web");
            assertThat(cells.get(2).asText()).isEqualTo("64Mi");
        }
    }

    @Test
    void withoutAMetricResolutionNoMetricsApiIsServed() throws Exception {
        try (TestServer plain = new TestServer(ApiServerConfig.defaults().withMetricResolution(Duration.ZERO))) {
            assertThat(plain.get(BASE).status()).isEqualTo(404);
            assertThat(plain.get(BASE + "/nodes").status()).isEqualTo(404);
        }
    }
}
