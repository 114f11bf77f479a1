package dev.tugboat.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tugboat.e2e.Kubectl;
import dev.tugboat.e2e.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kubectl exec} into containers of a real node ({@code tugboat up}): kubectl → API server
 * ({@code pods/exec}) → kubelet ({@code /exec}) → containerd's streaming server, with the API server and
 * the kubelet relaying the upgraded connection. Runs with the dispatcher's kubectl (1.30+, which tries
 * WebSocket v5 first and falls back to SPDY) and with kubectl 1.29 (SPDY only). Only one node can run
 * on the machine at a time, so it skips when another one is up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String NODE = "tugboat-e2e-exec";
    private static final String DISPATCHER = "dispatcher";

    private Path dataDir;
    private ServerProcess up;
    private Kubectl dispatcher;
    private Kubectl kubectl129;

    @BeforeAll
    void startCluster() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "a real node needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/containerd")), "a real node needs containerd");
        assumeTrue(!Files.exists(Path.of("/sys/class/net/cbr0")), "another node already runs on this machine");
        dataDir = Files.createTempDirectory("tugboat-e2e-exec-");
        up = ServerProcess.up(dataDir, "--node-name", NODE, "--node-ip", "127.0.0.1");
        dispatcher = Kubectl.dispatcher(up.kubeconfig());
        kubectl129 = Kubectl.version("29", up.kubeconfig());
        dispatcher.runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: shell
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: main
                    image: busybox
                    imagePullPolicy: IfNotPresent
                    command: ["sleep", "3600"]
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: duo
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: first
                    image: busybox
                    imagePullPolicy: IfNotPresent
                    command: ["sleep", "3600"]
                    env: [{name: WHO, value: first}]
                  - name: second
                    image: busybox
                    imagePullPolicy: IfNotPresent
                    command: ["sleep", "3600"]
                    env: [{name: WHO, value: second}]
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: half
                spec:
                  restartPolicy: Never
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: done
                    image: busybox
                    imagePullPolicy: IfNotPresent
                    command: ["true"]
                  - name: running
                    image: busybox
                    imagePullPolicy: IfNotPresent
                    command: ["sleep", "3600"]
                """, "apply", "-f", "-").assertOk();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(300)).until(() -> dispatcher.run("get", "pod", "half",
                "-o", "jsonpath={.status.containerStatuses[?(@.name==\"done\")].state.terminated.reason}").out(),
                "Completed"::equals);
        for (String pod : List.of("shell", "duo")) {
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(300)).until(() -> dispatcher.run("get", "pod", pod,
                    "-o", "jsonpath={.status.phase}").out(), "Running"::equals);
        }
    }

    @AfterAll
    void stopCluster() throws Exception {
        for (Kubectl k : new Kubectl[] {dispatcher, kubectl129}) {
            if (k != null) {
                k.close();
            }
        }
        if (up != null) {
            up.stop();
            assertThat(Files.exists(Path.of("/sys/class/net/cbr0"))).as("the node's bridge is removed").isFalse();
            up.deleteData();
        }
    }

    private Kubectl kubectl(String version) {
        return version.equals(DISPATCHER) ? dispatcher : kubectl129;
    }

    @ParameterizedTest
    @ValueSource(strings = {DISPATCHER, "1.29"})
    void aCommandsOutputAndSuccessReachTheUser(String version) throws Exception {
        Kubectl.Result r = kubectl(version).run("exec", "shell", "--", "echo", "hi");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("hi\n");
        Kubectl.Result both = kubectl(version).run("exec", "shell", "--", "sh", "-c", "echo out; echo err >&2");
        assertThat(both.out()).isEqualTo("out\n");
        assertThat(both.err()).isEqualTo("err\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {DISPATCHER, "1.29"})
    void aNonZeroExitCodeBecomesKubectlsExitCode(String version) throws Exception {
        Kubectl.Result r = kubectl(version).run("exec", "shell", "--", "sh", "-c", "exit 7");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(7);
        assertThat(r.err()).contains("command terminated with exit code 7");
    }

    @ParameterizedTest
    @ValueSource(strings = {DISPATCHER, "1.29"})
    void stdinReachesTheCommand(String version) throws Exception {
        Kubectl.Result r = kubectl(version).runWithInput("hello\nworld\n", "exec", "-i", "shell", "--", "cat");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("hello\nworld\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {DISPATCHER, "1.29"})
    void theChosenContainerOfATwoContainerPodRunsIt(String version) throws Exception {
        assertThat(kubectl(version).run("exec", "duo", "-c", "second", "--", "hostname").assertOk().out())
                .isEqualTo("duo\n");
        Kubectl.Result r = kubectl(version).run("exec", "duo", "-c", "second", "--", "sh", "-c", "echo $WHO");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("second\n");
        // Without -c kubectl picks the first container and says so.
        Kubectl.Result first = kubectl(version).run("exec", "duo", "--", "sh", "-c", "echo $WHO");
        assertThat(first.out()).isEqualTo("first\n");
        assertThat(first.err()).contains("Defaulted container \"first\" out of: first, second");
    }

    @ParameterizedTest
    @ValueSource(strings = {DISPATCHER, "1.29"})
    void aMissingContainerOrPodIsReportedAsUpstreamDoes(String version) throws Exception {
        Kubectl.Result noContainer = kubectl(version).run("exec", "shell", "-c", "nope", "--", "date");
        assertThat(noContainer.exitCode()).isNotZero();
        assertThat(noContainer.err()).contains("container nope is not valid for pod shell");
        Kubectl.Result noPod = kubectl(version).run("exec", "gone", "--", "date");
        assertThat(noPod.exitCode()).isNotZero();
        assertThat(noPod.err()).isEqualTo("Error from server (NotFound): pods \"gone\" not found\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {DISPATCHER, "1.29"})
    void aContainerThatIsNotRunningIsReportedByTheKubelet(String version) throws Exception {
        Kubectl.Result r = kubectl(version).run("exec", "half", "-c", "done", "--", "date");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).isEqualTo("error: unable to upgrade connection: container not found (\"done\")\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {DISPATCHER, "1.29"})
    void copyRunsTarThroughExecBothWays(String version) throws Exception {
        Path local = Files.createTempFile(dataDir, "cp-", ".txt");
        Files.writeString(local, "copied " + version + "\n");
        kubectl(version).run("cp", local.toString(), "shell:/tmp/in.txt").assertOk();
        assertThat(kubectl(version).run("exec", "shell", "--", "cat", "/tmp/in.txt").assertOk().out())
                .isEqualTo("copied " + version + "\n");
        Path back = dataDir.resolve("back-" + version + ".txt");
        kubectl(version).run("cp", "shell:/tmp/in.txt", back.toString()).assertOk();
        assertThat(Files.readString(back)).isEqualTo("copied " + version + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {DISPATCHER, "1.29"})
    void anInteractiveShellOnATerminal(String version) throws Exception {
        // util-linux script gives kubectl a terminal; what is typed goes in through it.
        String line = kubectl(version).binary() + " --kubeconfig=" + up.kubeconfig() + " exec -it shell -- sh";
        Process p = new ProcessBuilder("script", "-qefc", line, "/dev/null").redirectErrorStream(true).start();
        StringBuffer screen = new StringBuffer();
        Thread reader = Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[4096];
            try (InputStream in = p.getInputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    screen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // The session ended.
            }
        });
        try {
            // Typed only once the shell's prompt shows, as a person would.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    screen.toString().contains("# "));
            p.getOutputStream().write("echo $((6*7)); tty; exit 3\n".getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the session ends: " + screen).isTrue();
            reader.join(10_000);
            String text = screen.toString();
            // The sum is the shell's answer on the terminal, which sh and tty confirm is a pseudo-terminal.
            assertThat(text).contains("\r\n42\r\n", "/dev/pts/");
            assertThat(p.exitValue()).as(text).isEqualTo(3);
        } finally {
            p.destroyForcibly();
        }
    }
}
