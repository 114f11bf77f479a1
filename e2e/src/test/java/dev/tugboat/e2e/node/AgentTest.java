package dev.tugboat.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tugboat.e2e.Kubectl;
import dev.tugboat.e2e.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code tugboat agent} joins a node to a control plane that {@code tugboat server} runs in another
 * process, as a second machine would; the node registers, becomes Ready and runs pods.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentTest {

    private static final String NODE = "tugboat-e2e-agent";

    private ServerProcess server;
    private Process agent;
    private Path agentDir;
    private Kubectl kubectl;

    @BeforeAll
    void start() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "a real node needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/containerd")), "a real node needs containerd");
        assumeTrue(!Files.exists(Path.of("/sys/class/net/cbr0")), "another node already runs on this machine");
        server = ServerProcess.start();
        kubectl = Kubectl.dispatcher(server.kubeconfig());
        agentDir = Files.createTempDirectory("tugboat-e2e-agent-");
        String java = ProcessHandle.current().info().command().orElse("java");
        agent = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
                "dev.tugboat.cli.Main", "agent", "--server", server.url(), "--token", "unused-until-authentication",
                "--data-dir", agentDir.resolve("data").toString(), "--node-name", NODE, "--node-ip", "127.0.0.1"))
                .redirectErrorStream(true).redirectOutput(agentDir.resolve("agent.log").toFile()).start();
    }

    @AfterAll
    void stop() throws Exception {
        if (agent != null) {
            agent.destroy();
            if (!agent.waitFor(60, TimeUnit.SECONDS)) {
                agent.destroyForcibly().waitFor();
            }
            assertThat(Files.exists(Path.of("/sys/class/net/cbr0"))).as("the node's bridge is removed").isFalse();
            assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                    .filter(c -> c.contains(agentDir.toString()))).as("no process of the node is left").isEmpty();
            try (var walk = Files.walk(agentDir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        if (kubectl != null) {
            kubectl.close();
        }
        if (server != null) {
            server.close();
            server.deleteData();
        }
    }

    @Test
    void theAgentsNodeJoinsAndRunsPods() throws Exception {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(kubectl.run("get", "node", NODE, "--no-headers").out()).as(Files.readString(
                        agentDir.resolve("agent.log"))).contains(" Ready "));
        kubectl.run("run", "hello", "--image=busybox", "--", "sh", "-c", "echo hello from the agent; sleep 3600")
                .assertOk();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(kubectl.run("logs", "hello").out()).isEqualTo("hello from the agent\n"));
        assertThat(kubectl.run("get", "pod", "hello", "-o", "jsonpath={.spec.nodeName} {.status.phase}").out())
                .isEqualTo(NODE + " Running");
    }
}
