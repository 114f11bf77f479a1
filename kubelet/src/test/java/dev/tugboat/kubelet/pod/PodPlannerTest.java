package dev.tugboat.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.kubelet.runtime.ContainerRecord;
import dev.tugboat.kubelet.runtime.ContainerRuntimeState;
import dev.tugboat.kubelet.runtime.RuntimePod;
import dev.tugboat.kubelet.runtime.SandboxStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodPlannerTest {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    static ObjectNode pod(String restartPolicy, String... containers) {
        ObjectNode pod = Json.object();
        pod.putObject("metadata").put("name", "p").put("namespace", "default").put("uid", "u1");
        ObjectNode spec = pod.putObject("spec").put("restartPolicy", restartPolicy);
        for (String c : containers) {
            boolean init = c.startsWith("init:");
            boolean sidecar = c.startsWith("sidecar:");
            String name = c.substring(c.indexOf(':') + 1);
            ObjectNode o = spec.withArray(init || sidecar ? "initContainers" : "containers").addObject()
                    .put("name", name).put("image", "busybox");
            if (sidecar) {
                o.put("restartPolicy", "Always");
            }
        }
        return pod;
    }

    static SandboxStatus sandbox(boolean ready, int attempt) {
        return new SandboxStatus("sb" + attempt, ready, attempt, T0.plusSeconds(attempt), ready ? "10.244.0.5" : "");
    }

    static ContainerRecord container(PodSpecView pod, String name, ContainerRuntimeState state, int attempt, int exit) {
        String hash = pod.container(name).orElseThrow().hash();
        return new ContainerRecord(name + attempt, name, state, attempt, T0.plusSeconds(10 + attempt),
                Optional.of(T0.plusSeconds(11 + attempt)),
                state == ContainerRuntimeState.EXITED ? Optional.of(T0.plusSeconds(20 + attempt)) : Optional.empty(),
                exit, exit == 0 ? "Completed" : "Error", "", "docker.io/library/busybox:latest", "sha256:x", hash);
    }

    @Test
    void aNewPodGetsASandboxAndAllItsContainers() {
        PodSpecView pod = PodSpecView.of(pod("Always", "a", "b"));
        PodActions a = PodPlanner.plan(pod, RuntimePod.NONE, Map.of());
        assertThat(a.createSandbox()).isTrue();
        assertThat(a.killPod()).isFalse();
        assertThat(a.sandboxAttempt()).isZero();
        assertThat(a.containersToStart()).containsExactly("a", "b");
    }

    @Test
    void initContainersRunOneAtATimeBeforeTheRegularOnes() {
        PodSpecView pod = PodSpecView.of(pod("Always", "init:i1", "init:i2", "app"));
        assertThat(PodPlanner.plan(pod, RuntimePod.NONE, Map.of()).initToStart()).contains("i1");

        RuntimePod i1Running = new RuntimePod(List.of(sandbox(true, 0)),
                List.of(container(pod, "i1", ContainerRuntimeState.RUNNING, 0, 0)));
        assertThat(PodPlanner.plan(pod, i1Running, Map.of()).isEmpty()).isTrue();

        RuntimePod i1Done = new RuntimePod(List.of(sandbox(true, 0)),
                List.of(container(pod, "i1", ContainerRuntimeState.EXITED, 0, 0)));
        assertThat(PodPlanner.plan(pod, i1Done, Map.of()).initToStart()).contains("i2");

        RuntimePod allDone = new RuntimePod(List.of(sandbox(true, 0)), List.of(
                container(pod, "i1", ContainerRuntimeState.EXITED, 0, 0),
                container(pod, "i2", ContainerRuntimeState.EXITED, 0, 0)));
        assertThat(PodPlanner.plan(pod, allDone, Map.of()).containersToStart()).containsExactly("app");
    }

    @Test
    void aFailedInitContainerIsRetriedUnlessTheRestartPolicyIsNever() {
        ObjectNode json = pod("OnFailure", "init:i1", "app");
        PodSpecView pod = PodSpecView.of(json);
        RuntimePod failed = new RuntimePod(List.of(sandbox(true, 0)),
                List.of(container(pod, "i1", ContainerRuntimeState.EXITED, 0, 1)));
        assertThat(PodPlanner.plan(pod, failed, Map.of()).initToStart()).contains("i1");

        PodSpecView never = PodSpecView.of(pod("Never", "init:i1", "app"));
        RuntimePod failedNever = new RuntimePod(List.of(sandbox(true, 0)),
                List.of(container(never, "i1", ContainerRuntimeState.EXITED, 0, 1)));
        PodActions a = PodPlanner.plan(never, failedNever, Map.of());
        assertThat(a.killPod()).isTrue();
        assertThat(a.initToStart()).isEmpty();
    }

    @Test
    void exitedContainersRestartAsTheRestartPolicySays() {
        for (String policy : List.of("Always", "OnFailure", "Never")) {
            PodSpecView pod = PodSpecView.of(pod(policy, "ok", "bad", "up"));
            RuntimePod rt = new RuntimePod(List.of(sandbox(true, 0)), List.of(
                    container(pod, "ok", ContainerRuntimeState.EXITED, 0, 0),
                    container(pod, "bad", ContainerRuntimeState.EXITED, 0, 2),
                    container(pod, "up", ContainerRuntimeState.RUNNING, 0, 0)));
            List<String> start = PodPlanner.plan(pod, rt, Map.of()).containersToStart();
            switch (policy) {
                case "Always" -> assertThat(start).containsExactly("ok", "bad");
                case "OnFailure" -> assertThat(start).containsExactly("bad");
                default -> assertThat(start).isEmpty();
            }
        }
    }

    @Test
    void whenNothingRunsAndNothingWillTheSandboxIsReleased() {
        PodSpecView pod = PodSpecView.of(pod("Never", "job"));
        RuntimePod rt = new RuntimePod(List.of(sandbox(true, 0)),
                List.of(container(pod, "job", ContainerRuntimeState.EXITED, 0, 0)));
        PodActions a = PodPlanner.plan(pod, rt, Map.of());
        assertThat(a.killPod()).isTrue();
        assertThat(a.createSandbox()).isFalse();
    }

    @Test
    void aDeadSandboxIsReplacedWithTheNextAttemptAndTheContainersRestart() {
        PodSpecView pod = PodSpecView.of(pod("Always", "app"));
        RuntimePod rt = new RuntimePod(List.of(sandbox(false, 0)),
                List.of(container(pod, "app", ContainerRuntimeState.EXITED, 0, 137)));
        PodActions a = PodPlanner.plan(pod, rt, Map.of());
        assertThat(a.killPod()).isTrue();
        assertThat(a.createSandbox()).isTrue();
        assertThat(a.sandboxAttempt()).isEqualTo(1);
        assertThat(a.containersToStart()).containsExactly("app");
    }

    @Test
    void aChangedSpecOrAFailedLivenessProbeReplacesARunningContainer() {
        ObjectNode json = pod("Always", "app");
        PodSpecView before = PodSpecView.of(json);
        ContainerRecord running = container(before, "app", ContainerRuntimeState.RUNNING, 0, 0);
        ((ObjectNode) json.path("spec").path("containers").get(0)).put("image", "nginx");
        PodSpecView after = PodSpecView.of(json);
        RuntimePod rt = new RuntimePod(List.of(sandbox(true, 0)), List.of(running));

        PodActions changed = PodPlanner.plan(after, rt, Map.of());
        assertThat(changed.containersToKill()).containsEntry("app0", "Container app definition changed");
        assertThat(changed.containersToStart()).containsExactly("app");

        PodActions probe = PodPlanner.plan(before, rt, Map.of("app", "Container app failed liveness probe, will be restarted"));
        assertThat(probe.containersToKill()).containsKey("app0");
        assertThat(probe.containersToStart()).containsExactly("app");
        assertThat(PodPlanner.plan(before, rt, Map.of()).isEmpty()).isTrue();
    }

    @Test
    void aSidecarStartsBeforeLaterInitContainersAndKeepsRunning() {
        PodSpecView pod = PodSpecView.of(pod("Always", "sidecar:log", "init:setup", "app"));
        RuntimePod sandboxOnly = new RuntimePod(List.of(sandbox(true, 0)), List.of());
        assertThat(PodPlanner.plan(pod, sandboxOnly, Map.of()).containersToStart()).containsExactly("log");

        RuntimePod sidecarUp = new RuntimePod(List.of(sandbox(true, 0)),
                List.of(container(pod, "log", ContainerRuntimeState.RUNNING, 0, 0)));
        assertThat(PodPlanner.plan(pod, sidecarUp, Map.of()).initToStart()).contains("setup");

        RuntimePod initDone = new RuntimePod(List.of(sandbox(true, 0)), List.of(
                container(pod, "log", ContainerRuntimeState.RUNNING, 0, 0),
                container(pod, "setup", ContainerRuntimeState.EXITED, 0, 0)));
        assertThat(PodPlanner.plan(pod, initDone, Map.of()).containersToStart()).containsExactly("app");
    }

    @Test
    void theHashIgnoresMemberOrderAndResources() {
        ObjectNode a = Json.object().put("name", "x").put("image", "nginx");
        ObjectNode b = Json.object().put("image", "nginx").put("name", "x");
        b.putObject("resources").putObject("limits").put("cpu", "1");
        assertThat(ContainerHash.of(a)).isEqualTo(ContainerHash.of(b));
        assertThat(ContainerHash.of(a)).isNotEqualTo(ContainerHash.of(Json.object().put("name", "x").put("image", "busybox")));
    }
}
