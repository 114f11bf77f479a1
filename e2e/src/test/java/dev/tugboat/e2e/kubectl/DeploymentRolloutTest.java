package dev.tugboat.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.e2e.kubectl.PodsView.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The seeds' first walk-through on three simulated nodes: a Deployment's pods are scheduled, spread and
 * run with IPs from their nodes' pod CIDRs, and every {@code kubectl scale|set image|rollout} verb
 * behaves as upstream's. Controllers, scheduler and simulated nodes all run inside the server process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeploymentRolloutTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private Cluster cluster;

    @BeforeAll
    void startServer() throws Exception {
        cluster = Cluster.start("--simulated-nodes", "3");
    }

    @AfterAll
    void stopServer() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private String rolloutStatus(String ns, String deployment) throws Exception {
        return cluster.ok("rollout", "status", "deployment/" + deployment, "-n", ns, "--timeout=90s");
    }

    private List<JsonNode> replicaSets(String ns) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        cluster.json("get", "replicasets", "-n", ns).path("items").forEach(out::add);
        return out;
    }

    @Test
    void createScaleUpdateUndoPauseResumeRestart() throws Exception {
        String ns = cluster.newNamespace("rollout");
        assertThat(cluster.ok("create", "deployment", "nginx", "--image=nginx", "--replicas=3", "-n", ns))
                .isEqualTo("deployment.apps/nginx created\n");
        assertThat(rolloutStatus(ns, "nginx")).endsWith("deployment \"nginx\" successfully rolled out\n");

        // Three running pods, one per node, each with an IP from its node's pod CIDR.
        List<Pod> pods = PodsView.runningReady(cluster, ns, "app=nginx");
        assertThat(pods).hasSize(3);
        assertThat(pods.stream().map(Pod::node).collect(Collectors.toSet())).hasSize(3);
        Map<String, String> cidrs = PodsView.podCidrs(cluster);
        for (Pod p : pods) {
            assertThat(cidrs.get(p.node())).as("podCIDR of %s", p.node()).isNotEmpty();
            assertThat(PodsView.inCidr(p.ip(), cidrs.get(p.node()))).as("%s in %s", p.ip(), cidrs.get(p.node()))
                    .isTrue();
        }
        assertThat(cluster.ok("get", "deployment", "nginx", "-n", ns)).contains("3/3     3            3");

        // Scale.
        assertThat(cluster.ok("scale", "deployment/nginx", "--replicas=5", "-n", ns))
                .isEqualTo("deployment.apps/nginx scaled\n");
        rolloutStatus(ns, "nginx");
        await().atMost(DEADLINE).until(() -> PodsView.runningReady(cluster, ns, "app=nginx").size() == 5);

        // A new image rolls over to a second ReplicaSet; the first ends at zero.
        cluster.ok("set", "image", "deployment/nginx", "nginx=nginx:1.25", "-n", ns);
        assertThat(rolloutStatus(ns, "nginx")).endsWith("deployment \"nginx\" successfully rolled out\n");
        await().atMost(DEADLINE).until(() -> {
            List<Pod> now = PodsView.pods(cluster, ns, "app=nginx");
            return now.size() == 5 && now.stream().allMatch(p -> p.image().equals("nginx:1.25") && p.ready());
        });
        List<JsonNode> sets = replicaSets(ns);
        assertThat(sets).hasSize(2);
        assertThat(sets.stream().map(rs -> rs.at("/spec/replicas").asInt()).sorted().toList()).containsExactly(0, 5);
        String history = cluster.ok("rollout", "history", "deployment/nginx", "-n", ns);
        assertThat(history).startsWith("deployment.apps/nginx \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n");

        // Undo goes back to revision 1's template, which becomes revision 3.
        assertThat(cluster.ok("rollout", "undo", "deployment/nginx", "-n", ns))
                .isEqualTo("deployment.apps/nginx rolled back\n");
        rolloutStatus(ns, "nginx");
        await().atMost(DEADLINE).until(() -> PodsView.pods(cluster, ns, "app=nginx").stream()
                .allMatch(p -> p.image().equals("nginx") && p.ready()));
        assertThat(cluster.ok("rollout", "history", "deployment/nginx", "-n", ns))
                .contains("2         <none>\n3         <none>\n").doesNotContain("\n1   ");
        assertThat(replicaSets(ns)).hasSize(2);

        // Paused: a template change waits; resumed: it rolls out.
        assertThat(cluster.ok("rollout", "pause", "deployment/nginx", "-n", ns))
                .isEqualTo("deployment.apps/nginx paused\n");
        cluster.ok("set", "image", "deployment/nginx", "nginx=nginx:1.26", "-n", ns);
        Thread.sleep(2000);
        assertThat(replicaSets(ns)).hasSize(2);
        assertThat(PodsView.pods(cluster, ns, "app=nginx")).noneMatch(p -> p.image().equals("nginx:1.26"));
        assertThat(cluster.ok("rollout", "resume", "deployment/nginx", "-n", ns))
                .isEqualTo("deployment.apps/nginx resumed\n");
        rolloutStatus(ns, "nginx");
        await().atMost(DEADLINE).until(() -> {
            List<Pod> now = PodsView.pods(cluster, ns, "app=nginx");
            return now.size() == 5 && now.stream().allMatch(p -> p.image().equals("nginx:1.26") && p.ready());
        });

        // Restart: same image, new pods.
        Set<String> before = PodsView.pods(cluster, ns, "app=nginx").stream().map(Pod::name)
                .collect(Collectors.toSet());
        assertThat(cluster.ok("rollout", "restart", "deployment/nginx", "-n", ns))
                .isEqualTo("deployment.apps/nginx restarted\n");
        rolloutStatus(ns, "nginx");
        await().atMost(DEADLINE).until(() -> {
            List<Pod> now = PodsView.pods(cluster, ns, "app=nginx");
            return now.size() == 5 && now.stream().noneMatch(p -> before.contains(p.name()))
                    && now.stream().allMatch(Pod::ready);
        });
    }

    @Test
    void deletingADeploymentRemovesItsReplicaSetsAndPods() throws Exception {
        String ns = cluster.newNamespace("cascade");
        cluster.ok("create", "deployment", "web", "--image=nginx", "--replicas=2", "-n", ns);
        rolloutStatus(ns, "web");
        assertThat(replicaSets(ns)).hasSize(1);
        cluster.ok("delete", "deployment", "web", "-n", ns);
        await().atMost(DEADLINE).until(() -> replicaSets(ns).isEmpty() && PodsView.pods(cluster, ns, "").isEmpty());
    }

    @Test
    void deletingANamespaceRemovesEverythingInIt() throws Exception {
        String ns = cluster.newNamespace("doomed");
        cluster.ok("create", "deployment", "web", "--image=nginx", "--replicas=2", "-n", ns);
        cluster.ok("expose", "deployment", "web", "--port=80", "-n", ns);
        rolloutStatus(ns, "web");
        assertThat(cluster.ok("delete", "namespace", ns, "--timeout=90s")).isEqualTo("namespace \"" + ns + "\" deleted\n");
        assertThat(cluster.run("get", "namespace", ns).err()).contains("NotFound");
        assertThat(cluster.run("get", "pods,replicasets,deployments,services,endpoints", "-A",
                "--field-selector", "metadata.namespace=" + ns).assertOk().out()).isEmpty();
    }
}
