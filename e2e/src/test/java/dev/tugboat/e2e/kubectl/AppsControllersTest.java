package dev.tugboat.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.e2e.kubectl.PodsView.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * DaemonSets, StatefulSets, Jobs and CronJobs on simulated nodes, as kubectl shows them. The
 * DaemonSet test adds a node, so this class has a server of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppsControllersTest {

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

    @Test
    void aDaemonSetRunsOnEveryNodeIncludingOneAddedLater() throws Exception {
        String ns = cluster.newNamespace("ds");
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
        await().atMost(DEADLINE).until(() -> PodsView.runningReady(cluster, ns, "app=agent").size() == 3);
        assertThat(PodsView.runningReady(cluster, ns, "app=agent").stream().map(Pod::node).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("sim-node-0", "sim-node-1", "sim-node-2");

        cluster.runWithInput("""
                apiVersion: v1
                kind: Node
                metadata:
                  name: sim-node-late
                  annotations:
                    tugboat.dev/simulated: "true"
                """, "apply", "-f", "-").assertOk();
        await().atMost(DEADLINE).until(() -> PodsView.runningReady(cluster, ns, "app=agent").stream()
                .anyMatch(p -> p.node().equals("sim-node-late")));
        await().atMost(DEADLINE).until(() -> cluster.json("get", "daemonset", "agent", "-n", ns)
                .at("/status/numberReady").asInt() == 4);
        assertThat(cluster.ok("get", "daemonset", "agent", "-n", ns)).contains("agent   4         4         4       4            4");
        cluster.ok("delete", "namespace", ns, "--timeout=90s");
        cluster.ok("delete", "node", "sim-node-late");
    }

    @Test
    void aStatefulSetCreatesItsPodsInOrderEachWaitingForThePrevious() throws Exception {
        String ns = cluster.newNamespace("sts");
        cluster.runWithInput("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: nginx
                spec:
                  clusterIP: None
                  selector: {app: web}
                  ports:
                  - port: 80
                ---
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: web
                spec:
                  serviceName: nginx
                  replicas: 3
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: nginx
                        image: nginx
                """, "apply", "-n", ns, "-f", "-").assertOk();
        cluster.ok("rollout", "status", "statefulset/web", "-n", ns, "--timeout=90s");
        await().atMost(DEADLINE).until(() -> PodsView.runningReady(cluster, ns, "app=web").size() == 3);
        JsonNode pods = cluster.json("get", "pods", "-n", ns, "-l", "app=web");
        assertThat(pods.path("items").findValuesAsText("name").stream().filter(n -> n.startsWith("web-")).sorted())
                .containsExactly("web-0", "web-1", "web-2");
        // Each pod was created only once its predecessor was Ready.
        for (int i = 1; i < 3; i++) {
            JsonNode prev = pod(pods, "web-" + (i - 1));
            JsonNode next = pod(pods, "web-" + i);
            Instant prevReady = Instant.parse(readySince(prev));
            Instant created = Instant.parse(next.at("/metadata/creationTimestamp").asText());
            assertThat(created).as("web-%d created after web-%d was ready", i, i - 1).isAfterOrEqualTo(prevReady);
            assertThat(next.at("/spec/hostname").asText()).isEqualTo("web-" + i);
            assertThat(next.at("/spec/subdomain").asText()).isEqualTo("nginx");
        }
        cluster.ok("scale", "statefulset/web", "--replicas=1", "-n", ns);
        await().atMost(DEADLINE).until(() -> PodsView.pods(cluster, ns, "app=web").stream().map(Pod::name).toList()
                .equals(List.of("web-0")));
    }

    private static JsonNode pod(JsonNode list, String name) {
        for (JsonNode p : list.path("items")) {
            if (p.at("/metadata/name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no pod " + name);
    }

    private static String readySince(JsonNode pod) {
        for (JsonNode c : pod.at("/status/conditions")) {
            if (c.path("type").asText().equals("Ready")) {
                return c.path("lastTransitionTime").asText();
            }
        }
        throw new AssertionError("no Ready condition");
    }

    @Test
    void aJobWithCompletionsAndParallelismCompletes() throws Exception {
        String ns = cluster.newNamespace("job");
        cluster.runWithInput("""
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: count
                spec:
                  completions: 5
                  parallelism: 2
                  template:
                    metadata:
                      annotations:
                        tugboat.dev/simulated-exit-after: 1s
                    spec:
                      restartPolicy: Never
                      containers:
                      - name: count
                        image: busybox
                """, "apply", "-n", ns, "-f", "-").assertOk();
        assertThat(cluster.ok("wait", "--for=condition=complete", "job/count", "-n", ns, "--timeout=120s"))
                .isEqualTo("job.batch/count condition met\n");
        JsonNode job = cluster.json("get", "job", "count", "-n", ns);
        assertThat(job.at("/status/succeeded").asInt()).isEqualTo(5);
        assertThat(cluster.ok("get", "job", "count", "-n", ns)).contains("Complete   5/5");
        assertThat(PodsView.pods(cluster, ns, "job-name=count")).hasSize(5)
                .allMatch(p -> p.phase().equals("Succeeded"));
    }

    @Test
    void aCronJobCreatesJobsOnSchedule() throws Exception {
        String ns = cluster.newNamespace("cron");
        assertThat(cluster.ok("create", "cronjob", "tick", "--image=busybox", "--schedule=*/1 * * * *", "-n", ns))
                .isEqualTo("cronjob.batch/tick created\n");
        await().atMost(Duration.ofSeconds(90)).until(() -> cluster.json("get", "jobs", "-n", ns).path("items").size() >= 1);
        JsonNode job = cluster.json("get", "jobs", "-n", ns).path("items").get(0);
        assertThat(job.at("/metadata/name").asText()).matches("tick-\\d+");
        assertThat(job.at("/metadata/ownerReferences/0/kind").asText()).isEqualTo("CronJob");
        await().atMost(DEADLINE).until(() -> !cluster.json("get", "cronjob", "tick", "-n", ns)
                .at("/status/lastScheduleTime").asText().isEmpty());
    }
}
