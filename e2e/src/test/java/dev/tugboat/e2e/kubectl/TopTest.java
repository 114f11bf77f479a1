package dev.tugboat.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tugboat.e2e.Kubectl;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code kubectl top} on simulated nodes: the server scrapes each node's resource metrics every second
 * ({@code --metric-resolution 1s}) and serves them as metrics.k8s.io; a pod's usage comes from its
 * {@code tugboat.dev/simulated-usage} annotation and follows it when it is overwritten.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private Cluster cluster;

    @BeforeAll
    void startServer() throws Exception {
        cluster = Cluster.start("--simulated-nodes", "3", "--metric-resolution", "1s");
    }

    @AfterAll
    void stopServer() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The rows of a {@code kubectl top} table by name (first cell), once it succeeds; else null. */
    private Map<String, List<String>> top(String... args) throws Exception {
        Kubectl.Result r = cluster.run(args);
        if (r.exitCode() != 0) {
            return null;
        }
        List<List<String>> rows = Tables.cells(r.out());
        Map<String, List<String>> byName = new TreeMap<>();
        rows.subList(1, rows.size()).forEach(row -> byName.put(row.get(0), row));
        byName.put("", rows.get(0));
        return byName;
    }

    @Test
    void topNodeListsTheSimulatedNodesWithTheirCpuAndMemory() throws Exception {
        Map<String, List<String>> rows = await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500))
                .until(() -> top("top", "node"), r -> r != null && r.size() == 4);
        assertThat(rows.get("")).containsExactly("NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)");
        assertThat(rows.keySet()).containsExactly("", "sim-node-0", "sim-node-1", "sim-node-2");
        for (String node : List.of("sim-node-0", "sim-node-1", "sim-node-2")) {
            List<String> row = rows.get(node);
            // At least the simulated system's 20m and 128Mi, of 32 cores and 256Gi.
            assertThat(row.get(1)).matches("\\d+m");
            assertThat(Integer.parseInt(row.get(1).replace("m", ""))).isGreaterThanOrEqualTo(19);
            assertThat(row.get(2)).matches("\\d+%");
            assertThat(row.get(3)).matches("\\d+Mi");
            assertThat(Integer.parseInt(row.get(3).replace("Mi", ""))).isGreaterThanOrEqualTo(128);
            assertThat(row.get(4)).matches("\\d+%");
        }
        assertThat(cluster.ok("get", "--raw", "/apis/metrics.k8s.io/v1beta1/nodes/sim-node-0"))
                .contains("\"kind\":\"NodeMetrics\"", "\"window\":");
    }

    @Test
    void topPodShowsTheAnnotatedUsageAndFollowsItsChange() throws Exception {
        String ns = cluster.newNamespace("top");
        cluster.ok("apply", "-n", ns, "-f", cluster.write("busy.yaml", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: busy
                  labels:
                    app: busy
                  annotations:
                    tugboat.dev/simulated-usage: cpu=250m,memory=64Mi
                spec:
                  containers:
                  - name: app
                    image: nginx
                """).toString());
        cluster.ok("wait", "--for=condition=Ready", "pod/busy", "-n", ns, "--timeout=60s");

        awaitUsage(ns, 250, "64Mi");
        Map<String, List<String>> rows = top("top", "pod", "-n", ns, "-l", "app=busy");
        assertThat(rows.get("")).containsExactly("NAME", "CPU(cores)", "MEMORY(bytes)");
        assertThat(rows.keySet()).containsExactly("", "busy");
        assertThat(cluster.ok("top", "pod", "busy", "-n", ns, "--containers"))
                .containsPattern("(?m)^busy +app +2[45]\\dm +64Mi *$");

        cluster.ok("annotate", "pod", "busy", "-n", ns, "--overwrite",
                "tugboat.dev/simulated-usage=cpu=750m,memory=128Mi");
        awaitUsage(ns, 750, "128Mi");
    }

    /** Waits until {@code kubectl top pod busy} shows about {@code milliCores} (±10m) and {@code memory}. */
    private void awaitUsage(String ns, int milliCores, String memory) {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, List<String>> rows = top("top", "pod", "busy", "-n", ns);
            assertThat(rows).isNotNull();
            List<String> busy = rows.get("busy");
            assertThat(busy).isNotNull();
            assertThat(busy.get(1)).matches("\\d+m");
            assertThat(Integer.parseInt(busy.get(1).replace("m", ""))).isBetween(milliCores - 10, milliCores + 10);
            assertThat(busy.get(2)).isEqualTo(memory);
        });
    }
}
