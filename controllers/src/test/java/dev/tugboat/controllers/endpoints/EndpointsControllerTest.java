package dev.tugboat.controllers.endpoints;

import static dev.tugboat.controllers.Objects.PODS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import dev.tugboat.controllers.Objects;
import dev.tugboat.controllers.PodStatuses;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The endpoints controller against a real API server; the tests play the kubelet through pods/status. */
class EndpointsControllerTest {

    static final GroupVersionResource SERVICES = new GroupVersionResource("", "v1", "services");
    static final GroupVersionResource ENDPOINTS = new GroupVersionResource("", "v1", "endpoints");
    static final AtomicInteger SEQ = new AtomicInteger();

    static TestApiServer server;
    static EndpointsController controller;
    static ResourceClient endpoints;

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        controller = new EndpointsController(server.newClient("endpoints-controller"), SystemClock.INSTANCE,
                EndpointsControllerConfig.defaults());
        controller.start();
        Poll.until("the controller synced", controller::isSynced);
        endpoints = server.client().resource(ENDPOINTS);
    }

    @AfterAll
    static void stop() {
        controller.close();
        server.close();
    }

    static String namespace() {
        String ns = "ep" + SEQ.incrementAndGet();
        Objects.namespace(server.client(), ns);
        return ns;
    }

    /** A service selecting app=web with an http port targeting the named port "web". */
    static ObjectNode service(String name, boolean publishNotReady) {
        ObjectNode svc = Objects.named("v1", "Service", name);
        ObjectNode spec = svc.putObject("spec");
        spec.putObject("selector").put("app", "web");
        spec.putArray("ports").addObject().put("name", "http").put("port", 80).put("targetPort", "web");
        spec.put("publishNotReadyAddresses", publishNotReady);
        return svc;
    }

    static void pod(String ns, String name, int webPort, String ip, boolean ready) {
        ObjectNode pod = Objects.pod(name);
        Meta.mutableMetadata(pod).putObject("labels").put("app", "web");
        ObjectNode c = (ObjectNode) pod.path("spec").path("containers").get(0);
        if (webPort > 0) {
            c.putArray("ports").addObject().put("name", "web").put("containerPort", webPort);
        }
        server.client().resource(PODS).create(ns, pod);
        PodStatuses.running(server.client(), ns, name, ip, ready);
    }

    static JsonNode endpointsWhen(String ns, String name, java.util.function.Predicate<JsonNode> ok) {
        Poll.until("endpoints " + ns + "/" + name, () -> Objects.exists(endpoints, ns, name)
                && ok.test(endpoints.get(ns, name)));
        return endpoints.get(ns, name);
    }

    @Test
    void readyAndNotReadyPodsAreListedWithTheirNamedPortsAndAPodBecomingReadyMoves() {
        String ns = namespace();
        server.client().resource(SERVICES).create(ns, service("web", false));
        pod(ns, "a", 8080, "10.244.0.5", true);
        pod(ns, "b", 9090, "10.244.0.6", false);
        pod(ns, "noport", 0, "10.244.0.7", true);
        JsonNode ep = endpointsWhen(ns, "web", e -> e.path("subsets").size() == 2);
        JsonNode first = ep.path("subsets").get(0);
        assertThat(first.path("addresses").get(0).path("ip").asText()).isEqualTo("10.244.0.5");
        assertThat(first.path("addresses").get(0).path("targetRef").path("name").asText()).isEqualTo("a");
        assertThat(first.path("ports").get(0).path("port").asInt()).isEqualTo(8080);
        assertThat(first.path("ports").get(0).path("name").asText()).isEqualTo("http");
        JsonNode second = ep.path("subsets").get(1);
        assertThat(second.has("addresses")).isFalse();
        assertThat(second.path("notReadyAddresses").get(0).path("ip").asText()).isEqualTo("10.244.0.6");
        assertThat(second.path("ports").get(0).path("port").asInt()).isEqualTo(9090);
        assertThat(ep.toString()).doesNotContain("10.244.0.7");
        assertThat(Meta.annotations(ep)).containsKey(EndpointsController.LAST_CHANGE_TRIGGER_TIME);

        PodStatuses.running(server.client(), ns, "b", "10.244.0.6", true);
        JsonNode moved = endpointsWhen(ns, "web", e -> e.path("subsets").get(1).has("addresses"));
        assertThat(moved.path("subsets").get(1).path("addresses").get(0).path("ip").asText()).isEqualTo("10.244.0.6");
        assertThat(moved.path("subsets").get(1).has("notReadyAddresses")).isFalse();
    }

    @Test
    void publishNotReadyAddressesListsEveryPodAsReadyAndOthersLeaveTerminatingPodsOut() {
        String ns = namespace();
        server.client().resource(SERVICES).create(ns, service("all", true));
        pod(ns, "a", 8080, "10.244.1.5", false);
        pod(ns, "b", 8080, "10.244.1.6", true);
        JsonNode ep = endpointsWhen(ns, "all", e -> e.path("subsets").path(0).path("addresses").size() == 2);
        assertThat(ep.path("subsets").get(0).has("notReadyAddresses")).isFalse();

        server.client().resource(SERVICES).create(ns, service("strict", false));
        endpointsWhen(ns, "strict", e -> e.path("subsets").path(0).path("addresses").size() == 1);

        // A pod being deleted (held by a finalizer) is left out, unless not-ready addresses are published.
        server.client().resource(PODS).modify(ns, "b", p -> {
            Meta.mutableMetadata(p).putArray("finalizers").add("example.com/hold");
            return p;
        });
        server.client().resource(PODS).delete(ns, "b");
        endpointsWhen(ns, "strict", e -> e.path("subsets").path(0).path("notReadyAddresses").size() == 1
                && !e.path("subsets").path(0).has("addresses"));
        assertThat(endpoints.get(ns, "all").path("subsets").get(0).path("addresses").size()).isEqualTo(2);
        server.client().resource(PODS).modify(ns, "b", p -> {
            Meta.mutableMetadata(p).remove("finalizers");
            return p;
        });
    }

    @Test
    void settledEndpointsAreNotRewrittenAndFollowTheServiceAway() throws Exception {
        String ns = namespace();
        server.client().resource(SERVICES).create(ns, service("quiet", false));
        pod(ns, "a", 8080, "10.244.2.5", true);
        JsonNode ep = endpointsWhen(ns, "quiet", e -> e.path("subsets").size() == 1);
        // An unrelated pod change (a label the selector ignores) is no reason to write.
        server.client().resource(PODS).modify(ns, "a", p -> {
            Meta.mutableMetadata(p).withObjectProperty("labels").put("other", "x");
            return p;
        });
        Thread.sleep(500);
        assertThat(Meta.resourceVersion(endpoints.get(ns, "quiet"))).isEqualTo(Meta.resourceVersion(ep));

        server.client().resource(SERVICES).delete(ns, "quiet");
        Poll.until("the endpoints are gone", () -> !Objects.exists(endpoints, ns, "quiet"));
    }

    @Test
    void aServiceWithoutSelectorIsLeftAlone() throws Exception {
        String ns = namespace();
        ObjectNode svc = service("manual", false);
        ((ObjectNode) svc.get("spec")).remove("selector");
        server.client().resource(SERVICES).create(ns, svc);
        ObjectNode ep = Objects.named("v1", "Endpoints", "manual");
        ep.putArray("subsets").addObject().putArray("addresses").addObject().put("ip", "192.168.1.1");
        endpoints.create(ns, ep);
        Thread.sleep(500);
        assertThat(endpoints.get(ns, "manual").path("subsets").get(0).path("addresses").get(0).path("ip").asText())
                .isEqualTo("192.168.1.1");
    }

    @Test
    void aHostnameIsSetWhenThePodsSubdomainIsTheService() {
        String ns = namespace();
        server.client().resource(SERVICES).create(ns, service("sub", false));
        ObjectNode pod = Objects.pod("h");
        Meta.mutableMetadata(pod).putObject("labels").put("app", "web");
        ((ObjectNode) pod.get("spec")).put("hostname", "h0").put("subdomain", "sub");
        ((ObjectNode) pod.path("spec").path("containers").get(0)).putArray("ports").addObject().put("name", "web")
                .put("containerPort", 80);
        server.client().resource(PODS).create(ns, pod);
        PodStatuses.running(server.client(), ns, "h", "10.244.3.5", true);
        JsonNode ep = endpointsWhen(ns, "sub", e -> e.path("subsets").size() == 1);
        assertThat(ep.path("subsets").get(0).path("addresses").get(0).path("hostname").asText()).isEqualTo("h0");
    }
}
