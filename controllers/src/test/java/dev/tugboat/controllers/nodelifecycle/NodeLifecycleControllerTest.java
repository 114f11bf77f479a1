package dev.tugboat.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.informer.InformerFactory;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import dev.tugboat.controllers.Objects;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Node lifecycle and taint-based eviction against a real API server, with nodes and Leases that the test
 * creates and renews itself (no kubelet runs).
 */
class NodeLifecycleControllerTest {

    static final GroupVersionResource EVENTS = new GroupVersionResource("", "v1", "events");
    static final String NS = "apps";

    TestApiServer server;
    ResourceClient nodes;
    ResourceClient leases;
    ResourceClient pods;
    NodeLifecycleController lifecycle;
    TaintEvictionController eviction;
    InformerFactory informers;
    final List<ApiClient> clients = new ArrayList<>();
    final Set<String> alive = ConcurrentHashMap.newKeySet();
    Thread renewer;

    @BeforeEach
    void start() throws Exception {
        server = TestApiServer.start();
        nodes = server.client().resource(NodeLifecycleController.NODES);
        leases = server.client().resource(NodeLifecycleController.LEASES);
        pods = server.client().resource(NodeLifecycleController.PODS);
        // The API server creates kube-node-lease itself, as upstream's does.
        Objects.namespace(server.client(), NS);
        renewer = Thread.ofVirtual().start(this::renewLeases);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (renewer != null) {
            renewer.interrupt();
            renewer.join();
        }
        if (eviction != null) {
            eviction.close();
        }
        if (lifecycle != null) {
            lifecycle.close();
        }
        if (informers != null) {
            informers.close();
        }
        clients.forEach(ApiClient::close);
        server.close();
    }

    /** Both controllers on one shared informer factory, as a controller manager runs them. */
    void startControllers() {
        ApiClient client = server.newClient("controller-manager");
        clients.add(client);
        informers = new InformerFactory(client, SystemClock.INSTANCE);
        lifecycle = new NodeLifecycleController(client, SystemClock.INSTANCE,
                NodeLifecycleConfig.defaults().withNodeMonitorPeriod(Duration.ofMillis(200))
                        .withNodeMonitorGracePeriod(Duration.ofSeconds(2)).withEvictionLimiterQps(50), informers);
        eviction = new TaintEvictionController(client, SystemClock.INSTANCE, TaintEvictionConfig.defaults(), informers);
        // The owner of the shared factory starts it once every controller has registered.
        informers.start();
        lifecycle.start();
        eviction.start();
        Poll.until("synced", () -> lifecycle.isSynced() && eviction.isSynced());
    }

