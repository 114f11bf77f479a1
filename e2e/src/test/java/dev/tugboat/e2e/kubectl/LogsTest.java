package dev.tugboat.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.e2e.Kubectl;
import dev.tugboat.kubelet.server.ContainerLogs;
import dev.tugboat.kubelet.server.KubeletServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code kubectl logs} end to end: the real kubectl, a {@code tugboat server} process, and a kubelet
 * HTTP server in this process behind a Node whose status points at it, serving CRI log files from a
 * temporary directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogsTest {

    private Cluster cluster;
    private KubeletServer kubelet;
    private Path logDir;
    private final Map<String, Path> files = new ConcurrentHashMap<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    /** Log files by {@code namespace/pod/container}; every container declared here is one instance. */
    private final ContainerLogs logs = new ContainerLogs() {
        @Override
        public Lookup find(String namespace, String pod, String container, boolean previous) {
            String key = namespace + "/" + pod + "/" + container;
            if (files.keySet().stream().noneMatch(k -> k.startsWith(namespace + "/" + pod + "/"))) {
                return new Unavailable(Reason.POD_NOT_FOUND, "pod \"" + pod + "\" does not exist");
            }
            Path file = files.get(key);
            if (file == null) {
                return new Unavailable(Reason.CONTAINER_NOT_FOUND,
                        "container \"" + container + "\" not found in pod \"" + pod + "\"");
            }
            if (previous) {
                return new Unavailable(Reason.NOT_AVAILABLE,
                        "previous terminated container \"" + container + "\" in pod \"" + pod + "\" not found");
            }
            return new Found(file, key);
        }

        @Override
        public boolean isRunning(String containerId) {
            return running.contains(containerId);
        }
    };

    @BeforeAll
    void start() throws Exception {
        cluster = Cluster.start();
        logDir = cluster.newDirectory("logs-");
        kubelet = new KubeletServer(logs, (ns, pod, container, command) ->
                new dev.tugboat.kubelet.server.ContainerExec.Unavailable(404, "pod does not exist"), Clock.systemUTC(), Duration.ofMillis(50),
                KubeletServer.ConnectionSecurity.PLAIN);
        int port = kubelet.start("127.0.0.1", 0).getPort();
        cluster.ok("create", "-f", cluster.write("node.yaml", """
                apiVersion: v1
                kind: Node
                metadata:
                  name: logs-node
                """).toString());
        cluster.ok("patch", "node", "logs-node", "--subresource=status", "--type=merge", "-p",
                "{\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"127.0.0.1\"}],"
                        + "\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":" + port + "}}}}");
    }

    @AfterAll
    void stop() throws Exception {
        if (kubelet != null) {
            kubelet.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private Path log(String ns, String pod, String container, String content) throws IOException {
        Path file = logDir.resolve(ns + "_" + pod + "_" + container + ".log");
        Files.writeString(file, content);
        files.put(ns + "/" + pod + "/" + container, file);
        return file;
    }

    private void pod(String ns, String name, String nodeName, String... containers) throws Exception {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                spec:
                """.formatted(name));
        if (nodeName != null) {
            yaml.append("  nodeName: ").append(nodeName).append('\n');
        }
        yaml.append("  containers:\n");
        for (String c : containers) {
            yaml.append("  - name: ").append(c).append("\n    image: busybox\n");
        }
        cluster.ok("create", "-n", ns, "-f", cluster.write(ns + "-" + name + ".yaml", yaml.toString()).toString());
    }

    private static final String LOG = """
            2024-05-01T10:00:01.25Z stdout F one
            2024-05-01T10:00:02Z stderr F two
            2024-05-01T10:00:03Z stdout P thr
            2024-05-01T10:00:03.5Z stdout F ee
            """;

    @Test
    void showsTheLogWithTailTimestampsAndTheChosenContainer() throws Exception {
        String ns = cluster.newNamespace("logs");
        pod(ns, "web", "logs-node", "nginx");
        log(ns, "web", "nginx", LOG);
        pod(ns, "duo", "logs-node", "app", "sidecar");
        log(ns, "duo", "app", "2024-05-01T10:00:01Z stdout F from app\n");
        log(ns, "duo", "sidecar", "2024-05-01T10:00:01Z stdout F from sidecar\n");

        assertThat(cluster.ok("logs", "-n", ns, "web")).isEqualTo("one\ntwo\nthree\n");
        assertThat(cluster.ok("logs", "-n", ns, "web", "--tail=2")).isEqualTo("two\nthree\n");
        assertThat(cluster.ok("logs", "-n", ns, "web", "--timestamps")).isEqualTo("""
                2024-05-01T10:00:01.25Z one
                2024-05-01T10:00:02Z two
                2024-05-01T10:00:03Z three
                """);
        assertThat(cluster.ok("logs", "-n", ns, "web", "--limit-bytes=6")).isEqualTo("one\ntw");
        assertThat(cluster.ok("logs", "-n", ns, "duo", "-c", "sidecar")).isEqualTo("from sidecar\n");
        assertThat(cluster.ok("logs", "-n", ns, "pod/duo", "-c", "app")).isEqualTo("from app\n");
    }

    @Test
    void explainsWhatIsMissing() throws Exception {
        String ns = cluster.newNamespace("logs");
        pod(ns, "web", "logs-node", "nginx");
        log(ns, "web", "nginx", LOG);
        pod(ns, "pending", null, "nginx");

        Kubectl.Result container = cluster.run("logs", "-n", ns, "web", "-c", "nope");
        assertThat(container.exitCode()).isEqualTo(1);
        // kubectl checks the name itself against the pod it fetched; the API answers the same.
        assertThat(container.err()).isEqualTo("error: container nope is not valid for pod web\n");
        assertThat(cluster.run("get", "--raw", "/api/v1/namespaces/" + ns + "/pods/web/log?container=nope").err())
                .isEqualTo("Error from server (BadRequest): container nope is not valid for pod web\n");
        Kubectl.Result previous = cluster.run("logs", "-n", ns, "web", "--previous");
        assertThat(previous.err()).isEqualTo("Error from server (BadRequest): previous terminated container "
                + "\"nginx\" in pod \"web\" not found\n");
        Kubectl.Result pod = cluster.run("logs", "-n", ns, "nope");
        assertThat(pod.err()).isEqualTo("error: error from server (NotFound): pods \"nope\" not found in namespace \""
                + ns + "\"\n");
        assertThat(cluster.run("get", "--raw", "/api/v1/namespaces/" + ns + "/pods/nope/log").err())
                .isEqualTo("Error from server (NotFound): pods \"nope\" not found\n");
        // Not scheduled: nothing has run, so there is nothing to show.
        assertThat(cluster.ok("logs", "-n", ns, "pending")).isEmpty();
        // The API itself insists on a container when a pod has several.
        pod(ns, "duo", "logs-node", "app", "sidecar");
        assertThat(cluster.run("get", "--raw", "/api/v1/namespaces/" + ns + "/pods/duo/log").err())
                .isEqualTo("Error from server (BadRequest): a container name must be specified for pod duo, "
                        + "choose one of: [app sidecar]\n");
    }

    @Test
    void discoveryListsPodsLogWithGet() throws Exception {
        assertThat(cluster.ok("get", "--raw", "/api/v1")).contains(
                "{\"name\":\"pods/log\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"Pod\",\"verbs\":[\"get\"]}");
        assertThat(cluster.ok("auth", "can-i", "get", "pods", "--subresource=log")).isEqualTo("yes\n");
    }

    @Test
    void followSeesLinesWrittenAfterItStarted() throws Exception {
        String ns = cluster.newNamespace("logs");
        pod(ns, "web", "logs-node", "nginx");
        Path file = log(ns, "web", "nginx", LOG);
        running.add(ns + "/web/nginx");
        Path out = cluster.newDirectory("follow-").resolve("out.txt");
        Process kubectl = cluster.kubectl().start(out, "logs", "-n", ns, "web", "-f", "--tail=1");
        try {
            awaitOutput(out, "three\n");
            Files.writeString(file, "2024-05-01T10:00:04Z stdout F four\n", StandardOpenOption.APPEND);
            awaitOutput(out, "three\nfour\n");
            Files.writeString(file, "2024-05-01T10:00:05Z stdout F five\n", StandardOpenOption.APPEND);
            awaitOutput(out, "three\nfour\nfive\n");
            assertThat(kubectl.isAlive()).isTrue();
            // The container stops: the kubelet ends the stream and kubectl exits by itself.
            running.remove(ns + "/web/nginx");
            assertThat(kubectl.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(kubectl.exitValue()).isZero();
        } finally {
            ProcessHandle.of(kubectl.pid()).ifPresent(ProcessHandle::destroy);
            kubectl.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void followEndsWhenKubectlIsStopped() throws Exception {
        String ns = cluster.newNamespace("logs");
        pod(ns, "web", "logs-node", "nginx");
        log(ns, "web", "nginx", LOG);
        running.add(ns + "/web/nginx");
        Path out = cluster.newDirectory("follow-").resolve("out.txt");
        Process kubectl = cluster.kubectl().start(out, "logs", "-n", ns, "web", "-f");
        try {
            awaitOutput(out, "one\ntwo\nthree\n");
        } finally {
            ProcessHandle.of(kubectl.pid()).ifPresent(ProcessHandle::destroy);
            assertThat(kubectl.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        // The server and kubelet are still serving normally afterwards.
        assertThat(cluster.ok("logs", "-n", ns, "web", "--tail=1")).isEqualTo("three\n");
    }

    private static void awaitOutput(Path out, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String text = "";
        while (System.nanoTime() < deadline) {
            text = Files.exists(out) ? Files.readString(out) : "";
            if (text.equals(expected)) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(text).isEqualTo(expected);
    }
}
