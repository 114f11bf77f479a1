package dev.tugboat.scheduler;

import static dev.tugboat.scheduler.Objects.json;
import static dev.tugboat.scheduler.Objects.label;
import static dev.tugboat.scheduler.Objects.node;
import static dev.tugboat.scheduler.Objects.pod;
import static dev.tugboat.scheduler.Objects.spec;
import static dev.tugboat.scheduler.Objects.taint;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.DeleteOptions;
import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scheduler against a real API server: nodes created by hand, pods bound through the API. */
class SchedulerTest {

    static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    static final GroupVersionResource NODES = new GroupVersionResource("", "v1", "nodes");
    static final GroupVersionResource REPLICA_SETS = new GroupVersionResource("apps", "v1", "replicasets");
    static final GroupVersionResource SERVICES = new GroupVersionResource("", "v1", "services");
    static final GroupVersionResource EVENTS = new GroupVersionResource("", "v1", "events");
    static final GroupVersionResource PRIORITY_CLASSES = new GroupVersionResource("scheduling.k8s.io", "v1",
            "priorityclasses");
    static final String NS = "default";

    TestApiServer server;
    Scheduler scheduler;
    ResourceClient pods;
    ResourceClient nodes;

    @BeforeEach
    void start() throws Exception {
        server = TestApiServer.start();
        pods = server.client().resource(PODS);
        nodes = server.client().resource(NODES);
    }

