package dev.tugboat.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.e2e.kubectl.PodsView.Pod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A simulated node whose heartbeat stops: it goes NotReady with the unreachable taints, its pods are
 * evicted when their toleration runs out and replaced on the other nodes, and it recovers when the
 * heartbeat resumes. The server runs with short grace and toleration periods so this takes seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeFailureTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private Cluster cluster;

    @BeforeAll
    void startServer() throws Exception {
        cluster = Cluster.start("--simulated-nodes", "3", "--node-monitor-grace-period", "6s",
                "--default-not-ready-toleration-seconds", "4", "--default-unreachable-toleration-seconds", "4");
    }

    @AfterAll
    void stopServer() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private JsonNode node(String name) throws Exception {
        return cluster.json("get", "node", name);
    }

    @Test
    void podsOfADeadNodeAreEvictedAndReplacedElsewhere() throws Exception {
        String ns = cluster.newNamespace("failover");
        cluster.ok("create", "deployment", "web", "--image=nginx", "--replicas=3", "-n", ns);
        cluster.ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=90s");
        List<Pod> before = PodsView.runningReady(cluster, ns, "app=web");
        String victim = before.get(0).node();
        List<String> victimPods = before.stream().filter(p -> p.node().equals(victim)).map(Pod::name).toList();

        cluster.ok("annotate", "node", victim, "tugboat.dev/heartbeat=stopped");
        await().atMost(DEADLINE).until(() -> cluster.ok("get", "node", victim).contains("NotReady"));
        JsonNode dead = node(victim);
        assertThat(dead.at("/spec/taints").findValuesAsText("key")).contains("node.kubernetes.io/unreachable");
        for (JsonNode c : dead.at("/status/conditions")) {
            if (c.path("type").asText().equals("Ready")) {
                assertThat(c.path("status").asText()).isEqualTo("Unknown");
                assertThat(c.path("reason").asText()).isEqualTo("NodeStatusUnknown");
            }
        }
        // Evicted (marked for deletion) and replaced: three ready pods again, none on the dead node.
        await().atMost(DEADLINE).until(() -> {
            List<Pod> now = PodsView.pods(cluster, ns, "app=web");
            boolean evicted = now.stream().filter(p -> victimPods.contains(p.name())).allMatch(Pod::terminating);
            List<Pod> serving = PodsView.runningReady(cluster, ns, "app=web");
            return evicted && serving.size() == 3 && serving.stream().noneMatch(p -> p.node().equals(victim));
        });
        assertThat(cluster.ok("get", "events", "-n", ns)).contains("TaintManagerEviction");

        // The heartbeat resumes: Ready again, taints gone, the evicted pods finish terminating.
        cluster.ok("annotate", "node", victim, "tugboat.dev/heartbeat-");
        await().atMost(DEADLINE).until(() -> !cluster.ok("get", "node", victim).contains("NotReady")
                && node(victim).at("/spec/taints").findValuesAsText("key").stream()
                        .noneMatch(k -> k.startsWith("node.kubernetes.io/")));
        await().atMost(DEADLINE).until(() -> PodsView.pods(cluster, ns, "app=web").stream()
                .noneMatch(p -> victimPods.contains(p.name())));
    }
}
