package dev.tugboat.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tugboat.e2e.kubectl.PodsView.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Where the scheduler puts pods on three simulated nodes, as kubectl shows it: resources, nodeSelector,
 * taints and tolerations, node affinity, pod anti-affinity and topology spread. Tests that label or
 * taint a node undo it before they end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchedulingTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private Cluster cluster;

    @BeforeAll
    void startServer() throws Exception {
        cluster = Cluster.start("--simulated-nodes", "3");
        // Before the first node registers, kubectl says "No resources found" on stderr: keep polling.
        await().atMost(DEADLINE).ignoreExceptions().until(() -> cluster.ok("get", "nodes").split("\n").length == 4
                && !cluster.ok("get", "nodes").contains("NotReady"));
    }

    @AfterAll
    void stopServer() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void deployment(String ns, String name, int replicas, String podSpecExtra) throws Exception {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %1$s
                spec:
                  replicas: %2$d
                  selector:
                    matchLabels: {app: %1$s}
                  template:
                    metadata:
                      labels: {app: %1$s}
                    spec:
                      containers:
                      - name: c
                        image: nginx
                """.formatted(name, replicas);
        // The extra pod spec fields go before "containers", indented to the pod spec's level.
        yaml = yaml.replace("    spec:\n", "    spec:\n" + podSpecExtra.indent(6));
        cluster.runWithInput(yaml, "apply", "-n", ns, "-f", "-").assertOk();
    }

    private Map<String, Long> podsPerNode(String ns, String app) throws Exception {
        return PodsView.runningReady(cluster, ns, "app=" + app).stream()
                .collect(Collectors.groupingBy(Pod::node, Collectors.counting()));
    }

    @Test
    void anUnschedulablePodShowsFailedSchedulingInDescribe() throws Exception {
        String ns = cluster.newNamespace("big");
        cluster.runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: big
                spec:
                  containers:
                  - name: c
                    image: nginx
                    resources:
                      requests:
                        cpu: "100"
                """, "apply", "-n", ns, "-f", "-").assertOk();
        await().atMost(DEADLINE).until(() -> cluster.ok("describe", "pod", "big", "-n", ns)
                .contains("0/3 nodes are available: 3 Insufficient cpu."));
        String describe = cluster.ok("describe", "pod", "big", "-n", ns);
        assertThat(describe).contains("Warning  FailedScheduling").contains("default-scheduler");
        assertThat(cluster.ok("get", "pod", "big", "-n", ns)).contains("Pending");
        assertThat(cluster.json("get", "pod", "big", "-n", ns).at("/status/conditions/0/reason").asText())
                .isEqualTo("Unschedulable");
    }

    @Test
    void nodeSelectorAndRequiredNodeAffinityPickTheNode() throws Exception {
        String ns = cluster.newNamespace("selector");
        cluster.ok("label", "node", "sim-node-1", "disk=ssd");
        try {
            deployment(ns, "ssd", 3, "nodeSelector: {disk: ssd}");
            deployment(ns, "pinned", 2, """
                    affinity:
                      nodeAffinity:
                        requiredDuringSchedulingIgnoredDuringExecution:
                          nodeSelectorTerms:
                          - matchExpressions:
                            - {key: kubernetes.io/hostname, operator: In, values: [sim-node-2]}""");
            await().atMost(DEADLINE).until(() -> podsPerNode(ns, "ssd").equals(Map.of("sim-node-1", 3L)));
            await().atMost(DEADLINE).until(() -> podsPerNode(ns, "pinned").equals(Map.of("sim-node-2", 2L)));
        } finally {
            cluster.ok("label", "node", "sim-node-1", "disk-");
        }
    }

    @Test
    void taintsKeepPodsAwayUnlessTolerated() throws Exception {
        String ns = cluster.newNamespace("taints");
        cluster.ok("taint", "node", "sim-node-0", "dedicated=gpu:NoSchedule");
        cluster.ok("taint", "node", "sim-node-2", "dedicated=gpu:NoSchedule");
        try {
            deployment(ns, "plain", 4, "");
            await().atMost(DEADLINE).until(() -> podsPerNode(ns, "plain").equals(Map.of("sim-node-1", 4L)));
            deployment(ns, "tolerant", 2, """
                    nodeSelector: {kubernetes.io/hostname: sim-node-0}
                    tolerations:
                    - {key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}""");
            await().atMost(DEADLINE).until(() -> podsPerNode(ns, "tolerant").equals(Map.of("sim-node-0", 2L)));
        } finally {
            cluster.ok("taint", "node", "sim-node-0", "dedicated-");
            cluster.ok("taint", "node", "sim-node-2", "dedicated-");
        }
    }

    @Test
    void requiredAntiAffinityPutsOnePodPerNodeAndLeavesTheFourthPending() throws Exception {
        String ns = cluster.newNamespace("anti");
        deployment(ns, "spread", 4, """
                affinity:
                  podAntiAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                    - labelSelector:
                        matchLabels: {app: spread}
                      topologyKey: kubernetes.io/hostname""");
        await().atMost(DEADLINE).until(() -> podsPerNode(ns, "spread").size() == 3);
        assertThat(podsPerNode(ns, "spread").values()).containsOnly(1L);
        await().atMost(DEADLINE).until(() -> cluster.ok("describe", "pods", "-n", ns, "-l", "app=spread")
                .contains("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules."));
    }

    @Test
    void topologySpreadBalancesAcrossNodes() throws Exception {
        String ns = cluster.newNamespace("spread");
        deployment(ns, "even", 6, """
                topologySpreadConstraints:
                - maxSkew: 1
                  topologyKey: kubernetes.io/hostname
                  whenUnsatisfiable: DoNotSchedule
                  labelSelector:
                    matchLabels: {app: even}""");
        await().atMost(DEADLINE).until(() -> PodsView.runningReady(cluster, ns, "app=even").size() == 6);
        assertThat(podsPerNode(ns, "even")).containsOnlyKeys("sim-node-0", "sim-node-1", "sim-node-2")
                .containsValues(2L);
        List<Long> counts = podsPerNode(ns, "even").values().stream().map(Function.identity()).toList();
        assertThat(counts).containsOnly(2L);
    }
}
