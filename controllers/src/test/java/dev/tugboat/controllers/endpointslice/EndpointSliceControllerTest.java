package dev.tugboat.controllers.endpointslice;

import static dev.tugboat.controllers.Objects.PODS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import dev.tugboat.controllers.Objects;
import dev.tugboat.controllers.PodStatuses;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The EndpointSlice controller against a real API server; the tests play the kubelet through pods/status. */
class EndpointSliceControllerTest {

    static final GroupVersionResource SERVICES = new GroupVersionResource("", "v1", "services");
    static final GroupVersionResource SLICES = new GroupVersionResource("discovery.k8s.io", "v1", "endpointslices");
    static final AtomicInteger SEQ = new AtomicInteger();

    static TestApiServer server;
    static EndpointSliceController controller;
    static ResourceClient slices;

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        controller = new EndpointSliceController(server.newClient("endpointslice-controller"), SystemClock.INSTANCE,
                EndpointSliceControllerConfig.defaults().withMaxEndpointsPerSlice(3));
        controller.start();
        Poll.until("the controller synced", controller::isSynced);
        slices = server.client().resource(SLICES);
    }

    @AfterAll
    static void stop() {
        controller.close();
        server.close();
    }

    static String namespace() {
        String ns = "eps" + SEQ.incrementAndGet();
        Objects.namespace(server.client(), ns);
        return ns;
    }

    static ObjectNode service(String ns, String name) {
        ObjectNode svc = Objects.named("v1", "Service", name);
        ObjectNode spec = svc.putObject("spec");
        spec.putObject("selector").put("app", name);
        spec.putArray("ports").addObject().put("name", "http").put("port", 80).put("targetPort", "web");
        return server.client().resource(SERVICES).create(ns, svc);
    }

    static void pod(String ns, String app, String name, String ip, boolean ready) {
        ObjectNode pod = Objects.pod(name);
        Meta.mutableMetadata(pod).putObject("labels").put("app", app);
        ((ObjectNode) pod.path("spec").path("containers").get(0)).putArray("ports").addObject().put("name", "web")
                .put("containerPort", 8080);
        server.client().resource(PODS).create(ns, pod);
        PodStatuses.running(server.client(), ns, name, ip, ready);
    }

    static List<JsonNode> slicesOf(String ns, String svc) {
        List<JsonNode> out = new ArrayList<>();
        slices.list(ns, ListOptions.ALL.withLabelSelector("kubernetes.io/service-name=" + svc)).items().forEach(out::add);
        return out;
    }

    static List<JsonNode> endpoints(List<JsonNode> slices) {
        List<JsonNode> out = new ArrayList<>();
        slices.forEach(s -> s.path("endpoints").forEach(out::add));
        return out;
    }

    static List<JsonNode> slicesWhen(String ns, String svc, Predicate<List<JsonNode>> ok) {
        Poll.until("slices of " + ns + "/" + svc, () -> ok.test(slicesOf(ns, svc)));
        return slicesOf(ns, svc);
    }

    @Test
    void aServiceGetsASliceWithItsPodsConditionsAndAPodBecomingReadyMoves() {
        String ns = namespace();
        ObjectNode svc = service(ns, "web");
        pod(ns, "web", "a", "10.244.0.5", true);
        pod(ns, "web", "b", "10.244.0.6", false);
        List<JsonNode> got = slicesWhen(ns, "web", s -> endpoints(s).size() == 2);
        assertThat(got).hasSize(1);
        JsonNode slice = got.get(0);
        assertThat(Meta.name(slice)).startsWith("web-");
        assertThat(slice.path("addressType").asText()).isEqualTo("IPv4");
        assertThat(Meta.labels(slice)).containsEntry("endpointslice.kubernetes.io/managed-by",
                "endpointslice-controller.k8s.io");
        assertThat(slice.path("metadata").path("ownerReferences").get(0).path("uid").asText()).isEqualTo(Meta.uid(svc));
        assertThat(slice.path("ports").get(0).path("port").asInt()).isEqualTo(8080);
        JsonNode a = endpoint(got, "a");
        assertThat(a.path("addresses").get(0).asText()).isEqualTo("10.244.0.5");
        assertThat(a.path("conditions").path("ready").asBoolean()).isTrue();
        assertThat(endpoint(got, "b").path("conditions").path("ready").asBoolean()).isFalse();

        PodStatuses.running(server.client(), ns, "b", "10.244.0.6", true);
        List<JsonNode> moved = slicesWhen(ns, "web",
                s -> endpoints(s).size() == 2 && endpoint(s, "b").path("conditions").path("ready").asBoolean());
        assertThat(Meta.name(moved.get(0))).isEqualTo(Meta.name(slice));
    }

    static JsonNode endpoint(List<JsonNode> slices, String pod) {
        return endpoints(slices).stream().filter(e -> pod.equals(e.path("targetRef").path("name").asText()))
                .findFirst().orElseThrow();
    }

    @Test
    void slicesHoldAtMostTheirLimitAndShrinkBackWhenPodsGo() throws Exception {
        String ns = namespace();
        service(ns, "big");
        for (int i = 0; i < 7; i++) {
            pod(ns, "big", "p" + i, "10.244.1." + (i + 1), true);
        }
        List<JsonNode> got = slicesWhen(ns, "big", s -> endpoints(s).size() == 7);
        assertThat(got).allMatch(s -> s.path("endpoints").size() <= 3);
        assertThat(got).hasSize(3);
        // Settled: nothing rewritten.
        String before = got.stream().map(Meta::resourceVersion).sorted().toList().toString();
        Thread.sleep(500);
        assertThat(slicesOf(ns, "big").stream().map(Meta::resourceVersion).sorted().toList().toString())
                .isEqualTo(before);
        for (int i = 0; i < 7; i++) {
            server.client().resource(PODS).delete(ns, "p" + i);
        }
        // No endpoints left: one empty placeholder slice.
        List<JsonNode> empty = slicesWhen(ns, "big", s -> s.size() == 1 && endpoints(s).isEmpty());
        assertThat(empty.get(0).path("ports").size()).isZero();
    }

    @Test
    void aTerminatingPodStaysServingButNotReadyAndTheNodesZoneIsShown() {
        String ns = namespace();
        ObjectNode node = Objects.named("v1", "Node", "zoned-" + ns);
        Meta.mutableMetadata(node).putObject("labels").put("topology.kubernetes.io/zone", "zone-a");
        server.client().resource(new GroupVersionResource("", "v1", "nodes")).create("", node);
        service(ns, "term");
        ObjectNode pod = Objects.pod("t");
        Meta.mutableMetadata(pod).putObject("labels").put("app", "term");
        Meta.mutableMetadata(pod).putArray("finalizers").add("example.com/hold");
        ((ObjectNode) pod.get("spec")).put("nodeName", "zoned-" + ns);
        ((ObjectNode) pod.path("spec").path("containers").get(0)).putArray("ports").addObject().put("name", "web")
                .put("containerPort", 8080);
        server.client().resource(PODS).create(ns, pod);
        PodStatuses.running(server.client(), ns, "t", "10.244.2.5", true);
        slicesWhen(ns, "term", s -> endpoints(s).size() == 1);
        server.client().resource(PODS).delete(ns, "t");
        List<JsonNode> got = slicesWhen(ns, "term",
                s -> endpoints(s).size() == 1 && endpoint(s, "t").path("conditions").path("terminating").asBoolean());
        JsonNode e = endpoint(got, "t");
        assertThat(e.path("conditions").path("ready").asBoolean()).isFalse();
        assertThat(e.path("conditions").path("serving").asBoolean()).isTrue();
        assertThat(e.path("zone").asText()).isEqualTo("zone-a");
        assertThat(e.path("nodeName").asText()).isEqualTo("zoned-" + ns);
        server.client().resource(PODS).modify(ns, "t", p -> {
            Meta.mutableMetadata(p).remove("finalizers");
            return p;
        });
    }
}