    void startScheduler() {
        scheduler = new Scheduler(server.newClient("scheduler"), SystemClock.INSTANCE, SchedulerConfig.defaults());
        scheduler.start();
        Poll.until("the scheduler synced", scheduler::isSynced);
    }

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.close();
        }
        server.close();
    }

    /** Creates the node, then writes its status (the API server drops status on create). */
    void createNode(ObjectNode node) {
        ObjectNode created = nodes.create("", node);
        created.set("status", node.get("status"));
        nodes.subresource("status").update("", created);
    }

    String nodeOf(String pod) {
        return pods.get(NS, pod).path("spec").path("nodeName").asText("");
    }

    String awaitBound(String pod) {
        try {
            return Poll.value(pod + " bound", () -> {
                String n = nodeOf(pod);
                return n.isEmpty() ? null : n;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; pod " + pods.get(NS, pod) + "; events " + eventsOf(pod)
                    + "; queue " + scheduler.queueSizes(), e);
        }
    }

    JsonNode condition(String pod) {
        for (JsonNode c : pods.get(NS, pod).path("status").path("conditions")) {
            if ("PodScheduled".equals(c.path("type").asText())) {
                return c;
            }
        }
        return null;
    }

    List<ObjectNode> eventsOf(String pod) {
        return server.client().resource(EVENTS)
                .list(NS, ListOptions.ALL.withFieldSelector("involvedObject.name=" + pod)).items();
    }

    @Test
    void podsAreBoundSpreadAndAnnouncedWithScheduledEvents() {
        for (int i = 0; i < 3; i++) {
            createNode(node("node-" + i, "4", "8Gi", 110));
        }
        startScheduler();
        for (int i = 0; i < 6; i++) {
            pods.create(NS, pod(NS, "web-" + i, "500m", "512Mi"));
        }
        Map<String, Integer> perNode = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            perNode.merge(awaitBound("web-" + i), 1, Integer::sum);
        }
        assertThat(perNode).containsOnlyKeys("node-0", "node-1", "node-2").allSatisfy((n, c) -> assertThat(c).isEqualTo(2));
        Poll.until("a Scheduled event", () -> eventsOf("web-0").stream().anyMatch(e ->
                "Scheduled".equals(e.path("reason").asText())
                        && e.path("message").asText().equals("Successfully assigned default/web-0 to " + nodeOf("web-0"))
                        && "default-scheduler".equals(e.path("source").path("component").asText())));
    }

    @Test
    void podsOfOtherSchedulersAreLeftAlone() {
        createNode(node("node-0", "4", "8Gi", 110));
        startScheduler();
        ObjectNode other = pod(NS, "other", "100m", null);
        spec(other).put("schedulerName", "my-scheduler");
        pods.create(NS, other);
        pods.create(NS, pod(NS, "mine", "100m", null));
        awaitBound("mine");
        assertThat(nodeOf("other")).isEmpty();
    }

    @Test
    void anUnschedulablePodGetsTheConditionAndEventAndIsScheduledWhenANodeFits() {
        for (int i = 0; i < 3; i++) {
            createNode(node("node-" + i, "2", "8Gi", 110));
        }
        startScheduler();
        pods.create(NS, pod(NS, "big", "3", null));
        String expected = "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: "
                + "3 No preemption victims found for incoming pod.";
        Poll.until("PodScheduled=False", () -> {
            JsonNode c = condition("big");
            return c != null && "False".equals(c.path("status").asText());
        });
        JsonNode c = condition("big");
        assertThat(c.path("reason").asText()).isEqualTo("Unschedulable");
        assertThat(c.path("message").asText()).isEqualTo(expected);
        Poll.until("a FailedScheduling event", () -> eventsOf("big").stream().anyMatch(e ->
                "FailedScheduling".equals(e.path("reason").asText()) && "Warning".equals(e.path("type").asText())
                        && expected.equals(e.path("message").asText())));

        createNode(node("node-big", "8", "8Gi", 110));
        assertThat(awaitBound("big")).isEqualTo("node-big");
    }

    @Test
    void nodeSelectorTaintsAndNodeAffinityChooseTheNode() {
        createNode(label(node("ssd", "4", "8Gi", 110), "disk", "ssd"));
        createNode(label(node("hdd", "4", "8Gi", 110), "disk", "hdd"));
        createNode(taint(label(node("tainted", "4", "8Gi", 110), "disk", "ssd"), "dedicated", "db",
                "NoSchedule"));
        startScheduler();
        for (int i = 0; i < 4; i++) {
            ObjectNode p = pod(NS, "sel-" + i, "100m", null);
            spec(p).putObject("nodeSelector").put("disk", "ssd");
            pods.create(NS, p);
        }
        for (int i = 0; i < 4; i++) {
            assertThat(awaitBound("sel-" + i)).isEqualTo("ssd");
        }
        ObjectNode tolerating = pod(NS, "tolerating", "100m", null);
        spec(tolerating).set("affinity", json("{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':"
                + "{'nodeSelectorTerms':[{'matchFields':[{'key':'metadata.name','operator':'In','values':['tainted']}]}]}}}"));
        spec(tolerating).set("tolerations", json("{'t':[{'key':'dedicated','operator':'Equal','value':'db',"
                + "'effect':'NoSchedule'}]}").get("t"));
        pods.create(NS, tolerating);
        assertThat(awaitBound("tolerating")).isEqualTo("tainted");

        ObjectNode nowhere = pod(NS, "nowhere", "100m", null);
        spec(nowhere).putObject("nodeSelector").put("disk", "nvme");
        pods.create(NS, nowhere);
        Poll.until("nowhere unschedulable", () -> condition("nowhere") != null);
        assertThat(condition("nowhere").path("message").asText()).isEqualTo(
                "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 2 node(s) didn't match "
                        + "Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not "
                        + "helpful for scheduling.");
    }

    @Test
    void antiAffinityAndTopologySpreadPlacePodsAsUpstream() {
        createNode(label(node("a1", "8", "16Gi", 110), "zone", "a"));
        createNode(label(node("a2", "8", "16Gi", 110), "zone", "a"));
        createNode(label(node("b1", "8", "16Gi", 110), "zone", "b"));
        startScheduler();
        for (int i = 0; i < 3; i++) {
            ObjectNode p = label(pod(NS, "anti-" + i, "100m", null), "app", "anti");
            spec(p).set("affinity", json("{'podAntiAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':"
                    + "[{'labelSelector':{'matchLabels':{'app':'anti'}},'topologyKey':'kubernetes.io/hostname'}]}}"));
            pods.create(NS, p);
        }
        assertThat(List.of(awaitBound("anti-0"), awaitBound("anti-1"), awaitBound("anti-2")))
                .containsExactlyInAnyOrder("a1", "a2", "b1");
        ObjectNode fourth = label(pod(NS, "anti-3", "100m", null), "app", "anti");
        spec(fourth).set("affinity", json("{'podAntiAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':"
                + "[{'labelSelector':{'matchLabels':{'app':'anti'}},'topologyKey':'kubernetes.io/hostname'}]}}"));
        pods.create(NS, fourth);
        Poll.until("anti-3 unschedulable", () -> condition("anti-3") != null);
        assertThat(condition("anti-3").path("message").asText()).startsWith(
                "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.");

        // Zone spread with maxSkew 1 over zones a (2 nodes) and b (1 node): 2 and 2.
        Map<String, Integer> perZone = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            ObjectNode p = label(pod(NS, "spread-" + i, "100m", null), "app", "spread");
            spec(p).set("topologySpreadConstraints", json("{'t':[{'maxSkew':1,'topologyKey':'zone',"
                    + "'whenUnsatisfiable':'DoNotSchedule','labelSelector':{'matchLabels':{'app':'spread'}}}]}").get("t"));
            pods.create(NS, p);
            String node = awaitBound("spread-" + i);
            perZone.merge(node.startsWith("a") ? "a" : "b", 1, Integer::sum);
        }
        assertThat(perZone).containsEntry("a", 2).containsEntry("b", 2);
    }

    @Test
    void aHigherPriorityPodPreemptsALowerPriorityOne() {
        ObjectNode pc = Json.object();
        pc.put("apiVersion", "scheduling.k8s.io/v1").put("kind", "PriorityClass").put("value", 1000);
        pc.putObject("metadata").put("name", "high");
        server.client().resource(PRIORITY_CLASSES).create("", pc);
        createNode(node("only", "1", "4Gi", 110));
        startScheduler();
        pods.create(NS, pod(NS, "low", "800m", null));
        assertThat(awaitBound("low")).isEqualTo("only");
        ObjectNode high = pod(NS, "high", "800m", null);
        spec(high).put("priorityClassName", "high");
        ObjectNode created = pods.create(NS, high);
        assertThat(created.path("spec").path("priority").asInt()).isEqualTo(1000);
        // The victim is deleted gracefully; without a kubelet, finish its deletion by hand.
        Poll.until("low is terminating", () -> pods.get(NS, "low").path("metadata").has("deletionTimestamp"));
        pods.delete(NS, "low", DeleteOptions.DEFAULT.withGracePeriodSeconds(0));
        assertThat(awaitBound("high")).isEqualTo("only");
        Poll.until("a Preempted event", () -> eventsOf("low").stream().anyMatch(e ->
                "Preempted".equals(e.path("reason").asText())));
    }

    Map<String, Integer> perNode(String prefix, int n) {
        Map<String, Integer> perNode = new HashMap<>();
        for (int i = 0; i < n; i++) {
            perNode.merge(awaitBound(prefix + i), 1, Integer::sum);
        }
        return perNode;
    }

    @Test
    void threePodsWithoutRequestsCreatedAtOnceGoOnePerNode() {
        // Each pod counts as 100m and 200Mi once assumed, which on 4-cpu, 8Gi nodes lowers the
        // least-allocated score of its node for the next cycle, before any binding is confirmed.
        for (int i = 0; i < 3; i++) {
            createNode(node("node-" + i, "4", "8Gi", 110));
        }
        for (int i = 0; i < 3; i++) {
            pods.create(NS, pod(NS, "free-" + i, null, null));
        }
        startScheduler();
        assertThat(perNode("free-", 3)).containsOnlyKeys("node-0", "node-1", "node-2")
                .allSatisfy((n, c) -> assertThat(c).isEqualTo(1));
    }

    @Test
    void replicaSetPodsSpreadTwoPerNodeOnNodesAsLargeAsSimulatedOnes() {
        // 32 cpu and 256Gi (the simulated nodes' default): the resource scores cannot tell 0 from 2 pods,
        // only the system default spreading over the ReplicaSet's selector can.
        for (int i = 0; i < 3; i++) {
            createNode(node("node-" + i, "32", "256Gi", 110));
        }
        ObjectNode rs = json("{'apiVersion':'apps/v1','kind':'ReplicaSet','metadata':{'name':'web-abc'},"
                + "'spec':{'replicas':6,'selector':{'matchLabels':{'app':'web','pod-template-hash':'abc'}},"
                + "'template':{'metadata':{'labels':{'app':'web','pod-template-hash':'abc'}},"
                + "'spec':{'containers':[{'name':'c','image':'nginx'}]}}}}");
        ObjectNode created = server.client().resource(REPLICA_SETS).create(NS, rs);
        for (int i = 0; i < 6; i++) {
            ObjectNode p = label(label(pod(NS, "web-" + i, null, null), "app", "web"), "pod-template-hash", "abc");
            ((ObjectNode) p.get("metadata")).putArray("ownerReferences").addObject().put("apiVersion", "apps/v1")
                    .put("kind", "ReplicaSet").put("name", "web-abc")
                    .put("uid", created.path("metadata").path("uid").asText()).put("controller", true);
            pods.create(NS, p);
        }
        startScheduler();
        assertThat(perNode("web-", 6)).containsOnlyKeys("node-0", "node-1", "node-2")
                .allSatisfy((n, c) -> assertThat(c).isEqualTo(2));
    }

    @Test
    void podsSelectedByAServiceSpreadOnePerNode() {
        for (int i = 0; i < 3; i++) {
            createNode(node("node-" + i, "32", "256Gi", 110));
        }
        server.client().resource(SERVICES).create(NS, json("{'apiVersion':'v1','kind':'Service',"
                + "'metadata':{'name':'svc'},'spec':{'selector':{'app':'svc'},'ports':[{'port':80}]}}"));
        startScheduler();
        for (int i = 0; i < 3; i++) {
            pods.create(NS, label(pod(NS, "svc-" + i, null, null), "app", "svc"));
        }
        assertThat(perNode("svc-", 3)).containsOnlyKeys("node-0", "node-1", "node-2")
                .allSatisfy((n, c) -> assertThat(c).isEqualTo(1));
    }
}
