package dev.tugboat.kubelet.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Conditions;
import dev.tugboat.api.meta.Json;
import dev.tugboat.kubelet.pod.PodSpecView;
import dev.tugboat.kubelet.runtime.ContainerRecord;
import dev.tugboat.kubelet.runtime.ContainerRuntimeState;
import dev.tugboat.kubelet.runtime.RuntimePod;
import dev.tugboat.kubelet.runtime.SandboxStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodStatusGeneratorTest {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final SandboxStatus SANDBOX = new SandboxStatus("sb", true, 0, T0, "10.244.0.7");

    static ObjectNode pod(String restartPolicy, String... containers) {
        ObjectNode pod = Json.object();
        pod.putObject("metadata").put("name", "web").put("namespace", "default").put("uid", "u1");
        ObjectNode spec = pod.putObject("spec").put("restartPolicy", restartPolicy);
        for (String c : containers) {
            boolean init = c.startsWith("init:");
            spec.withArray(init ? "initContainers" : "containers").addObject()
                    .put("name", init ? c.substring(5) : c).put("image", "nginx");
        }
        pod.putObject("status").put("phase", "Pending").putArray("conditions").addObject()
                .put("type", "PodScheduled").put("status", "True").put("lastTransitionTime", "2026-11-23T09:59:59Z");
        return pod;
    }

    static ContainerRecord record(String name, ContainerRuntimeState state, int attempt, int exit, String reason) {
        return new ContainerRecord("c-" + name + attempt, name, state, attempt, T0.plusSeconds(attempt * 30L),
                Optional.of(T0.plusSeconds(attempt * 30L + 1)),
                state == ContainerRuntimeState.EXITED ? Optional.of(T0.plusSeconds(attempt * 30L + 5)) : Optional.empty(),
                exit, reason, "", "docker.io/library/nginx:latest", "docker.io/library/nginx@sha256:abc", "h");
    }

    static JsonNode generate(ObjectNode pod, RuntimePod rt, ContainerObservations obs) {
        ObjectNode status = PodStatusGenerator.generate(pod, PodSpecView.of(pod), rt, obs, "172.30.0.2", T0,
                T0.plusSeconds(60));
        ObjectNode out = pod.deepCopy();
        out.set("status", status);
        return out;
    }

    @Test
    void aRunningReadyPodReportsItsIpAndReadyConditions() {
        ObjectNode pod = pod("Always", "app");
        JsonNode p = generate(pod, new RuntimePod(List.of(SANDBOX),
                        List.of(record("app", ContainerRuntimeState.RUNNING, 0, 0, ""))),
                new ContainerObservations(Map.of(), Set.of("app"), Set.of("app")));
        assertThat(p.at("/status/phase").asText()).isEqualTo("Running");
        assertThat(p.at("/status/podIP").asText()).isEqualTo("10.244.0.7");
        assertThat(p.at("/status/hostIP").asText()).isEqualTo("172.30.0.2");
        assertThat(Conditions.isTrue(p, "Ready")).isTrue();
        assertThat(Conditions.isTrue(p, "ContainersReady")).isTrue();
        assertThat(Conditions.isTrue(p, "Initialized")).isTrue();
        assertThat(Conditions.find(p, "PodScheduled").orElseThrow().path("lastTransitionTime").asText())
                .isEqualTo("2026-11-23T09:59:59Z");
        JsonNode cs = p.at("/status/containerStatuses/0");
        assertThat(cs.at("/state/running/startedAt").asText()).isEqualTo("2026-11-23T10:00:01Z");
        assertThat(cs.path("ready").asBoolean()).isTrue();
        assertThat(cs.path("containerID").asText()).isEqualTo("containerd://c-app0");
        assertThat(cs.path("imageID").asText()).isEqualTo("docker.io/library/nginx@sha256:abc");
    }

    @Test
    void aRunningButUnreadyContainerKeepsThePodUnready() {
        ObjectNode pod = pod("Always", "app", "side");
        JsonNode p = generate(pod, new RuntimePod(List.of(SANDBOX), List.of(
                        record("app", ContainerRuntimeState.RUNNING, 0, 0, ""),
                        record("side", ContainerRuntimeState.RUNNING, 0, 0, ""))),
                new ContainerObservations(Map.of(), Set.of("side"), Set.of("app", "side")));
        JsonNode ready = Conditions.find(p, "Ready").orElseThrow();
        assertThat(ready.path("status").asText()).isEqualTo("False");
        assertThat(ready.path("reason").asText()).isEqualTo("ContainersNotReady");
        assertThat(ready.path("message").asText()).isEqualTo("containers with unready status: [app]");
    }

    @Test
    void aCrashingContainerWaitsInCrashLoopBackOffWithItsLastExit() {
        ObjectNode pod = pod("Always", "app");
        String msg = "back-off 10s restarting failed container=app pod=web_default(u1)";
        JsonNode p = generate(pod, new RuntimePod(List.of(SANDBOX), List.of(
                        record("app", ContainerRuntimeState.EXITED, 1, 1, "Error"),
                        record("app", ContainerRuntimeState.EXITED, 0, 1, "Error"))),
                new ContainerObservations(Map.of("app", new Waiting("CrashLoopBackOff", msg)), Set.of(), Set.of()));
        JsonNode cs = p.at("/status/containerStatuses/0");
        assertThat(cs.at("/state/waiting/reason").asText()).isEqualTo("CrashLoopBackOff");
        assertThat(cs.at("/state/waiting/message").asText()).isEqualTo(msg);
        assertThat(cs.at("/lastState/terminated/exitCode").asInt()).isEqualTo(1);
        assertThat(cs.at("/lastState/terminated/reason").asText()).isEqualTo("Error");
        assertThat(cs.path("restartCount").asInt()).isEqualTo(1);
        assertThat(p.at("/status/phase").asText()).isEqualTo("Running");
    }

    @Test
    void aPodWhoseContainersSucceededUnderNeverIsSucceededAndOneFailureMakesItFailed() {
        ObjectNode pod = pod("Never", "a", "b");
        JsonNode ok = generate(pod, new RuntimePod(List.of(SANDBOX), List.of(
                record("a", ContainerRuntimeState.EXITED, 0, 0, "Completed"),
                record("b", ContainerRuntimeState.EXITED, 0, 0, "Completed"))), ContainerObservations.NONE);
        assertThat(ok.at("/status/phase").asText()).isEqualTo("Succeeded");
        assertThat(Conditions.find(ok, "ContainersReady").orElseThrow().path("reason").asText()).isEqualTo("PodCompleted");
        assertThat(ok.at("/status/containerStatuses/0/state/terminated/reason").asText()).isEqualTo("Completed");

        JsonNode failed = generate(pod, new RuntimePod(List.of(SANDBOX), List.of(
                record("a", ContainerRuntimeState.EXITED, 0, 0, "Completed"),
                record("b", ContainerRuntimeState.EXITED, 0, 137, "OOMKilled"))), ContainerObservations.NONE);
        assertThat(failed.at("/status/phase").asText()).isEqualTo("Failed");
        assertThat(failed.at("/status/containerStatuses/1/state/terminated/reason").asText()).isEqualTo("OOMKilled");
    }

    @Test
    void beforeAnythingRunsContainersAreCreatingAndAPullErrorIsShown() {
        ObjectNode pod = pod("Always", "app");
        JsonNode creating = generate(pod, RuntimePod.NONE, ContainerObservations.NONE);
        assertThat(creating.at("/status/phase").asText()).isEqualTo("Pending");
        assertThat(creating.at("/status/containerStatuses/0/state/waiting/reason").asText()).isEqualTo("ContainerCreating");
        assertThat(creating.at("/status/podIP").isMissingNode()).isTrue();
        assertThat(Conditions.find(creating, "PodReadyToStartContainers").orElseThrow().path("status").asText())
                .isEqualTo("False");

        JsonNode pull = generate(pod, new RuntimePod(List.of(SANDBOX), List.of()), new ContainerObservations(
                Map.of("app", new Waiting("ErrImageNeverPull", "Container image \"nginx\" is not present with pull policy of Never")),
                Set.of(), Set.of()));
        assertThat(pull.at("/status/containerStatuses/0/state/waiting/reason").asText()).isEqualTo("ErrImageNeverPull");
        assertThat(pull.at("/status/phase").asText()).isEqualTo("Pending");
    }

    @Test
    void whileInitContainersRunThePodIsPendingAndRegularContainersArePodInitializing() {
        ObjectNode pod = pod("Always", "init:setup", "app");
        JsonNode p = generate(pod, new RuntimePod(List.of(SANDBOX),
                List.of(record("setup", ContainerRuntimeState.RUNNING, 0, 0, ""))), ContainerObservations.NONE);
        assertThat(p.at("/status/phase").asText()).isEqualTo("Pending");
        JsonNode init = Conditions.find(p, "Initialized").orElseThrow();
        assertThat(init.path("status").asText()).isEqualTo("False");
        assertThat(init.path("message").asText()).isEqualTo("containers with incomplete status: [setup]");
        assertThat(p.at("/status/containerStatuses/0/state/waiting/reason").asText()).isEqualTo("PodInitializing");
        assertThat(p.at("/status/initContainerStatuses/0/state/running").isObject()).isTrue();
    }
}
