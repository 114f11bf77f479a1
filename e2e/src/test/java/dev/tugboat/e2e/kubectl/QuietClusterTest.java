package dev.tugboat.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tugboat.api.meta.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Quiet when settled: once workloads have converged, the control plane makes no writes over 30 s
 * except heartbeats (Lease renewals of nodes and leaders). Every write to the store moves the cluster's
 * resourceVersion by one, so the writes in a window are the difference of two list resourceVersions;
 * the lease renewals among them are counted by a watch on leases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuietClusterTest {

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

    private long revision() throws Exception {
        // kubectl get -o json prints a client-side List without a resourceVersion; the raw list has it.
        return Long.parseLong(Json.MAPPER.readTree(cluster.ok("get", "--raw", "/api/v1/namespaces"))
                .at("/metadata/resourceVersion").asText());
    }

    private static long leaseLines(Path log) throws Exception {
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("lease.coordination.k8s.io/")).count();
    }

    @Test
    void aSettledClusterMakesNoWritesButHeartbeats() throws Exception {
        String ns = cluster.newNamespace("quiet");
        cluster.ok("create", "deployment", "web", "--image=nginx", "--replicas=3", "--port=80", "-n", ns);
        cluster.ok("expose", "deployment", "web", "--port=80", "-n", ns);
        cluster.runWithInput("""
                apiVersion: apps/v1
                kind: DaemonSet
                metadata:
                  name: agent
                spec:
                  selector:
                    matchLabels: {app: agent}
                  template:
                    metadata:
                      labels: {app: agent}
                    spec:
                      containers:
                      - name: agent
                        image: busybox
                """, "apply", "-n", ns, "-f", "-").assertOk();
        cluster.ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=90s");
        cluster.ok("rollout", "status", "daemonset/agent", "-n", ns, "--timeout=90s");
        await().atMost(DEADLINE).until(() -> cluster.json("get", "endpoints", "web", "-n", ns)
                .at("/subsets/0/addresses").size() == 3);
        Thread.sleep(5000);

        Path leaseLog = cluster.newDirectory("quiet-").resolve("leases.log");
        Process watch = cluster.kubectl().start(leaseLog, "get", "leases", "-A", "--watch-only", "-o", "name");
        try {
            Thread.sleep(2000);
            long start = revision();
            long leasesAtStart = leaseLines(leaseLog);
            Thread.sleep(30_000);
            long writes = revision() - start;
            long leaseWrites = leaseLines(leaseLog) - leasesAtStart;
            assertThat(leaseWrites).as("lease renewals seen").isPositive();
            // A renewal may land between reading the revision and counting the watch's lines.
            assertThat(writes - leaseWrites).as("writes other than lease renewals in 30 s (%d writes, %d leases)",
                    writes, leaseWrites).isLessThanOrEqualTo(3);
        } finally {
            watch.destroy();
            watch.waitFor();
        }
    }
}
