package dev.tugboat.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tugboat.e2e.Kubectl;
import dev.tugboat.e2e.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code tugboat up} with a real node on this machine, driven by the real kubectl: pods run as
 * containers through containerd, get addresses on the node's bridge, and report their state as
 * upstream's kubelet does. Needs root and containerd (CI installs it); everything the node set up is
 * gone after it stops.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealNodeTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String NODE = "tugboat-e2e-node";
    /** A short metric resolution so that kubectl top has two samples soon. */
    private static final String[] UP_ARGS = {"--node-name", NODE, "--node-ip", "127.0.0.1", "--metric-resolution", "2s"};

    private Path dataDir;
    private ServerProcess up;
    private Kubectl kubectl;

    @BeforeAll
    void startCluster() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "a real node needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/containerd")), "a real node needs containerd");
        assumeTrue(!Files.exists(Path.of("/sys/class/net/cbr0")), "another node already runs on this machine");
        dataDir = Files.createTempDirectory("tugboat-e2e-up-");
        up = ServerProcess.up(dataDir, UP_ARGS);
        kubectl = Kubectl.dispatcher(up.kubeconfig());
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (kubectl != null) {
            kubectl.close();
        }
        if (up != null) {
            up.stop();
            assertThat(Files.exists(Path.of("/sys/class/net/cbr0"))).as("the node's bridge is removed").isFalse();
            assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                    .filter(c -> c.contains(dataDir.toString()))).as("no process of the node is left").isEmpty();
            up.deleteData();
        }
    }

    @Test
    void theNodeIsReadyWithTheMachinesFacts() throws Exception {
        String wide = kubectl.run("get", "node", NODE, "-o", "wide").assertOk().out();
        assertThat(wide).contains(NODE, "Ready", "containerd://");
        String alloc = kubectl.run("get", "node", NODE, "-o", "jsonpath={.status.allocatable.cpu} {.spec.podCIDR}")
                .assertOk().out();
        assertThat(alloc).matches("\\d+ 10\\.244\\.\\d+\\.0/24");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(kubectl.run("get", "node", NODE, "-o", "jsonpath={.status.images[*].names}").out())
                        .contains("docker.io/library/nginx:latest", "registry.k8s.io/pause:3.9"));
    }

    @Test
    void theSeedsNginxPodServesItsWelcomePage() throws Exception {
        String manifest = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: my-nginx-pod
                spec:
                  containers:
                  - name: nginx-container
                    image: nginx:latest
                    ports:
                    - containerPort: 80
                """;
        kubectl.runWithInput(manifest, "apply", "-f", "-").assertOk();
        String ip = await().atMost(DEADLINE).pollInterval(Duration.ofMillis(300)).until(() -> kubectl.run("get", "pod",
                "my-nginx-pod", "-o", "jsonpath={.status.phase} {.status.podIP}").out(), s -> s.startsWith("Running 10."))
                .split(" ")[1];
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String page = await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> http.send(
                HttpRequest.newBuilder(URI.create("http://" + ip + "/")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body(), b -> b.contains("Welcome to nginx!"));
        assertThat(page).contains("<title>Welcome to nginx!</title>");
        String row = kubectl.run("get", "pod", "my-nginx-pod", "-o", "wide").assertOk().out();
        assertThat(row).contains("1/1", "Running", ip, NODE);
    }

    @Test
    void twoContainersOfAPodTalkOverLocalhostAndLogsShowIt() throws Exception {
        String manifest = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: pair
                spec:
                  containers:
                  - name: server
                    image: busybox
                    imagePullPolicy: IfNotPresent
                    command: ["sh", "-c", "echo -n hello-from-server > /tmp/index.html; httpd -f -p 8080 -h /tmp"]
                  - name: client
                    image: busybox
                    imagePullPolicy: IfNotPresent
                    command: ["sh", "-c", "until wget -qO- http://localhost:8080/; do sleep 0.2; done; echo; echo second; sleep 3600"]
                """;
        kubectl.runWithInput(manifest, "apply", "-f", "-").assertOk();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(kubectl.run("logs", "pair", "-c", "client").out()).contains("hello-from-server"));
        assertThat(kubectl.run("logs", "pair", "-c", "client", "--tail=1").assertOk().out()).isEqualTo("second\n");
        assertThat(kubectl.run("get", "pod", "pair").out()).contains("2/2", "Running");
        // Without -c, kubectl picks the first container and says so.
        Kubectl.Result first = kubectl.run("logs", "pair").assertOk();
        assertThat(first.err()).contains("Defaulted container \"server\" out of: server, client");
    }

    @Test
    void aCrashingContainerIsRestartedWithBackoffAndItsPreviousLogKept() throws Exception {
        kubectl.run("run", "crash", "--image=busybox", "--image-pull-policy=IfNotPresent", "--",
                "sh", "-c", "echo attempt-$(date +%s%N); exit 3").assertOk();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String row = kubectl.run("get", "pod", "crash", "--no-headers").out();
            assertThat(row).contains("CrashLoopBackOff");
            assertThat(row.trim().split("\\s+")[3]).isNotEqualTo("0");
        });
        String last = kubectl.run("get", "pod", "crash", "-o",
                "jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode} "
                        + "{.status.containerStatuses[0].lastState.terminated.reason}").out();
        assertThat(last).isEqualTo("3 Error");
        assertThat(kubectl.run("logs", "crash", "--previous").assertOk().out()).startsWith("attempt-");
        assertThat(kubectl.run("describe", "pod", "crash").out()).contains("Back-off restarting failed container crash");
    }

    @Test
    void aPodThatExitsZeroUnderNeverIsCompleted() throws Exception {
        kubectl.run("run", "once", "--restart=Never", "--image=busybox", "--image-pull-policy=IfNotPresent", "--",
                "sh", "-c", "echo finished").assertOk();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(kubectl.run("get", "pod", "once", "--no-headers").out()).contains("Completed"));
        assertThat(kubectl.run("logs", "once").assertOk().out()).isEqualTo("finished\n");
        assertThat(kubectl.run("get", "pod", "once", "-o", "jsonpath={.status.phase}").out()).isEqualTo("Succeeded");
    }

    @Test
    void configMapsAndSecretsReachEnvironmentAndFilesAndUpdatesReachTheFiles() throws Exception {
        kubectl.run("create", "configmap", "settings", "--from-literal=color=blue").assertOk();
        kubectl.run("create", "secret", "generic", "creds", "--from-literal=password=s3cret").assertOk();
        String manifest = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: reader
                spec:
                  containers:
                  - name: app
                    image: busybox
                    imagePullPolicy: IfNotPresent
                    env:
                    - name: COLOR
                      valueFrom: {configMapKeyRef: {name: settings, key: color}}
                    - name: PASSWORD
                      valueFrom: {secretKeyRef: {name: creds, key: password}}
                    - name: POD_NAME
                      valueFrom: {fieldRef: {fieldPath: metadata.name}}
                    command: ["sh", "-c", "echo env $COLOR $PASSWORD $POD_NAME; cat /secret/password; echo; while true; do echo file $(cat /cfg/color); sleep 0.5; done"]
                    volumeMounts:
                    - {name: cfg, mountPath: /cfg}
                    - {name: sec, mountPath: /secret, readOnly: true}
                  volumes:
                  - name: cfg
                    configMap: {name: settings}
                  - name: sec
                    secret: {secretName: creds}
                """;
        kubectl.runWithInput(manifest, "apply", "-f", "-").assertOk();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(kubectl.run("logs", "reader").out()).contains("env blue s3cret reader\ns3cret\n", "file blue"));
        kubectl.runWithInput("{\"data\":{\"color\":\"green\"}}", "patch", "configmap", "settings", "--type=merge",
                "--patch-file=/dev/stdin").assertOk();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(kubectl.run("logs", "reader", "--tail=1").out()).isEqualTo("file green\n"));
    }

    @Test
    void aMissingImageAndABrokenCommandAreReportedClearly() throws Exception {
        kubectl.run("run", "never", "--image=tugboat.invalid/none:1", "--image-pull-policy=Never").assertOk();
        // A registry on a loopback port nobody listens on: the pull fails at once, without leaving the machine.
        kubectl.run("run", "nopull", "--image=127.0.0.1:9/none:1", "--image-pull-policy=IfNotPresent").assertOk();
        kubectl.run("run", "broken", "--image=busybox", "--image-pull-policy=IfNotPresent", "--command", "--",
                "/no/such/binary").assertOk();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(kubectl.run("get", "pod", "never", "--no-headers").out()).contains("ErrImageNeverPull");
            assertThat(kubectl.run("get", "pod", "nopull", "--no-headers").out())
                    .containsAnyOf("ErrImagePull", "ImagePullBackOff");
        });
        assertThat(kubectl.run("describe", "pod", "never").out())
                .contains("Container image \"tugboat.invalid/none:1\" is not present with pull policy of Never");
        assertThat(kubectl.run("describe", "pod", "nopull").out()).contains("Failed to pull image \"127.0.0.1:9/none:1\"");
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(kubectl.run("describe", "pod", "broken").out()).contains("/no/such/binary"));
    }

    @Test
    void deletingAPodStopsItsContainersAndLeavesNothingBehind() throws Exception {
        kubectl.run("run", "doomed", "--image=busybox", "--image-pull-policy=IfNotPresent", "--",
                "sleep", "3600").assertOk();
        String uid = await().atMost(DEADLINE).pollInterval(Duration.ofMillis(300)).until(() -> kubectl.run("get", "pod",
                "doomed", "-o", "jsonpath={.status.phase} {.metadata.uid}").out(), s -> s.startsWith("Running "))
                .split(" ")[1];
        assertThat(containersOf(uid)).isNotEmpty();
        kubectl.run("delete", "pod", "doomed", "--grace-period=1").assertOk();
        assertThat(kubectl.run("get", "pod", "doomed").exitCode()).isNotZero();
        assertThat(containersOf(uid)).isEmpty();
        assertThat(Files.exists(dataDir.resolve("node/kubelet/pods").resolve(uid))).isFalse();
        assertThat(List.of("memory", "cpu", "pids")).allSatisfy(h ->
                assertThat(Files.exists(Path.of("/sys/fs/cgroup", h, "tugboat", NODE, "pod" + uid))).isFalse());
    }

    @Test
    void aFailingLivenessProbeRestartsTheContainerIntoCrashLoopBackOff() throws Exception {
        String manifest = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: unhealthy
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: app
                    image: busybox
                    imagePullPolicy: IfNotPresent
                    command: ["sh", "-c", "touch /tmp/healthy; sleep 2; rm /tmp/healthy; sleep 3600"]
                    livenessProbe:
                      exec: {command: ["cat", "/tmp/healthy"]}
                      periodSeconds: 1
                      failureThreshold: 1
                """;
        kubectl.runWithInput(manifest, "apply", "-f", "-").assertOk();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(kubectl.run("get", "pod", "unhealthy", "--no-headers").out()).contains("CrashLoopBackOff"));
        String events = kubectl.run("describe", "pod", "unhealthy").out();
        assertThat(events).contains("Liveness probe failed", "Container app failed liveness probe, will be restarted");
        assertThat(kubectl.run("get", "pod", "unhealthy", "-o", "jsonpath={.status.containerStatuses[0].restartCount}")
                .out()).isNotEqualTo("0");
    }

    @Test
    void readinessFlipsTheReadyConditionAndTheReadyColumn() throws Exception {
        String manifest = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: flipper
                spec:
                  containers:
                  - name: web
                    image: busybox
                    imagePullPolicy: IfNotPresent
                    command: ["sh", "-c", "mkdir -p /www; httpd -p 8080 -h /www; sleep 3; touch /www/ready; sleep 4; rm /www/ready; sleep 3600"]
                    readinessProbe:
                      httpGet: {path: /ready, port: 8080}
                      periodSeconds: 1
                """;
        kubectl.runWithInput(manifest, "apply", "-f", "-").assertOk();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(kubectl.run("get", "pod", "flipper", "--no-headers").out()).contains("0/1", "Running"));
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(kubectl.run("get", "pod", "flipper", "--no-headers").out()).contains("1/1", "Running"));
        assertThat(kubectl.run("get", "pod", "flipper", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")
                .out()).isEqualTo("True");
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(kubectl.run("get", "pod", "flipper", "--no-headers").out()).contains("0/1", "Running"));
        assertThat(kubectl.run("describe", "pod", "flipper").out())
                .contains("Readiness probe failed: HTTP probe failed with statuscode: 404");
    }

    @Test
    void aMemoryHogIsOomKilledAndReportedSo() throws Exception {
        String manifest = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: hog
                spec:
                  restartPolicy: Never
                  containers:
                  - name: app
                    image: busybox
                    imagePullPolicy: IfNotPresent
                    command: ["sh", "-c", "x=$(yes | head -c 200000000); echo survived"]
                    resources:
                      limits: {memory: 32Mi}
                """;
        kubectl.runWithInput(manifest, "apply", "-f", "-").assertOk();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(kubectl.run("get", "pod", "hog", "--no-headers").out()).contains("OOMKilled"));
        assertThat(kubectl.run("get", "pod", "hog", "-o",
                "jsonpath={.status.containerStatuses[0].state.terminated.reason} {.status.phase}").out())
                .isEqualTo("OOMKilled Failed");
    }

    @Test
    void aJobsPodCompletesAndTheJobToo() throws Exception {
        kubectl.run("create", "job", "pi", "--image=busybox", "--", "sh", "-c", "echo 3.14159").assertOk();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(kubectl.run("get", "job", "pi", "-o", "jsonpath={.status.succeeded}").out()).isEqualTo("1"));
        assertThat(kubectl.run("get", "pods", "-l", "job-name=pi", "--no-headers").out()).contains("Completed");
        assertThat(kubectl.run("logs", "job/pi").assertOk().out()).isEqualTo("3.14159\n");
    }

    /** Last: the node's process is killed and started again on the same state. */
    @Test
    @Order(Integer.MAX_VALUE)
    void afterKillDashNineAndARestartRunningContainersAreAdoptedNotDuplicated() throws Exception {
        kubectl.run("run", "survivor", "--image=busybox", "--image-pull-policy=IfNotPresent", "--",
                "sleep", "3600").assertOk();
        String before = await().atMost(DEADLINE).pollInterval(Duration.ofMillis(300)).until(() -> kubectl.run("get",
                "pod", "survivor", "-o", "jsonpath={.status.phase} {.metadata.uid} {.status.containerStatuses[0].containerID}")
                .out(), s -> s.startsWith("Running "));
        String uid = before.split(" ")[1];
        String containerId = before.split(" ")[2];
        up.kill();
        up = ServerProcess.up(dataDir, UP_ARGS);
        kubectl.close();
        kubectl = Kubectl.dispatcher(up.kubeconfig());
        // Give the restarted kubelet a few relists to (wrongly) start anything twice.
        Thread.sleep(3000);
        String after = kubectl.run("get", "pod", "survivor", "-o",
                "jsonpath={.status.phase} {.status.containerStatuses[0].containerID} {.status.containerStatuses[0].restartCount}")
                .assertOk().out();
        assertThat(after).isEqualTo("Running " + containerId + " 0");
        // One sandbox (pause) and one container: nothing started twice.
        assertThat(containersOf(uid)).hasSize(2).filteredOn(l -> l.contains("busybox")).hasSize(1);
        kubectl.run("run", "newcomer", "--image=busybox", "--image-pull-policy=IfNotPresent", "--",
                "sleep", "3600").assertOk();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(kubectl.run("get", "pod", "newcomer", "--no-headers").out()).contains("Running"));
    }

    @Test
    void kubectlTopShowsTheNodeAndAPodsRealUsage() throws Exception {
        kubectl.run("run", "spinner", "--image=busybox", "--image-pull-policy=IfNotPresent", "--",
                "sh", "-c", "while true; do :; done").assertOk();
        await().atMost(DEADLINE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Kubectl.Result top = kubectl.run("top", "pod", "spinner", "--no-headers");
            assertThat(top.exitCode()).as(top.err()).isZero();
            String[] cols = top.out().trim().split("\\s+");
            assertThat(cols[0]).isEqualTo("spinner");
            // A busy loop uses a good part of a core; memory is that of a shell.
            assertThat(Integer.parseInt(cols[1].replace("m", ""))).isGreaterThan(100);
            assertThat(cols[2]).endsWith("Mi");
        });
        Kubectl.Result node = kubectl.run("top", "node", "--no-headers");
        assertThat(node.out()).startsWith(NODE);
        kubectl.run("delete", "pod", "spinner", "--grace-period=0", "--force").assertOk();
    }

    @Test
    void postStartAndPreStopHooksRun() throws Exception {
        Path out = Files.createDirectories(dataDir.resolve("hooks-out"));
        String manifest = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: hooked
                spec:
                  terminationGracePeriodSeconds: 5
                  containers:
                  - name: app
                    image: busybox
                    imagePullPolicy: IfNotPresent
                    command: ["sh", "-c", "until [ -e /tmp/started ]; do sleep 0.1; done; echo saw $(cat /tmp/started); sleep 3600"]
                    lifecycle:
                      postStart:
                        exec: {command: ["sh", "-c", "echo post-start > /tmp/started"]}
                      preStop:
                        exec: {command: ["sh", "-c", "echo pre-stop > /out/stopped"]}
                    volumeMounts:
                    - {name: out, mountPath: /out}
                  volumes:
                  - name: out
                    hostPath: {path: OUT, type: Directory}
                """.replace("OUT", out.toString());
        kubectl.runWithInput(manifest, "apply", "-f", "-").assertOk();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(kubectl.run("logs", "hooked").out()).isEqualTo("saw post-start\n"));
        kubectl.run("delete", "pod", "hooked").assertOk();
        assertThat(Files.readString(out.resolve("stopped"))).isEqualTo("pre-stop\n");
    }

    @Test
    void portForwardReachesThePodFromLocalhost() throws Exception {
        kubectl.run("run", "pf", "--image=busybox", "--image-pull-policy=IfNotPresent", "--", "sh", "-c",
                "mkdir /www; echo forwarded-page > /www/index.html; httpd -f -p 8080 -h /www").assertOk();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(kubectl.run("get", "pod", "pf", "--no-headers").out()).contains("1/1", "Running"));
        int local;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            local = s.getLocalPort();
        }
        Path log = dataDir.resolve("port-forward.log");
        Process forward = kubectl.start(log, "port-forward", "pod/pf", local + ":8080");
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(Files.readString(log)).contains("Forwarding from 127.0.0.1:" + local));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (int i = 0; i < 3; i++) {
                String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local + "/"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(body).isEqualTo("forwarded-page\n");
            }
        } finally {
            forward.destroy();
            forward.waitFor();
        }
    }

    @Test
    void attachFollowsTheMainProcessAndFeedsItsStdin() throws Exception {
        String manifest = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: listener
                spec:
                  containers:
                  - name: app
                    image: busybox
                    imagePullPolicy: IfNotPresent
                    stdin: true
                    command: ["sh", "-c", "echo ready; while read l; do echo got $l; done"]
                """;
        kubectl.runWithInput(manifest, "apply", "-f", "-").assertOk();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(kubectl.run("logs", "listener").out()).isEqualTo("ready\n"));
        Path log = dataDir.resolve("attach.log");
        Process attach = kubectl.start(log, "attach", "-i", "listener");
        try {
            // Lines typed until the attachment carries them (it takes a moment to be set up).
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                attach.getOutputStream().write("hello\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                attach.getOutputStream().flush();
                assertThat(Files.readString(log)).contains("got hello");
            });
        } finally {
            attach.destroy();
            attach.waitFor();
        }
        assertThat(kubectl.run("logs", "listener").out()).contains("got hello");
    }

    @Test
    void logsFollowStreamsUntilTheContainerEnds() throws Exception {
        kubectl.run("run", "counter", "--restart=Never", "--image=busybox", "--image-pull-policy=IfNotPresent", "--",
                "sh", "-c", "sleep 2; for i in 1 2 3 4 5; do echo line $i; sleep 0.4; done").assertOk();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(kubectl.run("get", "pod", "counter", "-o", "jsonpath={.status.phase}").out()).isEqualTo("Running"));
        // Started while the container runs, -f returns by itself once it has ended, with every line.
        Kubectl.Result followed = kubectl.run("logs", "-f", "counter").assertOk();
        assertThat(followed.out()).isEqualTo("line 1\nline 2\nline 3\nline 4\nline 5\n");
    }

    /** The node's containers of a pod (its sandbox's pause container included), as containerd's own CLI lists them. */
    private List<String> containersOf(String uid) throws Exception {
        Process p = new ProcessBuilder("ctr", "--address", dataDir.resolve("node/containerd/containerd.sock").toString(),
                "-n", "k8s.io", "containers", "ls", "labels.\"io.kubernetes.pod.uid\"==" + uid).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out.lines().skip(1).filter(l -> !l.isBlank()).toList();
    }
}
