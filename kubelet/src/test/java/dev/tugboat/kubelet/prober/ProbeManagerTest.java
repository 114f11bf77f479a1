package dev.tugboat.kubelet.prober;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tugboat.client.clock.FakeClock;
import dev.tugboat.client.events.EventRecorder;
import dev.tugboat.kubelet.sync.ProbeResults.Running;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The manager with exec probes answered by files "present" in each container, on a fake clock. */
class ProbeManagerTest {

    private final FakeClock clock = new FakeClock();
    private final Set<String> files = ConcurrentHashMap.newKeySet();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> changes = new CopyOnWriteArrayList<>();
    private final ContainerExec exec = (id, command, timeout) -> {
        boolean ok = files.contains(id + ":" + command.get(2));
        return new ContainerExec.Result(ok ? 0 : 1, new byte[0], ok ? new byte[0]
                : ("missing " + command.get(2)).getBytes(StandardCharsets.UTF_8));
    };
    private final EventRecorder recorder = (ref, type, reason, message) ->
            events.add(ref.name() + "/" + ref.fieldPath() + " " + type + " " + reason + ": " + message);
    private final ProbeManager manager = new ProbeManager(new Prober(exec, "v1.31.0"), clock, recorder);

    private static JsonNode pod() throws Exception {
        return new ObjectMapper().readTree("""
                {"metadata":{"name":"web","namespace":"default","uid":"u1"},
                 "spec":{"containers":[
                   {"name":"app",
                    "startupProbe":{"exec":{"command":["test","-e","/started"]},"periodSeconds":1,"failureThreshold":5},
                    "livenessProbe":{"exec":{"command":["test","-e","/alive"]},"periodSeconds":2,"failureThreshold":2},
                    "readinessProbe":{"exec":{"command":["test","-e","/ready"]},"periodSeconds":1}},
                   {"name":"plain"}]}}""");
    }

    @Test
    void startupGatesReadinessAndLivenessAndALivenessFailureAsksForAKill() throws Exception {
        manager.addListener((pod, container, type, result) -> changes.add(container + " " + type + " " + result));
        JsonNode pod = pod();
        Map<String, Running> running = Map.of(
                "app", new Running("c1", clock.now()), "plain", new Running("p1", clock.now()));
        manager.track(pod, running, "10.244.0.5");

        assertThat(manager.started("u1", "plain")).isTrue();
        assertThat(manager.ready("u1", "plain")).as("no probes: ready once running").isTrue();
        assertThat(manager.started("u1", "app")).isFalse();
        assertThat(manager.ready("u1", "app")).isFalse();
        assertThat(manager.killReason("u1", "app")).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        assertThat(events).contains("web/spec.containers{app} Warning Unhealthy: Startup probe failed: missing /started");
        files.add("c1:/started");
        files.add("c1:/alive");
        clock.advance(Duration.ofSeconds(1));
        assertThat(manager.started("u1", "app")).isTrue();
        assertThat(changes).containsExactly("app STARTUP SUCCESS");
        assertThat(manager.ready("u1", "app")).as("readiness has not passed yet").isFalse();
        files.add("c1:/ready");
        clock.advance(Duration.ofSeconds(1));
        assertThat(manager.ready("u1", "app")).isTrue();

        files.remove("c1:/alive");
        clock.advance(Duration.ofSeconds(4));
        assertThat(manager.livenessFailure("u1", "app")).hasValue("Container app failed liveness probe, will be restarted");
        assertThat(manager.killReason("u1", "app")).hasValue("Container app failed liveness probe, will be restarted");
        assertThat(changes).contains("app LIVENESS FAILURE");
        assertThat(events).contains("web/spec.containers{app} Warning Unhealthy: Liveness probe failed: missing /alive");

        // The kubelet killed and restarted it: a new instance starts over.
        manager.track(pod, Map.of("app", new Running("c2", clock.now()), "plain", new Running("p1", clock.now())), "10.244.0.5");
        assertThat(manager.killReason("u1", "app")).isEmpty();
        assertThat(manager.started("u1", "app")).isFalse();
        assertThat(manager.ready("u1", "app")).isFalse();

        // A container that is not running is neither started nor ready.
        manager.track(pod, Map.of("plain", new Running("p1", clock.now())), "10.244.0.5");
        assertThat(manager.ready("u1", "app")).isFalse();

        manager.forget("u1");
        assertThat(manager.ready("u1", "plain")).isFalse();
        assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void aStartupProbeThatNeverPassesKillsAfterItsThreshold() throws Exception {
        manager.track(pod(), Map.of("app", new Running("c1", clock.now())), "10.244.0.5");
        clock.advance(Duration.ofSeconds(3));
        assertThat(manager.startupFailure("u1", "app")).as("probes at 0s..3s: 4 failures < 5").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(manager.startupFailure("u1", "app")).hasValue("Container app failed startup probe, will be restarted");
        assertThat(events).filteredOn(e -> e.contains("Liveness") || e.contains("Readiness")).isEmpty();
        manager.close();
    }
}
