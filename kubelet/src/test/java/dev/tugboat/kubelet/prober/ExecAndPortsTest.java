package dev.tugboat.kubelet.prober;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecAndPortsTest {

    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s);
    }

    private final List<List<String>> commands = new ArrayList<>();

    private ContainerExec answering(int exit, String stdout, String stderr) {
        return (id, command, timeout) -> {
            commands.add(command);
            return new ContainerExec.Result(exit, stdout.getBytes(StandardCharsets.UTF_8), stderr.getBytes(StandardCharsets.UTF_8));
        };
    }

    @Test
    void exitCodeZeroPassesAnyOtherFailsWithTheOutputAsMessage() {
        assertThat(new ExecProbe(answering(0, "ok\n", "")).run("c", List.of("true"), Duration.ofSeconds(1)))
                .isEqualTo(ProbeOutcome.success("ok\n"));
        assertThat(new ExecProbe(answering(1, "", "cat: can't open '/tmp/healthy': No such file or directory\n"))
                .run("c", List.of("cat", "/tmp/healthy"), Duration.ofSeconds(1)))
                .isEqualTo(ProbeOutcome.failure("cat: can't open '/tmp/healthy': No such file or directory\n"));
    }

    @Test
    void aTimeoutIsAFailureAndARuntimeProblemAnError() {
        ContainerExec slow = (id, command, timeout) -> {
            throw new ContainerExec.TimedOut("command " + GoText.quote(String.join(" ", command)) + " timed out", null);
        };
        assertThat(new ExecProbe(slow).run("c", List.of("sleep", "10"), Duration.ofSeconds(1)))
                .isEqualTo(ProbeOutcome.failure("command \"sleep 10\" timed out"));
        ContainerExec broken = (id, command, timeout) -> {
            throw new IllegalStateException("container not running");
        };
        assertThat(new ExecProbe(broken).run("c", List.of("x"), Duration.ofSeconds(1)))
                .isEqualTo(ProbeOutcome.error("container not running"));
    }

    @Test
    void outputIsCutAtTenKibibytes() {
        String big = "a".repeat(ExecProbe.MAX_OUTPUT_BYTES + 100);
        assertThat(new ExecProbe(answering(1, big, "tail")).run("c", List.of("x"), Duration.ofSeconds(1)).output())
                .hasSize(ExecProbe.MAX_OUTPUT_BYTES);
    }

    @Test
    void theProberExpandsLiteralEnvInExecCommandsAndRetriesErrorsThreeTimes() throws Exception {
        int[] calls = {0};
        ContainerExec flaky = (id, command, timeout) -> {
            commands.add(command);
            calls[0]++;
            throw new IllegalStateException("runtime down");
        };
        JsonNode container = json("""
                {"name":"app","env":[{"name":"FILE","value":"/tmp/ok"},
                 {"name":"SECRET","valueFrom":{"secretKeyRef":{"name":"s","key":"k"}}}]}""");
        ProbeSpec spec = ProbeSpec.parse(json("{\"exec\":{\"command\":[\"test\",\"-e\",\"$(FILE)\",\"$(SECRET)\"]}}"));
        ProbeOutcome o = new Prober(flaky, "v1.31.0").probe(spec, container, "cid", "");
        assertThat(o).isEqualTo(ProbeOutcome.error("runtime down"));
        assertThat(calls[0]).isEqualTo(Prober.MAX_ATTEMPTS);
        assertThat(commands.get(0)).containsExactly("test", "-e", "/tmp/ok", "$(SECRET)");
    }

    @Test
    void portsResolveByNumberOrByTheContainersPortName() throws Exception {
        JsonNode c = json("{\"name\":\"app\",\"ports\":[{\"name\":\"http\",\"containerPort\":8080}]}");
        assertThat(ContainerPorts.resolve(ProbeSpec.Port.of(81), c)).isEqualTo(81);
        assertThat(ContainerPorts.resolve(ProbeSpec.Port.named("http"), c)).isEqualTo(8080);
        assertThatThrownBy(() -> ContainerPorts.resolve(ProbeSpec.Port.named("grpc"), c))
                .hasMessage("couldn't find port: grpc in app");
        assertThatThrownBy(() -> ContainerPorts.resolve(ProbeSpec.Port.of(70000), c)).hasMessage("invalid port number: 70000");
        ProbeOutcome o = new Prober(answering(0, "", ""), "v1.31.0").probe(
                ProbeSpec.parse(json("{\"tcpSocket\":{\"port\":\"grpc\"}}")), c, "cid", "127.0.0.1");
        assertThat(o).isEqualTo(ProbeOutcome.error("couldn't find port: grpc in app"));
    }

    @Test
    void specDefaultsAreTheApis() throws Exception {
        ProbeSpec s = ProbeSpec.parse(json("{\"grpc\":{\"port\":9090}}"));
        assertThat(s).isEqualTo(new ProbeSpec(new ProbeSpec.Grpc(9090, ""), 0, 1, 10, 1, 3));
        ProbeSpec h = ProbeSpec.parse(json("""
                {"httpGet":{"path":"/healthz","port":"web","scheme":"HTTPS","host":"example.test",
                 "httpHeaders":[{"name":"X-A","value":"1"}]},"initialDelaySeconds":3,"timeoutSeconds":2,
                 "periodSeconds":4,"successThreshold":2,"failureThreshold":5}"""));
        assertThat(h).isEqualTo(new ProbeSpec(new ProbeSpec.HttpGet("HTTPS", "example.test", ProbeSpec.Port.named("web"),
                "/healthz", List.of(new ProbeSpec.Header("X-A", "1"))), 3, 2, 4, 2, 5));
        assertThat(ProbeSpec.parse(json("{}")).action()).isInstanceOf(ProbeSpec.Missing.class);
    }

    @Test
    void goTexts() {
        assertThat(GoText.duration(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(GoText.duration(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(GoText.hostPort("::1", 80)).isEqualTo("[::1]:80");
        assertThat(GoText.grpcCode(io.grpc.Status.Code.NOT_FOUND)).isEqualTo("NotFound");
        assertThat(HttpProbe.majorMinor("v1.31.2")).isEqualTo("1.31");
    }
}
