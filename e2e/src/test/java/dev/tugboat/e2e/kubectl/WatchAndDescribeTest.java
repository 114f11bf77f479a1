package dev.tugboat.e2e.kubectl;

import static dev.tugboat.e2e.kubectl.Tables.assertCells;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tugboat.e2e.Kubectl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code kubectl get -w} seeing later changes, and {@code kubectl describe} with what the controllers and
 * the scheduler write on a server without nodes (conditions, events).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchAndDescribeTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** An event row of describe: type, reason, then the age cell with its padding. */
    private static final Pattern EVENT_AGE = Pattern.compile("(?m)^(  (?:Normal|Warning) +\\S+ +)(\\d+s +)");

    private Cluster cluster;

    @BeforeAll
    void startServer() throws Exception {
        cluster = Cluster.start();
    }

    @AfterAll
    void stopServer() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A running {@code kubectl get -w}, its combined output in a file; always destroyed. */
    private final class Watch implements AutoCloseable {
        private final Path output;
        private final Process process;

        Watch(String... args) throws IOException {
            output = cluster.newDirectory("watch-").resolve("out");
            process = cluster.kubectl().start(output, args);
        }

        String output() throws IOException {
            return Files.exists(output) ? Files.readString(output) : "";
        }

        /** Waits until the output has {@code lines} non-empty lines, and returns it. */
        String awaitLines(int lines) throws IOException {
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
                    .until(() -> output().lines().filter(l -> !l.isBlank()).count() >= lines);
            return output();
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void getWatchPrintsARowForEveryLaterAddModifyAndDelete() throws Exception {
        String ns = cluster.newNamespace("watch");
        cluster.ok("create", "configmap", "alpha", "--from-literal=a=1", "-n", ns);

        try (Watch w = new Watch("get", "configmaps", "-n", ns, "-w")) {
            w.awaitLines(2);
            cluster.ok("create", "configmap", "bravo", "-n", ns);
            cluster.ok("label", "configmap", "alpha", "seen=yes", "-n", ns);
            cluster.ok("delete", "configmap", "bravo", "-n", ns);

            assertCells(w.awaitLines(5), """
                    NAME    DATA   AGE
                    alpha   1      {age}
                    bravo   0      {age}
                    alpha   1      {age}
                    bravo   0      {age}
                    """);
            assertThat(w.process.isAlive()).as("get -w keeps watching").isTrue();
        }
    }

    @Test
    void getWatchWithOutputWatchEventsNamesEachEvent() throws Exception {
        String ns = cluster.newNamespace("watch-events");
        cluster.ok("create", "configmap", "alpha", "--from-literal=a=1", "-n", ns);

        try (Watch w = new Watch("get", "configmaps", "-n", ns, "-w", "--output-watch-events")) {
            w.awaitLines(2);
            cluster.ok("create", "configmap", "bravo", "--from-literal=b=2", "--from-literal=c=3", "-n", ns);
            cluster.ok("annotate", "configmap", "alpha", "seen=yes", "-n", ns);
            cluster.ok("delete", "configmap", "bravo", "-n", ns);

            assertCells(w.awaitLines(5), """
                    EVENT      NAME    DATA   AGE
                    ADDED      alpha   1      {age}
                    ADDED      bravo   2      {age}
                    MODIFIED   alpha   1      {age}
                    DELETED    bravo   2      {age}
                    """);
        }
    }

    @Test
    void getWatchOfOneDeploymentSeesItScaled() throws Exception {
        String ns = cluster.newNamespace("watch-scale");
        cluster.ok("create", "deployment", "web", "--image=nginx", "--replicas=2", "-n", ns);
        cluster.awaitDeploymentSettledWithoutNodes(ns, "web");

        try (Watch w = new Watch("get", "deployment", "web", "-n", ns, "-w")) {
            w.awaitLines(2);
            assertThat(cluster.ok("scale", "deployment", "web", "--replicas=3", "-n", ns))
                    .isEqualTo("deployment.apps/web scaled\n");

            // The scale itself (3 desired, still 2 up to date), then the controller's status writes as the
            // third pod is made; how many writes that takes is the controller's business, so repeats of a
            // row are collapsed.
            List<String> done = List.of("web", "0/3", "3", "0");
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
                    .until(() -> distinctRows(w.output()).getLast().equals(done));
            assertThat(distinctRows(w.output())).containsExactly(
                    List.of("NAME", "READY", "UP-TO-DATE", "AVAILABLE"),
                    List.of("web", "0/2", "2", "0"),
                    List.of("web", "0/3", "2", "0"),
                    done);
        }
    }

    @Test
    void getWatchOnlyPrintsNothingUntilSomethingChanges() throws Exception {
        String ns = cluster.newNamespace("watch-only");
        cluster.ok("create", "configmap", "alpha", "-n", ns);

        // -v=6 logs the watch request once the server has answered it, so the change below is
        // certain to come after the list that --watch-only skips.
        try (Watch w = new Watch("get", "configmaps", "-n", ns, "--watch-only", "-o", "name", "-v=6")) {
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
                    .until(() -> w.output().contains("watch=true"));
            cluster.ok("create", "configmap", "bravo", "-n", ns);

            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
                    .until(() -> printed(w.output()).contains("configmap/bravo"));
            assertThat(printed(w.output())).isEqualTo("configmap/bravo\n");
        }
    }

    /** The rows of a {@code get -w} table without their last cell (AGE), each run of equal rows as one. */
    private static List<List<String>> distinctRows(String output) {
        List<List<String>> out = new ArrayList<>();
        for (List<String> row : Tables.cells(output)) {
            List<String> cells = row.subList(0, row.size() - 1);
            if (out.isEmpty() || !out.getLast().equals(cells)) {
                out.add(cells);
            }
        }
        return out;
    }

    /**
     * {@code kubectl describe} output with each event's Age cell ({@code 3s}) written {@code {age}}, padded
     * to the cell's width, so the rest can be compared exactly.
     */
    private static String withEventAges(String describe) {
        return EVENT_AGE.matcher(describe).replaceAll(r -> Matcher.quoteReplacement(
                r.group(1) + String.format("%-" + r.group(2).length() + "s", "{age}")));
    }

    /** What kubectl printed, without its klog lines ({@code I1123 12:00:00.000000 ...}). */
    private static String printed(String output) {
        StringBuilder out = new StringBuilder();
        output.lines().filter(l -> !l.matches("[IWE]\\d{4} .*")).forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    @Test
    void describePodShowsItsSpecDefaultsAndWhyItIsNotScheduled() throws Exception {
        String ns = cluster.newNamespace("describe-pod");
        cluster.ok("run", "cache", "--image=redis:7", "--labels=app=cache,tier=back", "-n", ns);

        // The scheduler tries the pod, finds no nodes, records why (an event and the PodScheduled condition).
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(withEventAges(
                cluster.ok("describe", "pod", "cache", "-n", ns)
                .replaceAll("kube-api-access-[a-z0-9]{5}", "kube-api-access-xxxxx"))).isEqualTo("""
                Name:             cache
                Namespace:        %s
                Priority:         0
                Service Account:  default
                Node:             <none>
                Labels:           app=cache
                                  tier=back
                Annotations:      <none>
                Status:           Pending
                IP:              \s
                IPs:              <none>
                Containers:
                  cache:
                    Image:        redis:7
                    Port:         <none>
                    Host Port:    <none>
                    Environment:  <none>
                    Mounts:
                      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-xxxxx (ro)
                Conditions:
                  Type           Status
                  PodScheduled   False\s
                Volumes:
                  kube-api-access-xxxxx:
                    Type:                    Projected (a volume that contains injected data from multiple sources)
                    TokenExpirationSeconds:  3607
                    ConfigMapName:           kube-root-ca.crt
                    Optional:                false
                    DownwardAPI:             true
                QoS Class:                   BestEffort
                Node-Selectors:              <none>
                Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
                Events:
                  Type     Reason            Age   From               Message
                  ----     ------            ----  ----               -------
                  Warning  FailedScheduling  {age} default-scheduler  no nodes available to schedule pods
                """.formatted(ns)));
    }

    @Test
    void describeDeploymentShowsReplicasStrategyAndTemplate() throws Exception {
        String ns = cluster.newNamespace("describe-deploy");
        cluster.ok("apply", "-f", cluster.manifest("deployment-web.yaml").toString(), "-n", ns);
        cluster.awaitDeploymentSettledWithoutNodes(ns, "web");
        String rs = cluster.ok("get", "replicasets", "-n", ns, "-o", "jsonpath={.items[*].metadata.name}");
        assertThat(rs).matches("web-[bcdfghjklmnpqrstvwxz2456789]{1,10}");

        String out = withEventAges(cluster.ok("describe", "deployment", "web", "-n", ns));

        // Pending pods: two made and up to date, none available; the rollout is still progressing.
        assertThat(out.replaceFirst("CreationTimestamp: {6}\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000",
                "CreationTimestamp:      <time>")).isEqualTo("""
                Name:                   web
                Namespace:              %1$s
                CreationTimestamp:      <time>
                Labels:                 app=web
                                        tier=front
                Annotations:            deployment.kubernetes.io/revision: 1
                Selector:               app=web
                Replicas:               2 desired | 2 updated | 2 total | 0 available | 2 unavailable
                StrategyType:           RollingUpdate
                MinReadySeconds:        0
                RollingUpdateStrategy:  25%% max unavailable, 25%% max surge
                Pod Template:
                  Labels:  app=web
                  Containers:
                   nginx:
                    Image:      nginx:1.25
                    Port:       80/TCP
                    Host Port:  0/TCP
                    Environment:
                      MODE:        blue
                    Mounts:        <none>
                  Volumes:         <none>
                  Node-Selectors:  <none>
                  Tolerations:     <none>
                Conditions:
                  Type           Status  Reason
                  ----           ------  ------
                  Available      False   MinimumReplicasUnavailable
                  Progressing    True    ReplicaSetUpdated
                OldReplicaSets:  <none>
                NewReplicaSet:   %2$s (2/2 replicas created)
                Events:
                  Type    Reason             Age   From                   Message
                  ----    ------             ----  ----                   -------
                  Normal  ScalingReplicaSet  {age} deployment-controller  Scaled up replica set %2$s from 0 to 2
                """.formatted(ns, rs));
    }

    @Test
    void describeServiceShowsTheAllocatedAddressAndNodePort() throws Exception {
        String ns = cluster.newNamespace("describe-svc");
        cluster.ok("create", "service", "nodeport", "edge", "--tcp=80:8080", "--node-port=30123", "-n", ns);
        String ip = cluster.ok("get", "svc", "edge", "-n", ns, "-o", "jsonpath={.spec.clusterIP}");
        // The EndpointSlice controller keeps an empty placeholder slice for a Service without endpoints;
        // kubectl reads the slices, and an empty one prints as an empty list rather than <none>.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> !cluster.run(
                "get", "endpointslices", "-n", ns, "-l", "kubernetes.io/service-name=edge", "-o", "name").out().isEmpty());

        assertThat(cluster.ok("describe", "service", "edge", "-n", ns)).isEqualTo("""
                Name:                     edge
                Namespace:                %1$s
                Labels:                   app=edge
                Annotations:              <none>
                Selector:                 app=edge
                Type:                     NodePort
                IP Family Policy:         SingleStack
                IP Families:              IPv4
                IP:                       %2$s
                IPs:                      %2$s
                Port:                     80-8080  80/TCP
                TargetPort:               8080/TCP
                NodePort:                 80-8080  30123/TCP
                Endpoints:               \s
                Session Affinity:         None
                External Traffic Policy:  Cluster
                Internal Traffic Policy:  Cluster
                Events:                   <none>
                """.formatted(ns, ip));
    }

    @Test
    void describeOfAMissingObjectIsNotFound() throws Exception {
        String ns = cluster.newNamespace("describe-missing");

        Kubectl.Result r = cluster.run("describe", "pod", "nope", "-n", ns);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error from server (NotFound): pods \"nope\" not found\n");
    }
}
