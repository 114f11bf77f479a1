package dev.tugboat.controllers.resourcequota;

import static dev.tugboat.controllers.Objects.CONFIGMAPS;
import static dev.tugboat.controllers.Objects.PODS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import dev.tugboat.controllers.Objects;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The resource quota controller with the API server's quota admission. */
class ResourceQuotaControllerTest {

    static final GroupVersionResource QUOTAS = new GroupVersionResource("", "v1", "resourcequotas");

    static TestApiServer server;
    static ResourceQuotaController controller;
    static ResourceClient quotas;

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        controller = new ResourceQuotaController(server.newClient("resourcequota-controller"), SystemClock.INSTANCE,
                ResourceQuotaControllerConfig.defaults().withResyncPeriod(Duration.ofSeconds(1)));
        controller.start();
        Poll.until("the controller synced", controller::isSynced);
        quotas = server.client().resource(QUOTAS);
    }

    @AfterAll
    static void stop() {
        controller.close();
        server.close();
    }

    static ObjectNode pod(String name, String cpu) {
        ObjectNode pod = Objects.pod(name);
        ((ObjectNode) pod.path("spec").path("containers").get(0)).putObject("resources").putObject("requests")
                .put("cpu", cpu);
        return pod;
    }

    static String used(String ns, String resource) {
        return quotas.get(ns, "q").path("status").path("used").path(resource).asText();
    }

    @Test
    void usageIsCountedAndThePodBeyondTheLimitIsRejected() {
        Objects.namespace(server.client(), "rq");
        server.client().resource(CONFIGMAPS).create("rq", Objects.configMap("existing"));
        ObjectNode quota = Objects.named("v1", "ResourceQuota", "q");
        quota.putObject("spec").putObject("hard").put("pods", "2").put("requests.cpu", "1")
                .put("count/configmaps", "10");
        quotas.create("rq", quota);
        Poll.until("the quota is counted", () -> "0".equals(used("rq", "pods")));
        JsonNode status = quotas.get("rq", "q").path("status");
        assertThat(status.path("hard").path("pods").asText()).isEqualTo("2");
        // kube-root-ca.crt is not made by this project yet: only the test's config map.
        assertThat(status.path("used").path("count/configmaps").asText()).isEqualTo("1");

        server.client().resource(PODS).create("rq", pod("a", "300m"));
        Poll.until("a is counted", () -> "1".equals(used("rq", "pods")) && "300m".equals(used("rq", "requests.cpu")));
        server.client().resource(PODS).create("rq", pod("b", "200m"));
        assertThatThrownBy(() -> server.client().resource(PODS).create("rq", pod("c", "100m")))
                .isInstanceOf(StatusException.class)
                .hasMessage("pods \"c\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2")
                .satisfies(e -> assertThat(((StatusException) e).code()).isEqualTo(403));
        Poll.until("the usage is recounted", () -> "2".equals(used("rq", "pods")) && "500m".equals(used("rq", "requests.cpu")));

        // Deleting a pod gives its share back.
        server.client().resource(PODS).delete("rq", "a");
        Poll.until("the usage goes down", () -> "1".equals(used("rq", "pods")) && "200m".equals(used("rq", "requests.cpu")));
        server.client().resource(PODS).create("rq", pod("c", "100m"));
    }

    @Test
    void aSettledQuotaIsNotRewritten() throws Exception {
        Objects.namespace(server.client(), "rq-quiet");
        ObjectNode quota = Objects.named("v1", "ResourceQuota", "q");
        quota.putObject("spec").putObject("hard").put("pods", "5");
        quotas.create("rq-quiet", quota);
        Poll.until("the quota is counted", () -> "0".equals(used("rq-quiet", "pods")));
        String rv = Meta.resourceVersion(quotas.get("rq-quiet", "q"));
        Thread.sleep(1500); // past a resync
        assertThat(Meta.resourceVersion(quotas.get("rq-quiet", "q"))).isEqualTo(rv);
    }
}
