package dev.tugboat.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tugboat.e2e.ComponentProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two controller managers as separate processes against one server: one holds the
 * kube-system/kube-controller-manager Lease and reconciles; when it is killed, the other takes over and
 * the cluster keeps converging.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaderFailoverTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Pattern IDENTITY = Pattern.compile("controller manager (\\S+) running");

    private Cluster cluster;
    private ComponentProcess first;
    private ComponentProcess second;

    @BeforeAll
    void startServer() throws Exception {
        cluster = Cluster.start("--simulated-nodes", "2", "--disable-controller-manager");
    }

    @AfterAll
    void stopAll() throws Exception {
        for (ComponentProcess p : new ComponentProcess[] {first, second}) {
            if (p != null) {
                p.close();
            }
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private String identity(ComponentProcess p) {
        await().atMost(DEADLINE).until(() -> IDENTITY.matcher(p.logText()).find());
        Matcher m = IDENTITY.matcher(p.logText());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private String holder() throws Exception {
        return cluster.json("get", "lease", "kube-controller-manager", "-n", "kube-system")
                .at("/spec/holderIdentity").asText();
    }

    @Test
    void theStandbyTakesOverWhenTheLeaderDies() throws Exception {
        Path dir = cluster.newDirectory("cm-");
        first = ComponentProcess.start("controller-manager", cluster.server().kubeconfig(), dir.resolve("first.log"));
        String firstId = identity(first);
        await().atMost(DEADLINE).until(() -> cluster.run("get", "lease", "kube-controller-manager", "-n", "kube-system")
                .exitCode() == 0 && holder().equals(firstId));
        second = ComponentProcess.start("controller-manager", cluster.server().kubeconfig(), dir.resolve("second.log"));
        String secondId = identity(second);

        String ns = cluster.newNamespace("failover");
        cluster.ok("create", "deployment", "web", "--image=nginx", "--replicas=2", "-n", ns);
        cluster.ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s");
        assertThat(holder()).isEqualTo(firstId);

        first.kill();
        await().atMost(DEADLINE).until(() -> holder().equals(secondId));
        cluster.ok("scale", "deployment/web", "--replicas=3", "-n", ns);
        cluster.ok("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s");
        assertThat(PodsView.runningReady(cluster, ns, "app=web")).hasSize(3);
        assertThat(second.isAlive()).isTrue();
    }
}