    /** What a kubelet does: renew the Lease of every live node often. */
    private void renewLeases() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (String node : alive) {
                    try {
                        leases.modify(NodeLifecycleController.LEASE_NAMESPACE, node, l -> {
                            l.withObjectProperty("spec").put("renewTime", Timestamps.formatMicro(Instant.now()));
                            return l;
                        });
                    } catch (RuntimeException e) {
                        // A conflict or the test ending: the next round tries again, or stops.
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void registerNode(String name) {
        nodes.create("", Objects.named("v1", "Node", name));
        String now = Timestamps.format(Instant.now());
        nodes.subresource("status").modify("", name, n -> {
            n.withObjectProperty("status").putArray("conditions").addObject().put("type", "Ready").put("status", "True")
                    .put("reason", "KubeletReady").put("message", "kubelet is posting ready status")
                    .put("lastHeartbeatTime", now).put("lastTransitionTime", now);
            return n;
        });
        ObjectNode lease = Objects.named("coordination.k8s.io/v1", "Lease", name);
        lease.putObject("spec").put("holderIdentity", name).put("leaseDurationSeconds", 40)
                .put("renewTime", Timestamps.formatMicro(Instant.now()));
        leases.create(NodeLifecycleController.LEASE_NAMESPACE, lease);
        alive.add(name);
    }

    /** A Running, Ready pod bound to {@code node}, with extra tolerations. */
    ObjectNode runningPod(String name, String node, ObjectNode... tolerations) {
        ObjectNode pod = Objects.pod(name);
        ObjectNode spec = (ObjectNode) pod.path("spec");
        spec.put("nodeName", node);
        ArrayNode ts = spec.putArray("tolerations");
        for (ObjectNode t : tolerations) {
            ts.add(t);
        }
        ObjectNode created = pods.create(NS, pod);
        String now = Timestamps.format(Instant.now());
        return pods.subresource("status").modify(NS, Meta.name(created), p -> {
            ObjectNode st = p.withObjectProperty("status");
            st.put("phase", "Running");
            st.putArray("conditions").addObject().put("type", "Ready").put("status", "True")
                    .put("lastTransitionTime", now);
            return p;
        });
    }

    static ObjectNode toleration(String key, Long seconds) {
        ObjectNode t = Objects.named("v1", "x", "x").objectNode();
        t.put("key", key).put("operator", "Exists").put("effect", "NoExecute");
        if (seconds != null) {
            t.put("tolerationSeconds", seconds);
        }
        return t;
    }

    JsonNode node(String name) {
        return nodes.get("", name);
    }

    static List<String> taints(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.path("spec").path("taints").forEach(t -> out.add(t.path("key").asText() + ":" + t.path("effect").asText()));
        return out;
    }

    Optional<JsonNode> pod(String name) {
        try {
            return Optional.of(pods.get(NS, name));
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    boolean deletedOrDeleting(String name) {
        return pod(name).map(Meta::isDeleting).orElse(true);
    }

    @Test
    void aNodeWhoseLeaseStopsGoesUnknownIsTaintedAndItsPodsAreEvictedAfterTheirTolerationSeconds() {
        registerNode("n1");
        registerNode("n2");
        startControllers();
        runningPod("quick", "n1", toleration("node.kubernetes.io/unreachable", 2L));
        runningPod("forever", "n1", toleration("node.kubernetes.io/unreachable", null));
        runningPod("elsewhere", "n2");
        long t0 = System.nanoTime();

        alive.remove("n1");
        Poll.until("n1 is Unknown", () -> NodeHealth.readyStatus(node("n1")).equals("Unknown"));
        JsonNode ready = NodeHealth.condition(node("n1"), "Ready").orElseThrow();
        assertThat(ready.path("reason").asText()).isEqualTo("NodeStatusUnknown");
        assertThat(ready.path("message").asText()).isEqualTo("Kubelet stopped posting node status.");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        Poll.until("n1 has the unreachable taints", () -> taints(node("n1")).containsAll(List.of(
                "node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute")));
        Poll.until("the pods on n1 are not Ready", () -> pod("forever").map(p -> p.path("status").path("conditions")
                .get(0).path("status").asText().equals("False")).orElse(false));

        Poll.until("the pod tolerating 2 s is deleted", () -> deletedOrDeleting("quick"));
        JsonNode quick = pod("quick").orElse(null);
        if (quick != null) {
            assertThat(quick.path("status").path("conditions").findValuesAsText("reason"))
                    .contains("DeletionByTaintManager");
        }
        Poll.until("the eviction event", () -> events().stream().anyMatch(e ->
                e.path("reason").asText().equals("TaintManagerEviction")
                        && e.path("message").asText().equals("Marking for deletion Pod apps/quick")));
        Poll.until("the NodeNotReady event", () -> events().stream().anyMatch(e ->
                e.path("reason").asText().equals("NodeNotReady")
                        && e.path("message").asText().equals("Node n1 status is now: NodeNotReady")));
        List<String> messages = events().stream().filter(e -> e.path("reason").asText().equals("TaintManagerEviction"))
                .map(e -> e.path("message").asText()).toList();
        assertThat(messages).doesNotContain("Marking for deletion Pod apps/forever");
        assertThat(deletedOrDeleting("forever")).isFalse();
        assertThat(deletedOrDeleting("elsewhere")).isFalse();
        assertThat(taints(node("n2"))).isEmpty();
        assertThat(NodeHealth.readyStatus(node("n2"))).isEqualTo("True");

        // The node comes back: a fresh Ready heartbeat and Lease renewals.
        alive.add("n1");
        String now = Timestamps.format(Instant.now());
        nodes.subresource("status").modify("", "n1", n -> {
            for (JsonNode c : n.path("status").path("conditions")) {
                if (c.path("type").asText().equals("Ready")) {
                    ((ObjectNode) c).put("status", "True").put("reason", "KubeletReady").put("lastHeartbeatTime", now)
                            .put("lastTransitionTime", now);
                }
            }
            return n;
        });
        Poll.until("n1 loses its taints", () -> taints(node("n1")).isEmpty());
        assertThat(NodeHealth.readyStatus(node("n1"))).isEqualTo("True");
    }

    @Test
    void aPodNotToleratingANoExecuteTaintIsDeletedAtOnceAndATolerationlessNodeIsLeftAlone() {
        registerNode("m1");
        registerNode("m2");
        startControllers();
        runningPod("intolerant", "m1");
        runningPod("tolerant", "m1", toleration("dedicated", null));
        nodes.modify("", "m1", n -> {
            n.withObjectProperty("spec").putArray("taints").addObject().put("key", "dedicated").put("value", "x")
                    .put("effect", "NoExecute");
            return n;
        });
        Poll.until("the intolerant pod is deleted", () -> deletedOrDeleting("intolerant"));
        assertThat(deletedOrDeleting("tolerant")).isFalse();
        // Live nodes keep no controller taints and their conditions.
        assertThat(taints(node("m2"))).isEmpty();
        assertThat(taints(node("m1"))).containsExactly("dedicated:NoExecute");
        // Quiet when settled: five monitor passes over healthy nodes write nothing.
        String rv = Meta.resourceVersion(node("m2"));
        long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < until) {
            assertThat(Meta.resourceVersion(node("m2"))).isEqualTo(rv);
            Thread.onSpinWait();
        }
    }

    @Test
    void whenEveryNodeIsDownNothingIsTaintedForEviction() {
        registerNode("only");
        startControllers();
        runningPod("survivor", "only", toleration("node.kubernetes.io/unreachable", 1L));
        alive.remove("only");
        Poll.until("the node is Unknown", () -> NodeHealth.readyStatus(node("only")).equals("Unknown"));
        Poll.until("the NoSchedule taint", () -> taints(node("only")).contains("node.kubernetes.io/unreachable:NoSchedule"));
        // Master disruption mode: no NoExecute taint, so the pod outlives its toleration.
        long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (System.nanoTime() < until) {
            assertThat(taints(node("only"))).doesNotContain("node.kubernetes.io/unreachable:NoExecute");
            Thread.onSpinWait();
        }
        assertThat(deletedOrDeleting("survivor")).isFalse();
    }

    List<JsonNode> events() {
        List<JsonNode> out = new ArrayList<>();
        for (String ns : List.of("default", NS)) {
            out.addAll(server.client().resource(EVENTS).list(ns, ListOptions.ALL).items());
        }
        return out;
    }
}
