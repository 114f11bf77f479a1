package dev.tugboat.kubelet.prober;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tugboat.client.clock.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProbeWorkerTest {

    private final FakeClock clock = new FakeClock();
    private final Deque<ProbeOutcome> script = new ArrayDeque<>();
    private final List<Instant> probedAt = new ArrayList<>();
    private final List<ProbeWorker.Target> probedTargets = new ArrayList<>();
    private final List<ProbeOutcome> reported = new ArrayList<>();
    private final AtomicInteger changes = new AtomicInteger();
    private final AtomicBoolean started = new AtomicBoolean(true);

    private ProbeWorker worker(ProbeType type, String probeJson) throws Exception {
        ProbeSpec spec = ProbeSpec.parse(new ObjectMapper().readTree(probeJson));
        return new ProbeWorker(type, spec, clock, t -> {
            probedAt.add(clock.now());
            probedTargets.add(t);
            ProbeOutcome next = script.poll();
            return next == null ? ProbeOutcome.success("") : next;
        }, started::get, reported::add, changes::incrementAndGet);
    }

    private void outcomes(ProbeOutcome o, int times) {
        for (int i = 0; i < times; i++) {
            script.add(o);
        }
    }

    private static final ProbeOutcome OK = ProbeOutcome.success("");
    private static final ProbeOutcome FAIL = ProbeOutcome.failure("HTTP probe failed with statuscode: 500");

    @Test
    void readinessStartsNotReadyWaitsTheInitialDelayAndNeedsTheSuccessThreshold() throws Exception {
        ProbeWorker w = worker(ProbeType.READINESS, """
                {"exec":{"command":["true"]},"initialDelaySeconds":5,"periodSeconds":2,"successThreshold":2}""");
        Instant start = clock.now();
        w.observe(new ProbeWorker.Target("c1", start, "10.0.0.1"));
        assertThat(w.result("c1")).isEqualTo(ProbeResult.FAILURE);

        clock.advance(Duration.ofMillis(4999));
        assertThat(probedAt).as("nothing before initialDelaySeconds").isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(probedAt).containsExactly(start.plusSeconds(5));
        assertThat(w.result("c1")).as("one success is below successThreshold 2").isEqualTo(ProbeResult.FAILURE);
        assertThat(changes).hasValue(0);

        clock.advance(Duration.ofSeconds(2));
        assertThat(probedAt).containsExactly(start.plusSeconds(5), start.plusSeconds(7));
        assertThat(w.result("c1")).isEqualTo(ProbeResult.SUCCESS);
        assertThat(changes).hasValue(1);
        assertThat(probedTargets.get(0).podIp()).isEqualTo("10.0.0.1");
    }

    @Test
    void theInitialDelayCountsFromTheContainerStartNotFromWhenTheWorkerSawIt() throws Exception {
        ProbeWorker w = worker(ProbeType.READINESS, """
                {"tcpSocket":{"port":80},"initialDelaySeconds":10,"periodSeconds":3}""");
        w.observe(new ProbeWorker.Target("c1", clock.now().minusSeconds(8), ""));
        clock.advance(Duration.ofSeconds(2));
        assertThat(probedAt).hasSize(1);
        assertThat(w.result("c1")).isEqualTo(ProbeResult.SUCCESS);
    }

    @Test
    void readinessFlipsBackOnlyAfterTheFailureThresholdAndKeepsProbing() throws Exception {
        ProbeWorker w = worker(ProbeType.READINESS, """
                {"exec":{"command":["true"]},"periodSeconds":1,"failureThreshold":3}""");
        outcomes(OK, 1);
        outcomes(FAIL, 2);
        outcomes(OK, 1);
        outcomes(FAIL, 3);
        w.observe(new ProbeWorker.Target("c1", clock.now(), ""));
        clock.advance(Duration.ZERO);
        assertThat(w.result("c1")).isEqualTo(ProbeResult.SUCCESS);
        clock.advance(Duration.ofSeconds(2));
        assertThat(w.result("c1")).as("two failures < 3").isEqualTo(ProbeResult.SUCCESS);
        clock.advance(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(2));
        assertThat(w.result("c1")).as("a success in between restarted the count").isEqualTo(ProbeResult.SUCCESS);
        clock.advance(Duration.ofSeconds(1));
        assertThat(w.result("c1")).isEqualTo(ProbeResult.FAILURE);
        int runs = probedAt.size();
        clock.advance(Duration.ofSeconds(3));
        assertThat(probedAt).as("readiness keeps probing after failing").hasSize(runs + 3);
        assertThat(reported).filteredOn(o -> o.kind() == ProbeOutcome.Kind.FAILURE).hasSize(5);
    }

    @Test
    void livenessFailureHoldsTheWorkerUntilANewContainerWhichStartsAfresh() throws Exception {
        ProbeWorker w = worker(ProbeType.LIVENESS, """
                {"httpGet":{"port":8080},"periodSeconds":10,"failureThreshold":2}""");
        outcomes(FAIL, 2);
        w.observe(new ProbeWorker.Target("c1", clock.now(), ""));
        assertThat(w.result("c1")).isEqualTo(ProbeResult.SUCCESS);
        clock.advance(Duration.ofSeconds(10));
        assertThat(w.result("c1")).isEqualTo(ProbeResult.FAILURE);
        assertThat(changes).hasValue(1);
        clock.advance(Duration.ofMinutes(5));
        assertThat(probedAt).as("on hold: no probes of a container about to be killed").hasSize(2);

        Instant restart = clock.now();
        w.observe(new ProbeWorker.Target("c2", restart, ""));
        assertThat(w.result("c2")).isEqualTo(ProbeResult.SUCCESS);
        assertThat(w.result("c1")).as("the old container's verdict is not the new one's").isEqualTo(ProbeResult.SUCCESS);
        outcomes(FAIL, 1);
        clock.advance(Duration.ZERO);
        clock.advance(Duration.ofSeconds(10));
        assertThat(probedAt.subList(2, 4)).containsExactly(restart, restart.plusSeconds(10));
        assertThat(w.result("c2")).as("the count restarted with the container: 1 failure < 2").isEqualTo(ProbeResult.SUCCESS);
    }

    @Test
    void livenessAndReadinessWaitUntilTheContainerStarted() throws Exception {
        started.set(false);
        ProbeWorker w = worker(ProbeType.LIVENESS, """
                {"exec":{"command":["x"]},"periodSeconds":5,"failureThreshold":1}""");
        outcomes(FAIL, 1);
        w.observe(new ProbeWorker.Target("c1", clock.now(), ""));
        clock.advance(Duration.ofSeconds(20));
        assertThat(probedAt).isEmpty();
        started.set(true);
        clock.advance(Duration.ofSeconds(5));
        assertThat(probedAt).hasSize(1);
        assertThat(w.result("c1")).isEqualTo(ProbeResult.FAILURE);
    }

    @Test
    void startupHasNoVerdictAtFirstAndStopsProbingOnceItPassed() throws Exception {
        started.set(false); // a startup probe is never gated
        ProbeWorker w = worker(ProbeType.STARTUP, """
                {"exec":{"command":["x"]},"periodSeconds":1,"failureThreshold":30}""");
        outcomes(FAIL, 3);
        w.observe(new ProbeWorker.Target("c1", clock.now(), ""));
        assertThat(w.result("c1")).isEqualTo(ProbeResult.UNKNOWN);
        clock.advance(Duration.ofSeconds(3));
        assertThat(w.result("c1")).isEqualTo(ProbeResult.SUCCESS);
        clock.advance(Duration.ofSeconds(30));
        assertThat(probedAt).hasSize(4);
    }

    @Test
    void startupFailingItsThresholdFailsAndHolds() throws Exception {
        ProbeWorker w = worker(ProbeType.STARTUP, """
                {"exec":{"command":["x"]},"periodSeconds":2,"failureThreshold":3}""");
        outcomes(FAIL, 10);
        w.observe(new ProbeWorker.Target("c1", clock.now(), ""));
        clock.advance(Duration.ofSeconds(4));
        assertThat(w.result("c1")).isEqualTo(ProbeResult.FAILURE);
        clock.advance(Duration.ofSeconds(20));
        assertThat(probedAt).hasSize(3);
    }

    @Test
    void probesThatCouldNotRunCountNeitherWay() throws Exception {
        ProbeWorker w = worker(ProbeType.READINESS, """
                {"httpGet":{"port":"web"},"periodSeconds":1,"successThreshold":2}""");
        script.add(OK);
        script.add(ProbeOutcome.error("couldn't find port: web in app"));
        script.add(OK);
        w.observe(new ProbeWorker.Target("c1", clock.now(), ""));
        clock.advance(Duration.ofSeconds(2));
        assertThat(w.result("c1")).as("the error did not break the run of successes").isEqualTo(ProbeResult.SUCCESS);
        assertThat(reported).extracting(ProbeOutcome::kind).containsExactly(
                ProbeOutcome.Kind.SUCCESS, ProbeOutcome.Kind.ERROR, ProbeOutcome.Kind.SUCCESS);
    }

    @Test
    void aWarningCountsAsSuccess() throws Exception {
        ProbeWorker w = worker(ProbeType.READINESS, """
                {"httpGet":{"port":80},"periodSeconds":1}""");
        script.add(ProbeOutcome.warning("Probe terminated redirects, Response body: "));
        w.observe(new ProbeWorker.Target("c1", clock.now(), ""));
        clock.advance(Duration.ZERO);
        assertThat(w.result("c1")).isEqualTo(ProbeResult.SUCCESS);
    }

    @Test
    void aStoppedContainerPausesTheWorkerAndStopEndsIt() throws Exception {
        ProbeWorker w = worker(ProbeType.READINESS, """
                {"exec":{"command":["x"]},"periodSeconds":1}""");
        ProbeWorker.Target t = new ProbeWorker.Target("c1", clock.now(), "");
        w.observe(t);
        clock.advance(Duration.ofSeconds(2));
        assertThat(probedAt).hasSize(3);
        w.observe(null);
        clock.advance(Duration.ofSeconds(5));
        assertThat(probedAt).hasSize(3);
        w.observe(t);
        clock.advance(Duration.ZERO);
        assertThat(probedAt).hasSize(4);
        w.stop();
        clock.advance(Duration.ofSeconds(5));
        assertThat(probedAt).hasSize(4);
        assertThat(clock.pendingTimers()).isZero();
    }
}
