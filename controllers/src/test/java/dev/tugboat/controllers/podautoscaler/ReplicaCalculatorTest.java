package dev.tugboat.controllers.podautoscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The replica calculation, with upstream's replica_calculator_test cases: pods named {@code test-pod-<i>}
 * with two containers, each requesting the pod's request and using the pod's level (so usage and requests
 * are twice the per-container figures), a CPU initialization period of 2 minutes and an initial readiness
 * delay of 10 seconds.
 */
class ReplicaCalculatorTest {

    static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
    static final Instant COOL = NOW.minus(Duration.ofMinutes(3));
    static final Instant HOT = NOW.minus(Duration.ofMinutes(1));
    static final ReplicaCalculator CALC = new ReplicaCalculator(Duration.ofMinutes(2), Duration.ofSeconds(10));
    static final Tolerances TOLERANCE = Tolerances.both(0.1);

    /** A test case in upstream's shape; unset lists mean every pod Running, Ready, started long ago. */
    static final class Case {
        int currentReplicas;
        String resource = "cpu";
        String[] requests = {};
        long[] levels = {};
        String[] metricPodNames = {};
        boolean[] ready;
        Instant[] startTimes;
        String[] phases;
        boolean[] deleting;
        int podCount = -1;

        Case current(int n) {
            currentReplicas = n;
            return this;
        }

        Case requests(String... r) {
            requests = r;
            return this;
        }

        Case levels(long... l) {
            levels = l;
            return this;
        }

        Case ready(boolean... r) {
            ready = r;
            return this;
        }

        Case started(Instant... s) {
            startTimes = s;
            return this;
        }

        Case phases(String... p) {
            phases = p;
            return this;
        }

        Case deleting(boolean... d) {
            deleting = d;
            return this;
        }

        List<ObjectNode> pods() {
            int n = Math.max(currentReplicas, phases == null ? 0 : phases.length);
            List<ObjectNode> pods = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ObjectNode pod = Json.object();
                ObjectNode meta = pod.putObject("metadata").put("name", "test-pod-" + i);
                if (deleting != null && deleting[i]) {
                    meta.put("deletionTimestamp", Timestamps.format(NOW));
                }
                ArrayNode containers = pod.putObject("spec").putArray("containers");
                for (int c = 0; c < 2; c++) {
                    ObjectNode container = containers.addObject().put("name", "container" + c);
                    if (i < requests.length) {
                        container.putObject("resources").putObject("requests").put(resource, requests[i]);
                    }
                }
                ObjectNode status = pod.putObject("status");
                status.put("phase", phases == null ? "Running" : phases[i]);
                status.put("startTime", Timestamps.format(startTimes == null ? COOL : startTimes[i]));
                status.putArray("conditions").addObject().put("type", "Ready")
                        .put("status", ready == null || ready[i] ? "True" : "False");
                pods.add(pod);
            }
            return pods;
        }

        /** Usage per pod: both containers at the level, sampled at Go's zero time over one minute (as upstream's fixture). */
        Map<String, PodMetric> metrics() {
            Map<String, PodMetric> m = new LinkedHashMap<>();
            for (int i = 0; i < levels.length; i++) {
                String name = i < metricPodNames.length ? metricPodNames[i] : "test-pod-" + i;
                m.put(name, new PodMetric(2 * levels[i], PodMetrics.ZERO_TIME, Duration.ofMinutes(1)));
            }
            return m;
        }

        ReplicaCalculator.Utilization utilization(int target) throws MetricException {
            return CALC.resourceReplicas(currentReplicas, target, resource, TOLERANCE, pods(), metrics(), "", NOW);
        }

