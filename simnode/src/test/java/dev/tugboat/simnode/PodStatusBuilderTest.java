package dev.tugboat.simnode;

import dev.tugboat.kubelet.pod.RestartBackoff;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The simulation of one pod over time and the status a kubelet would write for it. */
class PodStatusBuilderTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final RestartBackoff BACKOFF = RestartBackoff.KUBELET;

    private static ObjectNode pod(String restartPolicy, String exitAfter, String exitCode) {
        ObjectNode pod = Json.object();
        ObjectNode meta = pod.putObject("metadata");
        meta.put("name", "p").put("namespace", "ns").put("uid", "u-1");
        ObjectNode ann = meta.putObject("annotations");
        if (exitAfter != null) {
            ann.put(SimAnnotations.EXIT_AFTER, exitAfter);
        }
        if (exitCode != null) {
            ann.put(SimAnnotations.EXIT_CODE, exitCode);
        }
        ObjectNode spec = pod.putObject("spec");
        spec.put("nodeName", "n").put("restartPolicy", restartPolicy);
        spec.putArray("initContainers").addObject().put("name", "init").put("image", "busybox");
        spec.putArray("containers").addObject().put("name", "web").put("image", "nginx");
        spec.withArray("containers").addObject().put("name", "app").put("image", "app:v1");
        ObjectNode status = pod.putObject("status");
        status.put("phase", "Pending").put("qosClass", "BestEffort");
        status.putArray("conditions").addObject().put("type", "PodScheduled").put("status", "True")
                .put("lastTransitionTime", "2024-12-31T23:59:59Z");
        return pod;
    }

    private static ObjectNode status(ObjectNode pod, SimulatedPod sim, Instant now) {
        return PodStatusBuilder.build(PodFacts.of(pod), sim, pod, "127.0.0.1", "10.244.0.2", now);
    }

    private static JsonNode condition(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c;
            }
        }
        return null;
    }

    @Test
    void aStartedPodIsRunningAndReadyWithTheKubeletsConditionsInOrder() {
        ObjectNode pod = pod("Always", null, null);
        SimulatedPod sim = SimulatedPod.start(PodFacts.of(pod), T0);
        assertThat(sim.advance(PodFacts.of(pod), BACKOFF, T0)).isEmpty();
        ObjectNode s = status(pod, sim, T0);
        assertThat(s.path("phase").asText()).isEqualTo("Running");
        assertThat(s.path("qosClass").asText()).isEqualTo("BestEffort");
        assertThat(s.path("conditions").findValuesAsText("type")).containsExactly("PodReadyToStartContainers",
                "Initialized", "Ready", "ContainersReady", "PodScheduled");
        assertThat(condition(s, "Ready").path("status").asText()).isEqualTo("True");
        assertThat(condition(s, "PodScheduled").path("lastTransitionTime").asText()).isEqualTo("2024-12-31T23:59:59Z");
        assertThat(s.path("containerStatuses").findValuesAsText("name")).containsExactly("app", "web");
        JsonNode init = s.path("initContainerStatuses").get(0);
        assertThat(init.path("state").path("terminated").path("reason").asText()).isEqualTo("Completed");
        assertThat(init.path("ready").asBoolean()).isTrue();
        assertThat(s.path("hostIPs").get(0).path("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(s.path("podIP").asText()).isEqualTo("10.244.0.2");
        assertThat(s.path("startTime").asText()).isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void conditionsKeepTheirTransitionTimeWhileTheirStatusHolds() {
        ObjectNode pod = pod("Always", null, null);
        SimulatedPod sim = SimulatedPod.start(PodFacts.of(pod), T0);
        pod.set("status", status(pod, sim, T0));
        ObjectNode later = status(pod, sim, T0.plusSeconds(60));
        assertThat(PodSync.sameIgnoringNulls(pod.path("status"), later)).isTrue();
    }

    @Test
    void withRestartPolicyNeverAZeroExitSucceedsAndAnotherFails() {
        for (String code : new String[] {"0", "2"}) {
            ObjectNode pod = pod("Never", "5s", code);
            PodFacts facts = PodFacts.of(pod);
            SimulatedPod sim = SimulatedPod.start(facts, T0);
            assertThat(sim.advance(facts, BACKOFF, T0.plusSeconds(1))).contains(T0.plusSeconds(5));
            assertThat(sim.advance(facts, BACKOFF, T0.plusSeconds(5))).isEmpty();
            ObjectNode s = status(pod, sim, T0.plusSeconds(5));
            boolean ok = code.equals("0");
            assertThat(s.path("phase").asText()).isEqualTo(ok ? "Succeeded" : "Failed");
            assertThat(condition(s, "Ready").path("reason").asText()).isEqualTo(ok ? "PodCompleted" : "PodFailed");
            assertThat(condition(s, "PodReadyToStartContainers").path("status").asText()).isEqualTo("False");
            JsonNode t = s.path("containerStatuses").get(0).path("state").path("terminated");
            assertThat(t.path("exitCode").asInt()).isEqualTo(Integer.parseInt(code));
            assertThat(t.path("reason").asText()).isEqualTo(ok ? "Completed" : "Error");
            assertThat(t.path("finishedAt").asText()).isEqualTo("2025-01-01T00:00:05Z");
        }
    }

    @Test
    void withOnFailureAZeroExitSucceeds() {
        ObjectNode pod = pod("OnFailure", "5s", "0");
        PodFacts facts = PodFacts.of(pod);
        SimulatedPod sim = SimulatedPod.start(facts, T0);
        sim.advance(facts, BACKOFF, T0.plusSeconds(6));
        assertThat(sim.phase()).isEqualTo(SimulatedPod.Phase.SUCCEEDED);
    }

    @Test
    void withRestartPolicyAlwaysACrashingContainerRestartsWithCrashLoopBackOff() {
        ObjectNode pod = pod("Always", "5s", "1");
        PodFacts facts = PodFacts.of(pod);
        SimulatedPod sim = SimulatedPod.start(facts, T0);
        // Exit at 5 s, restart at once; exit again at 10 s, back-off 10 s until 20 s.
        assertThat(sim.advance(facts, BACKOFF, T0.plusSeconds(12))).contains(T0.plusSeconds(20));
        ObjectNode s = status(pod, sim, T0.plusSeconds(12));
        assertThat(s.path("phase").asText()).isEqualTo("Running");
        JsonNode app = s.path("containerStatuses").get(0);
        assertThat(app.path("restartCount").asInt()).isEqualTo(1);
        assertThat(app.path("ready").asBoolean()).isFalse();
        assertThat(app.path("state").path("waiting").path("reason").asText()).isEqualTo("CrashLoopBackOff");
        assertThat(app.path("state").path("waiting").path("message").asText())
                .isEqualTo("back-off 10s restarting failed container=app pod=p_ns(u-1)");
        assertThat(app.path("lastState").path("terminated").path("exitCode").asInt()).isEqualTo(1);
        assertThat(app.path("lastState").path("terminated").path("finishedAt").asText())
                .isEqualTo("2025-01-01T00:00:10Z");
        assertThat(condition(s, "Ready").path("message").asText())
                .isEqualTo("containers with unready status: [web app]");

        // At 20 s it runs again (restart 2), exits at 25 s and then waits 20 s.
        assertThat(sim.advance(facts, BACKOFF, T0.plusSeconds(26))).contains(T0.plusSeconds(45));
        JsonNode again = status(pod, sim, T0.plusSeconds(26)).path("containerStatuses").get(0);
        assertThat(again.path("restartCount").asInt()).isEqualTo(2);
        assertThat(again.path("state").path("waiting").path("message").asText()).startsWith("back-off 20s");
    }

    @Test
    void aDeletedPodStopsAtOnceOrAtTheEndOfItsGracePeriodWhenAsked() {
        ObjectNode pod = pod("Always", null, null);
        pod.with("metadata").put("deletionTimestamp", "2025-01-01T00:00:30Z");
        PodFacts facts = PodFacts.of(pod);
        SimulatedPod sim = SimulatedPod.start(facts, T0);
        assertThat(sim.advance(facts, BACKOFF, T0.plusSeconds(1))).isEmpty();
        assertThat(sim.isKilled()).isTrue();
        assertThat(sim.phase()).isEqualTo(SimulatedPod.Phase.SUCCEEDED);

        pod.with("metadata").with("annotations").put(SimAnnotations.GRACEFUL_TERMINATION, "true");
        PodFacts graceful = PodFacts.of(pod);
        SimulatedPod slow = SimulatedPod.start(graceful, T0);
        assertThat(slow.advance(graceful, BACKOFF, T0.plusSeconds(1))).contains(T0.plusSeconds(30));
        assertThat(slow.isTerminal()).isFalse();
        assertThat(slow.advance(graceful, BACKOFF, T0.plusSeconds(30))).isEmpty();
        assertThat(slow.isTerminal()).isTrue();
    }

    @Test
    void aReadinessGateThatIsNotTrueKeepsThePodUnready() {
        ObjectNode pod = pod("Always", null, null);
        pod.with("spec").putArray("readinessGates").addObject().put("conditionType", "example.com/lb");
        PodFacts facts = PodFacts.of(pod);
        SimulatedPod sim = SimulatedPod.start(facts, T0);
        JsonNode ready = condition(status(pod, sim, T0), "Ready");
        assertThat(ready.path("reason").asText()).isEqualTo("ReadinessGatesNotReady");
        assertThat(ready.path("message").asText())
                .isEqualTo("corresponding condition of pod readiness gate \"example.com/lb\" does not exist.");
    }

    @Test
    void aRunningPodIsResumedFromItsStatus() {
        ObjectNode pod = pod("Always", null, null);
        PodFacts facts = PodFacts.of(pod);
        SimulatedPod sim = SimulatedPod.start(facts, T0);
        ObjectNode written = status(pod, sim, T0);
        Optional<SimulatedPod> resumed = PodStatusReader.resume(facts, written);
        assertThat(resumed).isPresent();
        ObjectNode resumedPod = pod.deepCopy();
        resumedPod.set("status", written);
        assertThat(PodSync.sameIgnoringNulls(written, PodStatusBuilder.build(facts, resumed.get(), resumedPod,
                "127.0.0.1", "10.244.0.2", T0.plus(Duration.ofHours(1))))).isTrue();
    }
}
