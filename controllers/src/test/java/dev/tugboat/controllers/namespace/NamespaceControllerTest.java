package dev.tugboat.controllers.namespace;

import static dev.tugboat.controllers.Objects.CONFIGMAPS;
import static dev.tugboat.controllers.Objects.NAMESPACES;
import static dev.tugboat.controllers.Objects.PODS;
import static dev.tugboat.controllers.Objects.SECRETS;
import static dev.tugboat.controllers.Objects.SERVICE_ACCOUNTS;
import static dev.tugboat.controllers.Objects.configMap;
import static dev.tugboat.controllers.Objects.exists;
import static dev.tugboat.controllers.Objects.ownedBy;
import static dev.tugboat.controllers.Objects.pod;
import static dev.tugboat.controllers.Objects.secret;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.DeleteOptions;
import dev.tugboat.client.rest.PatchType;
import dev.tugboat.client.rest.PropagationPolicy;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import dev.tugboat.controllers.Objects;
import dev.tugboat.controllers.garbagecollector.GarbageCollector;
import dev.tugboat.controllers.garbagecollector.GarbageCollectorConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The namespace controller, with the garbage collector, against a real API server. */
class NamespaceControllerTest {

    static TestApiServer server;
    static GarbageCollector gc;
    static NamespaceController namespaces;
    static ResourceClient nsClient;
    static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        gc = new GarbageCollector(server.newClient("garbage-collector"), SystemClock.INSTANCE,
                GarbageCollectorConfig.defaults().withDiscoveryPeriod(Duration.ofMillis(500)));
        namespaces = new NamespaceController(server.newClient("namespace-controller"), SystemClock.INSTANCE,
                NamespaceControllerConfig.defaults().withDeletionGracePeriod(Duration.ZERO));
        gc.start();
        namespaces.start();
        Poll.until("the controllers synced", () -> gc.isSynced() && namespaces.isSynced());
        nsClient = server.client().resource(NAMESPACES);
    }

    @AfterAll
    static void stop() {
        namespaces.close();
        gc.close();
        server.close();
    }

    static String namespace() {
        String ns = "nc" + SEQ.incrementAndGet();
        Objects.namespace(server.client(), ns);
        return ns;
    }

    static Map<String, JsonNode> conditions(JsonNode ns) {
        Map<String, JsonNode> out = new HashMap<>();
        ns.path("status").path("conditions").forEach(c -> out.put(c.path("type").asText(), c));
        return out;
    }

    @Test
    void aNamespaceWithSeveralKindsOfContentIsEmptiedAndDeleted() {
        String ns = namespace();
        server.client().resource(Objects.CRDS).create("", Objects.crd("ns.example.com", "widgets", "Widget",
                "Namespaced"));
        GroupVersionResource widgets = new GroupVersionResource("ns.example.com", "v1", "widgets");
        ResourceClient widgetClient = server.client().resource(widgets);
        Poll.until("widgets are served", () -> {
            try {
                widgetClient.list(ns, dev.tugboat.client.rest.ListOptions.ALL);
                return true;
            } catch (dev.tugboat.client.rest.StatusException e) {
                return false;
            }
        });
        ObjectNode owner = server.client().resource(CONFIGMAPS).create(ns, configMap("cm"));
        server.client().resource(SECRETS).create(ns, ownedBy(secret("s"), owner, true));
        server.client().resource(PODS).create(ns, pod("p"));
        server.client().resource(SERVICE_ACCOUNTS).create(ns, Objects.named("v1", "ServiceAccount", "sa"));
        widgetClient.create(ns, Objects.named("ns.example.com/v1", "Widget", "w"));

        ObjectNode deleting = nsClient.delete("", ns);
        assertThat(deleting.path("status").path("phase").asText()).isEqualTo("Terminating");

        Poll.until("the namespace is gone", () -> !exists(nsClient, "", ns));
        assertThat(server.client().resource(CONFIGMAPS).list(ns, dev.tugboat.client.rest.ListOptions.ALL).items())
                .isEmpty();
        assertThat(widgetClient.list(ns, dev.tugboat.client.rest.ListOptions.ALL).items()).isEmpty();
        assertThat(server.client().resource(PODS).list(ns, dev.tugboat.client.rest.ListOptions.ALL).items()).isEmpty();
    }

    @Test
    void contentHeldByAFinalizerKeepsTheNamespaceAndIsReportedInItsConditions() {
        String ns = namespace();
        ObjectNode held = configMap("held");
        Meta.mutableMetadata(held).putArray("finalizers").add("example.com/hold");
        server.client().resource(CONFIGMAPS).create(ns, held);

        nsClient.delete("", ns);

        ObjectNode waiting = Poll.value("the finalizer is reported", () -> {
            ObjectNode cur = nsClient.get("", ns);
            JsonNode c = conditions(cur).get(NamespaceConditions.FINALIZERS_REMAINING);
            return c != null && c.path("status").asText().equals("True") ? cur : null;
        });
        Map<String, JsonNode> c = conditions(waiting);
        assertThat(c.get(NamespaceConditions.FINALIZERS_REMAINING).path("message").asText())
                .isEqualTo("Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances");
        assertThat(c.get(NamespaceConditions.FINALIZERS_REMAINING).path("reason").asText())
                .isEqualTo("SomeFinalizersRemain");
        assertThat(c.get(NamespaceConditions.CONTENT_REMAINING).path("message").asText())
                .isEqualTo("Some resources are remaining: configmaps. has 1 resource instances");
        assertThat(c.get(NamespaceConditions.DISCOVERY_FAILURE).path("status").asText()).isEqualTo("False");
        assertThat(c.get(NamespaceConditions.DISCOVERY_FAILURE).path("reason").asText()).isEqualTo("ResourcesDiscovered");
        assertThat(c.get(NamespaceConditions.CONTENT_FAILURE).path("status").asText()).isEqualTo("False");
        assertThat(c.get(NamespaceConditions.GROUP_VERSION_PARSING_FAILURE).path("status").asText()).isEqualTo("False");
        assertThat(NamespacedResourcesDeleter.specFinalizers(waiting)).containsExactly("kubernetes");

        ObjectNode release = Json.object();
        release.putObject("metadata").putNull("finalizers");
        server.client().resource(CONFIGMAPS).patch(ns, "held", PatchType.MERGE, release);

        Poll.until("the namespace is gone", Duration.ofSeconds(30), () -> !exists(nsClient, "", ns));
    }

    @Test
    void aNamespaceWithItsOwnFinalizerIsFinalizedButStaysUntilThatFinalizerGoes() {
        String ns = "nc" + SEQ.incrementAndGet();
        ObjectNode obj = Objects.named("v1", "Namespace", ns);
        Meta.mutableMetadata(obj).putArray("finalizers").add("example.com/ns-hold");
        nsClient.create("", obj);
        server.client().resource(CONFIGMAPS).create(ns, configMap("cm"));

        nsClient.delete("", ns);

        ObjectNode finalized = Poll.value("spec.finalizers emptied", () -> {
            ObjectNode cur = nsClient.get("", ns);
            return NamespacedResourcesDeleter.specFinalizers(cur).isEmpty() ? cur : null;
        });
        assertThat(Meta.finalizers(finalized)).containsExactly("example.com/ns-hold");
        assertThat(finalized.path("status").path("phase").asText()).isEqualTo("Terminating");
        assertThat(exists(server.client().resource(CONFIGMAPS), ns, "cm")).isFalse();

        ObjectNode release = Json.object();
        release.putObject("metadata").putNull("finalizers");
        nsClient.patch("", ns, PatchType.MERGE, release);

        Poll.until("the namespace is gone", () -> !exists(nsClient, "", ns));
    }

    @Test
    void aNamespaceDeletedInTheForegroundGoesToo() {
        String ns = namespace();
        server.client().resource(CONFIGMAPS).create(ns, configMap("cm"));

        nsClient.delete("", ns, DeleteOptions.propagation(PropagationPolicy.Foreground));

        Poll.until("the namespace is gone", () -> !exists(nsClient, "", ns));
    }

    @Test
    void aNamespaceThatIsNotDeletingIsLeftAlone() {
        String ns = namespace();
        server.client().resource(CONFIGMAPS).create(ns, configMap("cm"));
        String deleted = namespace();
        nsClient.delete("", deleted);

        Poll.until("the deleted namespace is gone", () -> !exists(nsClient, "", deleted));
        assertThat(exists(server.client().resource(CONFIGMAPS), ns, "cm")).isTrue();
        assertThat(nsClient.get("", ns).path("status").path("phase").asText()).isEqualTo("Active");
    }
}
