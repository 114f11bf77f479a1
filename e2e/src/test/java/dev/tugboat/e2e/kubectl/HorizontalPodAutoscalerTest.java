package dev.tugboat.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The resource metrics pipeline and the HPA end to end: simulated containers report the CPU their
 * pods' annotation asks for, the API server scrapes it into {@code metrics.k8s.io}, {@code kubectl top}
 * shows it, and {@code kubectl autoscale} scales the Deployment up and, when the load drops, down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HorizontalPodAutoscalerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String USAGE = "tugboat.dev/simulated-usage";

    private Cluster cluster;

    @BeforeAll
    void startServer() throws Exception {
        cluster = Cluster.start("--simulated-nodes", "3", "--metric-resolution", "1s",
                "--horizontal-pod-autoscaler-sync-period", "1s");
    }

    @AfterAll
    void stopServer() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private int replicas(String ns) throws Exception {
        return cluster.json("get", "deployment", "busy", "-n", ns).at("/status/readyReplicas").asInt(0);
    }

    @Test
    void autoscaleFollowsTheCpuThatTopShows() throws Exception {
        String ns = cluster.newNamespace("hpa");
        cluster.ok("apply", "-n", ns, "-f", cluster.write("busy.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: busy
                spec:
                  replicas: 1
                  selector:
                    matchLabels: {app: busy}
                  template:
                    metadata:
                      labels: {app: busy}
                      annotations: {"%s": "cpu=200m,memory=32Mi"}
                    spec:
                      containers:
                      - name: c
                        image: nginx
                        resources:
                          requests: {cpu: 100m, memory: 64Mi}
                """.formatted(USAGE)).toString());
        cluster.ok("rollout", "status", "deployment/busy", "-n", ns, "--timeout=60s");

        // kubectl top: the pod uses what its annotation says (cpu is a rate over the scrape window).
        await().atMost(DEADLINE).ignoreExceptions().untilAsserted(() -> assertThat(
                cluster.ok("top", "pod", "-n", ns, "-l", "app=busy", "--no-headers"))
                .containsPattern("busy-\\S+\\s+(19[0-9]|20[0-9]|210)m\\s+32Mi"));
        assertThat(cluster.ok("top", "node")).contains("CPU(cores)").contains("sim-node-0");

        // 200% of the request against a 50% target: 1 → 4 replicas (upstream's first step allows 4).
        assertThat(cluster.ok("autoscale", "deployment", "busy", "--cpu-percent=50", "--min=1", "--max=4",
                "-n", ns)).isEqualTo("horizontalpodautoscaler.autoscaling/busy autoscaled\n");
        await().atMost(DEADLINE).until(() -> replicas(ns) == 4);
        await().atMost(DEADLINE).ignoreExceptions().untilAsserted(() -> assertThat(
                cluster.ok("get", "hpa", "busy", "-n", ns, "--no-headers"))
                .containsPattern("busy\\s+Deployment/busy\\s+cpu: (19[0-9]|20[0-9]|210)%/50%\\s+1\\s+4\\s+4"));
        assertThat(cluster.ok("describe", "hpa", "busy", "-n", ns))
                .contains("SuccessfulRescale")
                .contains("New size: 4; reason: cpu resource utilization (percentage of request) above target");

        // The load drops: with no scale-down stabilization the HPA goes back to its minimum.
        cluster.ok("patch", "hpa", "busy", "-n", ns, "--type=merge", "-p",
                "{\"spec\":{\"behavior\":{\"scaleDown\":{\"stabilizationWindowSeconds\":0}}}}");
        cluster.ok("annotate", "pods", "-n", ns, "-l", "app=busy", USAGE + "=cpu=10m,memory=32Mi", "--overwrite");
        await().atMost(DEADLINE).until(() -> {
            JsonNode d = cluster.json("get", "deployment", "busy", "-n", ns);
            return d.at("/spec/replicas").asInt() == 1;
        });
        assertThat(cluster.ok("describe", "hpa", "busy", "-n", ns))
                .contains("New size: 1; reason: All metrics below target");
    }
}
