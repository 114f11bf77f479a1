package dev.tugboat.controllers.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.PatchType;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import dev.tugboat.controllers.Kubelet;
import dev.tugboat.controllers.Objects;
import dev.tugboat.controllers.common.Revisions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The DaemonSet controller against a real API server, with Node objects and a stand-in kubelet. */
class DaemonSetControllerTest {

    static final GroupVersionResource DAEMONSETS = new GroupVersionResource("apps", "v1", "daemonsets");
    static final AtomicInteger SEQ = new AtomicInteger();

    static TestApiServer server;
    static DaemonSetController controller;
    static ResourceClient pods;
    static ResourceClient nodes;
    static ResourceClient daemonSets;
    static ResourceClient revisions;
    static Kubelet kubelet;

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        controller = new DaemonSetController(server.newClient("daemonset-controller"), SystemClock.INSTANCE,
                DaemonSetControllerConfig.defaults().withFailedPodBackoff(Duration.ofMillis(200), Duration.ofSeconds(2)));
        controller.start();
        Poll.until("the controller synced", controller::isSynced);
        pods = server.client().resource(Objects.PODS);
        nodes = server.client().resource(Kubelet.NODES);
        daemonSets = server.client().resource(DAEMONSETS);
        revisions = server.client().resource(Revisions.CONTROLLER_REVISIONS);
        kubelet = new Kubelet(server.client());
    }

    @AfterAll
    static void stop() {
        controller.close();
        server.close();
    }

    static String namespace() {
        String ns = "ds" + SEQ.incrementAndGet();
        Objects.namespace(server.client(), ns);
        return ns;
    }

    /** A DaemonSet that runs on nodes labelled {@code pool=<pool>}. */
    static ObjectNode daemonSet(String name, String pool, String image) {
        ObjectNode ds = Objects.named("apps/v1", "DaemonSet", name);
        ObjectNode spec = ds.putObject("spec");
        spec.putObject("selector").putObject("matchLabels").put("app", name);
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("app", name);
        ObjectNode podSpec = template.putObject("spec");
        podSpec.putObject("nodeSelector").put("pool", pool);
        podSpec.putArray("containers").addObject().put("name", "c").put("image", image);
        return ds;
    }

    static List<ObjectNode> livePods(String ns) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode p : pods.list(ns, ListOptions.ALL).items()) {
            if (!Meta.isDeleting(p)) {
                out.add(p);
            }
        }
        return out;
    }

    static Set<String> targetNodes(String ns) {
        Set<String> out = new TreeSet<>();
        livePods(ns).forEach(p -> out.add(DaemonPods.targetNodeName(p)));
        return out;
    }

    @Test
    void aPodLandsOnEveryEligibleNodeIncludingOneAddedLaterButNotOnATaintedOne() {
        String ns = namespace();
        nodes.create("", Kubelet.node(ns + "-a", Map.of("pool", ns)));
        nodes.create("", Kubelet.node(ns + "-b", Map.of("pool", ns)));
        nodes.create("", Kubelet.node(ns + "-tainted", Map.of("pool", ns), "dedicated=db:NoSchedule"));
        nodes.create("", Kubelet.node(ns + "-elsewhere", Map.of("pool", "other")));
        daemonSets.create(ns, daemonSet("agent", ns, "busybox:1"));

        Poll.until("a pod on each eligible node",
                () -> targetNodes(ns).equals(new TreeSet<>(Set.of(ns + "-a", ns + "-b"))));
        ObjectNode pod = livePods(ns).get(0);
        assertThat(Meta.name(pod)).startsWith("agent-");
        assertThat(pod.path("spec").path("nodeName").asText()).isEmpty();
        JsonNode term = pod.path("spec").path("affinity").path("nodeAffinity")
                .path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms").get(0);
        assertThat(term.path("matchFields").get(0).path("key").asText()).isEqualTo("metadata.name");
        List<String> tolerated = new ArrayList<>();
        pod.path("spec").path("tolerations").forEach(t -> tolerated.add(t.path("key").asText() + ":" + t.path("effect").asText()));
        assertThat(tolerated).contains("node.kubernetes.io/not-ready:NoExecute", "node.kubernetes.io/unreachable:NoExecute",
                "node.kubernetes.io/unschedulable:NoSchedule", "node.kubernetes.io/disk-pressure:NoSchedule");

        // The pods carry the hash of the revision the controller recorded.
        List<ObjectNode> revs = revisions.list(ns, ListOptions.ALL).items();
        assertThat(revs).hasSize(1);
        assertThat(revs.get(0).path("revision").asLong()).isEqualTo(1);
        String hash = Meta.labels(revs.get(0)).get("controller-revision-hash");
        assertThat(Meta.name(revs.get(0))).isEqualTo("agent-" + hash);
        assertThat(Meta.labels(pod).get("controller-revision-hash")).isEqualTo(hash);

        nodes.create("", Kubelet.node(ns + "-c", Map.of("pool", ns)));
        Poll.until("a pod on the new node", () -> targetNodes(ns).contains(ns + "-c"));

        livePods(ns).forEach(p -> kubelet.markRunningAndReady(ns, Meta.name(p)));
        ObjectNode ds = Poll.value("the status counts three ready pods", () -> {
            ObjectNode cur = daemonSets.get(ns, "agent");
            return cur.path("status").path("numberAvailable").asInt() == 3 ? cur : null;
        });
        JsonNode status = ds.path("status");
        assertThat(status.path("desiredNumberScheduled").asInt()).isEqualTo(3);
        assertThat(status.path("currentNumberScheduled").asInt()).isEqualTo(3);
        assertThat(status.path("numberReady").asInt()).isEqualTo(3);
        assertThat(status.path("updatedNumberScheduled").asInt()).isEqualTo(3);
        assertThat(status.path("numberMisscheduled").asInt()).isZero();
        assertThat(status.has("numberUnavailable")).isFalse();
        assertThat(status.path("observedGeneration").asLong()).isEqualTo(Meta.generation(ds));

        // Quiet when settled: nothing the controller writes changes any more.
        java.util.Map<String, String> before = versions(ns);
        sleep(500);
        assertThat(versions(ns)).isEqualTo(before);

        // Relabelling a node out of the pool removes its pod.
        Objects.patch(nodes, "", ns + "-b", PatchType.MERGE, Objects.named("v1", "Node", ns + "-b")
                .set("metadata", dev.tugboat.api.meta.Json.object().set("labels",
                        dev.tugboat.api.meta.Json.object().put("pool", "gone"))));
        Poll.until("the pod leaves the node that is no longer eligible",
                () -> targetNodes(ns).equals(new TreeSet<>(Set.of(ns + "-a", ns + "-c"))));
    }

    @Test
    void aFailedDaemonPodIsReplaced() {
        String ns = namespace();
        nodes.create("", Kubelet.node(ns + "-a", Map.of("pool", ns)));
        daemonSets.create(ns, daemonSet("agent", ns, "busybox:1"));
        ObjectNode first = Poll.value("a pod", () -> livePods(ns).stream().findFirst().orElse(null));
        kubelet.markFailed(ns, Meta.name(first));
        Poll.until("the failed pod is replaced", () -> {
            List<ObjectNode> live = livePods(ns);
            return live.size() == 1 && !Meta.uid(live.get(0)).equals(Meta.uid(first));
        });
    }

    @Test
    void aRollingUpdateReplacesOnePodAtATimeAndWaitsForReadiness() {
        String ns = namespace();
        for (String n : List.of("a", "b", "c")) {
            nodes.create("", Kubelet.node(ns + "-" + n, Map.of("pool", ns)));
        }
        daemonSets.create(ns, daemonSet("agent", ns, "busybox:1"));
        Poll.until("three ready pods", () -> {
            kubelet.markAllRunningAndReady(ns);
            return daemonSets.get(ns, "agent").path("status").path("numberAvailable").asInt() == 3;
        });

        Objects.patch(daemonSets, ns, "agent", PatchType.STRATEGIC, dev.tugboat.api.meta.Json.object().set("spec",
                dev.tugboat.api.meta.Json.object().set("template", dev.tugboat.api.meta.Json.object().set("spec",
                        dev.tugboat.api.meta.Json.object().set("containers", dev.tugboat.api.meta.Json.MAPPER.createArrayNode()
                                .add(dev.tugboat.api.meta.Json.object().put("name", "c").put("image", "busybox:2")))))));

        // maxUnavailable 1: one old pod goes, its replacement comes, and nothing more happens until it is ready.
        Poll.until("one pod replaced", () -> livePods(ns).stream()
                .filter(p -> p.path("spec").path("containers").get(0).path("image").asText().equals("busybox:2"))
                .count() == 1 && livePods(ns).size() == 3);
        long revNumbers = revisions.list(ns, ListOptions.ALL).items().stream().mapToLong(r -> r.path("revision").asLong())
                .max().orElse(0);
        assertThat(revNumbers).isEqualTo(2);
        // Give the controller time to (wrongly) go further, then check it did not.
        Poll.until("status reports one updated pod",
                () -> daemonSets.get(ns, "agent").path("status").path("updatedNumberScheduled").asInt() == 1);
        sleep(300);
        assertThat(livePods(ns).stream().filter(p -> p.path("spec").path("containers").get(0).path("image").asText()
                .equals("busybox:1")).count()).isEqualTo(2);

        Poll.until("all pods updated and available", () -> {
            kubelet.markAllRunningAndReady(ns);
            JsonNode s = daemonSets.get(ns, "agent").path("status");
            return s.path("updatedNumberScheduled").asInt() == 3 && s.path("numberAvailable").asInt() == 3;
        });
        assertThat(livePods(ns)).allSatisfy(p ->
                assertThat(p.path("spec").path("containers").get(0).path("image").asText()).isEqualTo("busybox:2"));

        // What `kubectl rollout undo` does: apply the revision-1 data as a strategic merge patch.
        ObjectNode first = revisions.list(ns, ListOptions.ALL).items().stream()
                .filter(r -> r.path("revision").asLong() == 1).findFirst().orElseThrow();
        Objects.patch(daemonSets, ns, "agent", PatchType.STRATEGIC, first.path("data"));
        Poll.until("rolled back to the first template", () -> {
            kubelet.markAllRunningAndReady(ns);
            List<ObjectNode> live = livePods(ns);
            return live.size() == 3 && live.stream().allMatch(p ->
                    p.path("spec").path("containers").get(0).path("image").asText().equals("busybox:1"));
        });
        assertThat(revisions.get(ns, Meta.name(first)).path("revision").asLong()).isEqualTo(3);
        assertThat(revisions.list(ns, ListOptions.ALL).items()).hasSize(2);
    }

    @Test
    void withMaxSurgeTheNewPodStartsBesideTheOldOneWhichGoesOnceTheNewIsReady() {
        String ns = namespace();
        for (String n : List.of("a", "b")) {
            nodes.create("", Kubelet.node(ns + "-" + n, Map.of("pool", ns)));
        }
        ObjectNode ds = daemonSet("agent", ns, "busybox:1");
        ((ObjectNode) ds.get("spec")).putObject("updateStrategy").put("type", "RollingUpdate")
                .putObject("rollingUpdate").put("maxSurge", 1).put("maxUnavailable", 0);
        daemonSets.create(ns, ds);
        Poll.until("two ready pods", () -> {
            kubelet.markAllRunningAndReady(ns);
            return daemonSets.get(ns, "agent").path("status").path("numberAvailable").asInt() == 2;
        });
        ObjectNode patch = dev.tugboat.api.meta.Json.object();
        ((ObjectNode) patch.putObject("spec").putObject("template").putObject("spec").putArray("containers").addObject())
                .put("name", "c").put("image", "busybox:2");
        Objects.patch(daemonSets, ns, "agent", PatchType.STRATEGIC, patch);

        Poll.until("a surge pod next to an old one", () -> livePods(ns).size() == 3);
        sleep(300);
        List<ObjectNode> live = livePods(ns);
        assertThat(live).hasSize(3);
        String surgedNode = live.stream().filter(p -> p.path("spec").path("containers").get(0).path("image").asText()
                .equals("busybox:2")).map(DaemonPods::targetNodeName).findFirst().orElseThrow();
        assertThat(live.stream().filter(p -> DaemonPods.targetNodeName(p).equals(surgedNode))).hasSize(2);

        Poll.until("every node runs only the new pod", () -> {
            kubelet.markAllRunningAndReady(ns);
            List<ObjectNode> now = livePods(ns);
            return now.size() == 2 && now.stream().allMatch(p ->
                    p.path("spec").path("containers").get(0).path("image").asText().equals("busybox:2"));
        });
    }

    /** name → resourceVersion of everything the controller writes in the namespace. */
    static Map<String, String> versions(String ns) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (ResourceClient c : List.of(pods, daemonSets, revisions)) {
            c.list(ns, ListOptions.ALL).items().forEach(o -> out.put(Meta.name(o), Meta.resourceVersion(o)));
        }
        return out;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