        ReplicaCalculator.Usage usage(long target) throws MetricException {
            return CALC.plainReplicas(currentReplicas, target, resource, TOLERANCE, pods(), metrics(), NOW);
        }
    }

    static String[] ones(int n) {
        String[] r = new String[n];
        Arrays.fill(r, "1.0");
        return r;
    }

    static void expect(ReplicaCalculator.Utilization u, int replicas, int utilization, long raw) {
        assertThat(u).isEqualTo(new ReplicaCalculator.Utilization(replicas, utilization, raw));
    }

    @Test
    void metricsOfOtherPodsMatchNothing() {
        Case c = new Case().current(1).requests("1.0").levels(100);
        c.metricPodNames = new String[]{"an-older-pod-name"};
        assertThatThrownBy(() -> c.utilization(100)).isInstanceOf(MetricException.class)
                .hasMessage("no metrics returned matched known pods");
    }

    @Test
    void scaleUp() throws Exception {
        expect(new Case().current(3).requests(ones(3)).levels(300, 500, 700).utilization(30), 5, 50, 1000);
    }

    @Test
    void scaleUpWithAnUnreadyPodScalesLess() throws Exception {
        expect(new Case().current(3).requests(ones(3)).levels(300, 500, 700).ready(false, true, true)
                .utilization(30), 4, 60, 1200);
    }

    @Test
    void scaleUpWithAHotCpuPodScalesLess() throws Exception {
        expect(new Case().current(3).requests(ones(3)).levels(300, 500, 700).started(HOT, COOL, COOL)
                .utilization(30), 4, 60, 1200);
    }

    @Test
    void unreadyPodsCountAsIdleSoNoScaleUp() throws Exception {
        expect(new Case().current(3).requests(ones(3)).levels(400, 500, 700).ready(true, false, false)
                .utilization(30), 3, 40, 800);
    }

    @Test
    void hotUnreadyPodsCountAsIdleSoNoScaleUp() throws Exception {
        expect(new Case().current(3).requests(ones(3)).levels(400, 500, 700).ready(true, false, false)
                .started(COOL, HOT, HOT).utilization(30), 3, 40, 800);
    }

    @Test
    void scaleUpIgnoresFailedPods() throws Exception {
        expect(new Case().current(2).requests(ones(4)).levels(500, 700).ready(true, true, false, false)
                .phases("Running", "Running", "Failed", "Failed").utilization(30), 4, 60, 1200);
    }

    @Test
    void scaleUpIgnoresPodsBeingDeleted() throws Exception {
        expect(new Case().current(2).requests(ones(4)).levels(500, 700).ready(true, true, false, false)
                .phases("Running", "Running", "Running", "Running").deleting(false, false, true, true)
                .utilization(30), 4, 60, 1200);
    }

    @Test
    void scaleDown() throws Exception {
        expect(new Case().current(5).requests(ones(5)).levels(100, 300, 500, 250, 250).utilization(50), 3, 28, 560);
    }

    @Test
    void scaleDownLeavesOutUnreadyPods() throws Exception {
        expect(new Case().current(5).requests(ones(5)).levels(100, 300, 500, 250, 250)
                .ready(true, true, true, false, false).utilization(50), 2, 30, 600);
    }

    @Test
    void scaleDownLeavesOutPendingPods() throws Exception {
        expect(new Case().current(5).requests(ones(5)).levels(100).ready(true, false, false, false, false)
                .phases("Running", "Pending", "Pending", "Pending", "Pending").utilization(50), 1, 10, 200);
    }

    @Test
    void scaleDownLeavesOutHotCpuPods() throws Exception {
        expect(new Case().current(5).requests(ones(5)).levels(100, 300, 500, 250, 250)
                .started(COOL, COOL, COOL, HOT, HOT).utilization(50), 2, 30, 600);
    }

    @Test
    void scaleDownIgnoresFailedPods() throws Exception {
        expect(new Case().current(5).requests(ones(7)).levels(100, 300, 500, 250, 250)
                .ready(true, true, true, true, true, false, false)
                .phases("Running", "Running", "Running", "Running", "Running", "Failed", "Failed")
                .utilization(50), 3, 28, 560);
    }

    @Test
    void scaleDownIgnoresPodsBeingDeleted() throws Exception {
        expect(new Case().current(5).requests(ones(7)).levels(100, 300, 500, 250, 250)
                .ready(true, true, true, true, true, false, false)
                .phases("Running", "Running", "Running", "Running", "Running", "Running", "Running")
                .deleting(false, false, false, false, false, true, true).utilization(50), 3, 28, 560);
    }

    @Test
    void withinToleranceNothingChanges() throws Exception {
        expect(new Case().current(3).requests("0.9", "1.0", "1.1").levels(1010, 1030, 1020).utilization(100),
                3, 102, 2040);
    }

    @Test
    void metricsOfUnknownPodsAreLeftOut() throws Exception {
        expect(new Case().current(4).requests(ones(4)).levels(4000, 9500, 3000, 7000, 3200, 2000)
                .utilization(100), 24, 587, 11750);
    }

    @Test
    void podsWithoutMetricsCountAsFullyUsedOnScaleDown() throws Exception {
        expect(new Case().current(4).requests(ones(4)).levels(400, 95).utilization(100), 3, 24, 495);
    }

    @Test
    void aContainerWithoutRequestIsAnError() {
        Case c = new Case().current(1).levels(200);
        assertThatThrownBy(() -> c.utilization(100)).isInstanceOf(MetricException.class)
                .hasMessage("missing request for cpu in container container0 of Pod test-pod-0");
    }

    @Test
    void missingMetricsAtTargetChangeNothing() throws Exception {
        expect(new Case().current(2).requests(ones(2)).levels(1000).utilization(100), 2, 100, 2000);
    }

    @Test
    void missingMetricsTurningAScaleUpIntoToleranceChangeNothing() throws Exception {
        expect(new Case().current(2).requests(ones(2)).levels(1900).utilization(100), 2, 190, 3800);
    }

    @Test
    void missingMetricsOnAScaleDownKeepTheCount() throws Exception {
        expect(new Case().current(2).requests(ones(2)).levels(600).utilization(100), 2, 60, 1200);
    }

    @Test
    void missingMetricsReversingTheDirectionChangeNothing() throws Exception {
        expect(new Case().current(3).requests(ones(3)).levels(100, 450).ready(false, true, true).utilization(50),
                3, 45, 900);
        expect(new Case().current(3).requests(ones(3)).levels(100, 450).started(HOT, COOL, COOL).utilization(50),
                3, 45, 900);
    }

    @Test
    void missingAndUnreadyPodsCountAsIdleOnScaleUp() throws Exception {
        expect(new Case().current(3).requests(ones(3)).levels(100, 2000).ready(false, true, true).utilization(50),
                4, 200, 4000);
        expect(new Case().current(3).requests(ones(3)).levels(100, 2000).ready(false, true, true)
                .started(HOT, COOL, COOL).utilization(50), 4, 200, 4000);
    }

    @Test
    void missingPodsCountAsFullyUsedAndUnreadyOnesAreLeftOutOnScaleDown() throws Exception {
        expect(new Case().current(4).requests(ones(4)).levels(100, 100, 100).ready(false, true, true, true)
                .utilization(50), 3, 10, 200);
    }

    @Test
    void missingPodsAboveA100PercentTargetCountAtTheTarget() throws Exception {
        // 40% of the request against a 200% target: the pod without a sample counts at 200% of its request,
        // so (40% + 200%) / 2 = 120%, 0.6 of the target: 2 replicas (at 100% it would be 0.35: 1 replica).
        expect(new Case().current(2).requests(ones(2)).levels(400).utilization(200), 2, 40, 800);
    }

    @Test
    void toleranceIsRespectedAtItsEdge() throws Exception {
        // Upstream's TestReplicaCalcComputedToleranceAlgImplementation: ten pods using half their request.
        String[] requests = {"400m", "200m", "310m", "290m", "302m", "298m", "301m", "299m", "300m", "300m"};
        long[] levels = new long[10];
        Arrays.fill(levels, 150);
        Case c = new Case().current(10).requests(requests).levels(levels);
        expect(c.utilization(56), 9, 50, 300);
        expect(c.utilization(55), 10, 50, 300);
    }

    @Test
    void perDirectionTolerances() throws Exception {
        Case c = new Case().current(4).requests(ones(4)).levels(600, 600, 600, 600);
        // 60% against a 50% target is 1.2: outside the default 10%, inside a 25% scale-up tolerance.
        assertThat(c.utilization(50).replicas()).isEqualTo(5);
        assertThat(CALC.resourceReplicas(4, 50, "cpu", new Tolerances(0.1, 0.25), c.pods(), c.metrics(), "", NOW)
                .replicas()).isEqualTo(4);
    }

    @Test
    void noPodsIsAnError() {
        Case c = new Case().current(0).levels(100);
        assertThatThrownBy(() -> c.utilization(50))
                .hasMessage("no pods returned by selector while calculating replica count");
    }

    @Test
    void onlyUnreadyPodsIsAnError() {
        Case c = new Case().current(2).requests(ones(2)).levels(100, 100).ready(false, false);
        assertThatThrownBy(() -> c.utilization(50))
                .hasMessage("did not receive metrics for targeted pods (pods might be unready)");
    }

    @Test
    void averageValueScaleUp() throws Exception {
        Case c = new Case().current(3).levels(10000, 5000, 15000);
        c.resource = "memory";
        assertThat(c.usage(15000)).isEqualTo(new ReplicaCalculator.Usage(4, 20000));
    }

    @Test
    void readinessDoesNotMatterForMemory() throws Exception {
        Case c = new Case().current(3).levels(25000, 5000, 15000).ready(true, true, false).started(COOL, COOL, HOT);
        c.resource = "memory";
        assertThat(c.usage(15000)).isEqualTo(new ReplicaCalculator.Usage(6, 30000));
        Case d = new Case().current(3).levels(25000, 7500, 15000).ready(false, true, false).started(HOT, COOL, HOT);
        d.resource = "memory";
        assertThat(d.usage(15000)).isEqualTo(new ReplicaCalculator.Usage(7, 31666));
    }

    @Test
    void averageValueScaleDown() throws Exception {
        Case c = new Case().current(5).levels(6000, 6000, 6000, 6000, 6000);
        c.resource = "memory";
        assertThat(c.usage(20000)).isEqualTo(new ReplicaCalculator.Usage(3, 12000));
    }

    @Test
    void averageValueWithinTolerance() throws Exception {
        Case c = new Case().current(3).levels(10000, 10500, 10500);
        c.resource = "memory";
        assertThat(c.usage(20000)).isEqualTo(new ReplicaCalculator.Usage(3, 20666));
    }

    @Test
    void missingPodsCountAtTheTargetOnScaleDown() throws Exception {
        // Two pods at 40% of the target and two without samples (taken at the target): 70% over four pods.
        Case c = new Case().current(4).levels(4000, 4000);
        c.resource = "memory";
        assertThat(c.usage(20000)).isEqualTo(new ReplicaCalculator.Usage(3, 8000));
    }

    ObjectNode pod(String name, Instant start, String ready, Instant transition) {
        ObjectNode pod = Json.object();
        pod.putObject("metadata").put("name", name);
        ObjectNode status = pod.putObject("status").put("phase", "Succeeded");
        if (start != null) {
            status.put("startTime", Timestamps.format(start));
        }
        if (ready != null) {
            status.putArray("conditions").addObject().put("type", "Ready").put("status", ready)
                    .put("lastTransitionTime", Timestamps.format(transition));
        }
        return pod;
    }

    ReplicaCalculator.PodGroups group(ObjectNode pod, PodMetric metric, String resource) {
        Map<String, PodMetric> metrics = metric == null ? Map.of() : Map.of("p", metric);
        return CALC.group(List.of(pod), metrics, resource, NOW);
    }

    @Test
    void aPodWithMetricsCountsForMemoryWhateverItsState() {
        assertThat(group(pod("p", null, null, null), new PodMetric(1, NOW, Duration.ofMinutes(1)), "memory")
                .readyCount()).isEqualTo(1);
    }

    @Test
    void aCpuSampleNeedsReadinessAndAStartTime() {
        ReplicaCalculator.PodGroups g = group(pod("p", NOW, null, null), new PodMetric(1, NOW, Duration.ZERO), "cpu");
        assertThat(g.unready()).containsExactly("p");
    }

    @Test
    void duringInitializationASampleCountsOnlyAfterAFullWindowOfReadiness() {
        ObjectNode p = pod("p", NOW.minusSeconds(60), "True", NOW.minusSeconds(30));
        assertThat(group(p, new PodMetric(1, NOW, Duration.ofSeconds(30)), "cpu").readyCount()).isEqualTo(1);
        assertThat(group(p, new PodMetric(1, NOW, Duration.ofSeconds(60)), "cpu").unready()).containsExactly("p");
    }

    @Test
    void duringInitializationAnUnreadyPodIsUnready() {
        ObjectNode p = pod("p", NOW.minusSeconds(90), "False", NOW.minusSeconds(80));
        assertThat(group(p, new PodMetric(1, NOW, Duration.ZERO), "cpu").unready()).containsExactly("p");
    }

    @Test
    void afterInitializationAnUnreadyPodCountsIfItWasEverReady() {
        // Readiness turned False 60 s after start: it had been ready (the initial delay is 10 s).
        ObjectNode wasReady = pod("p", NOW.minusSeconds(600), "False", NOW.minusSeconds(540));
        assertThat(group(wasReady, new PodMetric(1, NOW, Duration.ZERO), "cpu").readyCount()).isEqualTo(1);
        // Readiness False since 6 s after start: never ready.
        ObjectNode neverReady = pod("p", NOW.minusSeconds(600), "False", NOW.minusSeconds(594));
        assertThat(group(neverReady, new PodMetric(1, NOW, Duration.ZERO), "cpu").unready()).containsExactly("p");
    }

    @Test
    void afterInitializationAReadyPodCountsEvenWithAnOldSample() {
        ObjectNode p = pod("p", NOW.minusSeconds(180), "True", NOW.minusSeconds(180));
        assertThat(group(p, new PodMetric(1, NOW.minusSeconds(120), Duration.ofMinutes(1)), "cpu").readyCount())
                .isEqualTo(1);
    }

    @Test
    void aPodWithoutSampleIsMissingAndAPendingOneUnready() {
        ObjectNode missing = pod("epicurus", NOW.minusSeconds(180), null, null);
        ObjectNode pending = pod("unscheduled", null, null, null);
        pending.withObjectProperty("status").put("phase", "Pending");
        ReplicaCalculator.PodGroups g = CALC.group(List.of(missing, pending), Map.of(), "cpu", NOW);
        assertThat(g.missing()).containsExactly("epicurus");
        assertThat(g.unready()).containsExactly("unscheduled");
        assertThat(g.readyCount()).isZero();
        assertThat(g.ignored()).isEqualTo(Set.of());
    }

    ObjectNode pod(String json) throws Exception {
        return (ObjectNode) Json.parse(("{\"metadata\":{\"name\":\"p\"},\"spec\":" + json + "}").getBytes());
    }

    @Test
    void sumsContainersAndSidecarsButNotInitContainers() throws Exception {
        ObjectNode p = pod("""
                {"containers":[{"name":"a","resources":{"requests":{"cpu":"100m"}}},
                               {"name":"b","resources":{"requests":{"cpu":"0.2"}}}],
                 "initContainers":[{"name":"init","resources":{"requests":{"cpu":"1"}}},
                                   {"name":"sidecar","restartPolicy":"Always","resources":{"requests":{"cpu":"50m"}}}]}
                """);
        assertThat(ReplicaCalculator.requests(List.of(p), "", "cpu")).containsEntry("p", 350L);
        assertThat(ReplicaCalculator.requests(List.of(p), "b", "cpu")).containsEntry("p", 200L);
    }

    @Test
    void podLevelRequestsWinUnlessAContainerIsNamed() throws Exception {
        ObjectNode p = pod("""
                {"resources":{"requests":{"cpu":"1","memory":"1Gi"}},
                 "containers":[{"name":"a","resources":{"requests":{"cpu":"100m"}}},{"name":"b"}]}
                """);
        assertThat(ReplicaCalculator.requests(List.of(p), "", "cpu")).containsEntry("p", 1000L);
        assertThat(ReplicaCalculator.requests(List.of(p), "a", "cpu")).containsEntry("p", 100L);
        assertThatThrownBy(() -> ReplicaCalculator.requests(List.of(p), "", "ephemeral-storage"))
                .hasMessage("missing pod-level request for ephemeral-storage in Pod p");
    }

    @Test
    void aMissingContainerIsAnError() throws Exception {
        ObjectNode p = pod("{\"containers\":[{\"name\":\"a\",\"resources\":{\"requests\":{\"cpu\":\"1\"}}}]}");
        assertThatThrownBy(() -> ReplicaCalculator.requests(List.of(p), "web", "cpu"))
                .hasMessage("container web not found in Pod p");
        assertThatThrownBy(() -> ReplicaCalculator.requests(List.of(p), "", "memory"))
                .hasMessage("missing request for memory in container a of Pod p");
    }
}
