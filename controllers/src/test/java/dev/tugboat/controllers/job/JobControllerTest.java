package dev.tugboat.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import dev.tugboat.controllers.Objects;
import dev.tugboat.controllers.garbagecollector.GarbageCollector;
import dev.tugboat.controllers.garbagecollector.GarbageCollectorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Job and TTL-after-finished controllers (with the garbage collector) against a real API server.
 * No kubelet runs: the test finishes pods itself by writing their status.
 */
class JobControllerTest {

    static final GroupVersionResource EVENTS = new GroupVersionResource("", "v1", "events");
    static TestApiServer server;
    static JobController jobController;
    static TtlAfterFinishedController ttl;
    static GarbageCollector gc;
    static ResourceClient jobs;
    static ResourceClient pods;
    static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        jobController = new JobController(server.newClient("job-controller"), SystemClock.INSTANCE,
                JobControllerConfig.defaults().withSyncBatchPeriod(Duration.ZERO)
                        .withPodFailureBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)));
        ttl = new TtlAfterFinishedController(server.newClient("ttl-after-finished-controller"),
                SystemClock.INSTANCE, TtlAfterFinishedConfig.defaults());
        gc = new GarbageCollector(server.newClient("garbage-collector"), SystemClock.INSTANCE,
                GarbageCollectorConfig.defaults().withDiscoveryPeriod(Duration.ofSeconds(5)));
        jobController.start();
        ttl.start();
        gc.start();
        Poll.until("the controllers synced", () -> jobController.isSynced() && ttl.isSynced() && gc.isSynced());
        jobs = server.client().resource(JobController.JOBS);
        pods = server.client().resource(Objects.PODS);
    }

    @AfterAll
    static void stop() {
        gc.close();
        ttl.close();
        jobController.close();
        server.close();
    }

    static String namespace() {
        String ns = "job" + SEQ.incrementAndGet();
        Objects.namespace(server.client(), ns);
        return ns;
    }

    static ObjectNode job(String name, Integer completions, int parallelism) {
        ObjectNode job = Objects.named("batch/v1", "Job", name);
        ObjectNode spec = job.putObject("spec").put("parallelism", parallelism);
        if (completions != null) {
            spec.put("completions", completions);
        }
        ObjectNode podSpec = spec.putObject("template").putObject("spec").put("restartPolicy", "Never");
        podSpec.putArray("containers").addObject().put("name", "work").put("image", "busybox");
        return job;
    }

    static List<ObjectNode> podsOf(String ns) {
        return pods.list(ns, ListOptions.ALL).items();
    }

    static List<ObjectNode> runningPods(String ns) {
        return podsOf(ns).stream().filter(p -> !Meta.isDeleting(p)
                && !Set.of("Succeeded", "Failed").contains(p.path("status").path("phase").asText())).toList();
    }

    /** What a kubelet would write when the pod's only container exits. */
    static void finishPod(String ns, String name, boolean success) {
        Instant now = Instant.now();
        pods.subresource("status").modify(ns, name, pod -> {
            ObjectNode status = pod.withObjectProperty("status");
            status.put("phase", success ? "Succeeded" : "Failed");
            ObjectNode cs = status.putArray("containerStatuses").addObject();
            cs.put("name", "work").put("image", "busybox").put("imageID", "").put("ready", false)
                    .put("restartCount", 0);
            cs.putObject("state").putObject("terminated").put("exitCode", success ? 0 : 1)
                    .put("reason", success ? "Completed" : "Error")
                    .put("startedAt", Timestamps.format(now.minusSeconds(1)))
                    .put("finishedAt", Timestamps.format(now));
            return pod;
        });
    }

    static JsonNode status(String ns, String name) {
        return jobs.get(ns, name).path("status");
    }

    static Map<String, JsonNode> conditions(JsonNode status) {
        return java.util.stream.StreamSupport.stream(status.path("conditions").spliterator(), false)
                .collect(Collectors.toMap(c -> c.path("type").asText(), c -> c));
    }

    static boolean hasTrueCondition(String ns, String name, String type) {
        JsonNode c = conditions(status(ns, name)).get(type);
        return c != null && "True".equals(c.path("status").asText());
    }

    static boolean hasEvent(String ns, String reason, String message) {
        for (JsonNode e : server.client().resource(EVENTS).list(ns, ListOptions.ALL).items()) {
            if (reason.equals(e.path("reason").asText()) && message.equals(e.path("message").asText())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void fiveCompletionsTwoAtATimeNeverRunMoreThanTwoAndComplete() {
        String ns = namespace();
        ObjectNode created = jobs.create(ns, job("five", 5, 2));
        int finished = 0;
        int maxRunning = 0;
        while (finished < 5) {
            int want = Math.min(5 - finished, 2);
            Poll.until(want + " running pods", () -> runningPods(ns).size() >= want);
            List<ObjectNode> running = runningPods(ns);
            maxRunning = Math.max(maxRunning, running.size());
            assertThat(running).hasSizeLessThanOrEqualTo(2);
            ObjectNode pod = running.get(0);
            assertThat(Meta.labels(pod)).containsEntry("batch.kubernetes.io/job-name", "five")
                    .containsEntry("batch.kubernetes.io/controller-uid", Meta.uid(created));
            assertThat(Meta.finalizers(pod)).contains("batch.kubernetes.io/job-tracking");
            assertThat(pod.path("metadata").path("ownerReferences").get(0).path("uid").asText())
                    .isEqualTo(Meta.uid(created));
            finishPod(ns, Meta.name(pod), true);
            if (finished == 2) {
                // A finished pod deleted before the controller counted it still counts: its finalizer holds it.
                pods.delete(ns, Meta.name(pod));
            }
            finished++;
        }
        assertThat(maxRunning).isEqualTo(2);
        Poll.until("the job is complete", () -> hasTrueCondition(ns, "five", "Complete"));
        JsonNode st = status(ns, "five");
        assertThat(st.path("succeeded").asInt()).isEqualTo(5);
        assertThat(st.path("failed").asInt()).isZero();
        assertThat(st.has("active")).isFalse();
        assertThat(st.path("ready").asInt()).isZero();
        assertThat(st.path("completionTime").isTextual()).isTrue();
        assertThat(st.path("startTime").isTextual()).isTrue();
        assertThat(conditions(st)).containsKeys("SuccessCriteriaMet", "Complete");
        assertThat(st.path("uncountedTerminatedPods").size()).isZero();
        assertThat(podsOf(ns)).as(() -> podsOf(ns).stream().map(p -> Meta.name(p) + " " + p.path("status")
                .path("phase") + " " + Meta.deletionTimestamp(p) + " " + Meta.finalizers(p)).toList().toString())
                .hasSize(4).allSatisfy(p -> assertThat(Meta.finalizers(p)).isEmpty());
        Poll.until("Completed and SuccessfulCreate events", () -> hasEvent(ns, "Completed", "Job completed")
                && hasEvent(ns, "SuccessfulCreate", "Created pod: " + Meta.name(podsOf(ns).get(0))));
    }

    @Test
    void exceedingTheBackoffLimitFailsTheJob() {
        String ns = namespace();
        ObjectNode job = job("flaky", 1, 1);
        job.withObjectProperty("spec").put("backoffLimit", 1);
        jobs.create(ns, job);
        for (int i = 0; i < 2; i++) {
            ObjectNode pod = Poll.value("a running pod", () -> runningPods(ns).stream().findFirst().orElse(null));
            finishPod(ns, Meta.name(pod), false);
        }
        Poll.until("the job failed", () -> hasTrueCondition(ns, "flaky", "Failed"));
        JsonNode st = status(ns, "flaky");
        assertThat(st.path("failed").asInt()).isEqualTo(2);
        assertThat(conditions(st).get("Failed").path("reason").asText()).isEqualTo("BackoffLimitExceeded");
        assertThat(conditions(st).get("FailureTarget").path("reason").asText()).isEqualTo("BackoffLimitExceeded");
        assertThat(st.has("completionTime")).isFalse();
        assertThat(runningPods(ns)).isEmpty();
        Poll.until("a BackoffLimitExceeded event", () -> hasEvent(ns, "BackoffLimitExceeded",
                "Job has reached the specified backoff limit"));
    }

    @Test
    void indexedJobsRunOnePodPerIndexAndReportCompletedIndexes() {
        String ns = namespace();
        ObjectNode job = job("idx", 3, 3);
        job.withObjectProperty("spec").put("completionMode", "Indexed");
        jobs.create(ns, job);
        Poll.until("three pods", () -> runningPods(ns).size() == 3);
        Map<String, ObjectNode> byIndex = runningPods(ns).stream().collect(Collectors.toMap(
                p -> Meta.annotations(p).get("batch.kubernetes.io/job-completion-index"), p -> p));
        assertThat(byIndex).containsOnlyKeys("0", "1", "2");
        ObjectNode pod1 = byIndex.get("1");
        assertThat(Meta.labels(pod1)).containsEntry("batch.kubernetes.io/job-completion-index", "1");
        assertThat(pod1.path("spec").path("hostname").asText()).isEqualTo("idx-1");
        assertThat(Meta.name(pod1)).startsWith("idx-1-");
        assertThat(pod1.path("spec").path("containers").get(0).path("env").get(0).path("name").asText())
                .isEqualTo("JOB_COMPLETION_INDEX");

        finishPod(ns, Meta.name(byIndex.get("0")), true);
        finishPod(ns, Meta.name(byIndex.get("2")), true);
        Poll.until("indexes 0 and 2 completed", () -> status(ns, "idx").path("completedIndexes").asText().equals("0,2"));
        // A failed index is run again by a new pod with the same index.
        finishPod(ns, Meta.name(byIndex.get("1")), false);
        ObjectNode retry = Poll.value("a new pod for index 1", () -> runningPods(ns).stream().findFirst().orElse(null));
        assertThat(Meta.annotations(retry)).containsEntry("batch.kubernetes.io/job-completion-index", "1");
        finishPod(ns, Meta.name(retry), true);
        Poll.until("the job is complete", () -> hasTrueCondition(ns, "idx", "Complete"));
        JsonNode st = status(ns, "idx");
        assertThat(st.path("completedIndexes").asText()).isEqualTo("0-2");
        assertThat(st.path("succeeded").asInt()).isEqualTo(3);
        assertThat(st.path("failed").asInt()).isEqualTo(1);
    }

    @Test
    void passingTheActiveDeadlineFailsTheJobAndDeletesItsPods() {
        String ns = namespace();
        ObjectNode job = job("slow", 1, 2);
        job.withObjectProperty("spec").put("activeDeadlineSeconds", 1);
        jobs.create(ns, job);
        Poll.until("the job failed", () -> hasTrueCondition(ns, "slow", "Failed"));
        JsonNode st = status(ns, "slow");
        assertThat(conditions(st).get("Failed").path("reason").asText()).isEqualTo("DeadlineExceeded");
        assertThat(conditions(st).get("Failed").path("message").asText())
                .isEqualTo("Job was active longer than specified deadline");
        Poll.until("its pods are gone", () -> podsOf(ns).isEmpty());
        assertThat(status(ns, "slow").path("failed").asInt()).isEqualTo(1);
        Poll.until("a DeadlineExceeded event", () -> hasEvent(ns, "DeadlineExceeded",
                "Job was active longer than specified deadline"));
    }

    @Test
    void aSuspendedJobRunsNothingUntilResumed() {
        String ns = namespace();
        ObjectNode job = job("later", 2, 2);
        job.withObjectProperty("spec").put("suspend", true);
        jobs.create(ns, job);
        Poll.until("the Suspended condition", () -> hasTrueCondition(ns, "later", "Suspended"));
        assertThat(podsOf(ns)).isEmpty();
        assertThat(status(ns, "later").has("startTime")).isFalse();
        jobs.modify(ns, "later", j -> {
            j.withObjectProperty("spec").put("suspend", false);
            return j;
        });
        Poll.until("two pods after resuming", () -> runningPods(ns).size() == 2);
        Poll.until("the Suspended condition is False", () -> {
            JsonNode c = conditions(status(ns, "later")).get("Suspended");
            return c != null && "False".equals(c.path("status").asText())
                    && "JobResumed".equals(c.path("reason").asText());
        });
        Poll.until("Suspended and Resumed events", () -> hasEvent(ns, "Suspended", "Job suspended")
                && hasEvent(ns, "Resumed", "Job resumed"));
        // Suspending again deletes the running pods.
        jobs.modify(ns, "later", j -> {
            j.withObjectProperty("spec").put("suspend", true);
            return j;
        });
        Poll.until("no pods left", () -> podsOf(ns).isEmpty());
        Poll.until("no active pods counted", () -> !status(ns, "later").has("active"));
    }

    @Test
    void aFinishedJobIsDeletedAfterItsTtl() {
        String ns = namespace();
        ObjectNode job = job("brief", 1, 1);
        job.withObjectProperty("spec").put("ttlSecondsAfterFinished", 1);
        jobs.create(ns, job);
        ObjectNode pod = Poll.value("a running pod", () -> runningPods(ns).stream().findFirst().orElse(null));
        finishPod(ns, Meta.name(pod), true);
        Poll.until("the job is complete", () -> hasTrueCondition(ns, "brief", "Complete"));
        Poll.until("the job and its pod are deleted",
                () -> !Objects.exists(jobs, ns, "brief") && podsOf(ns).isEmpty());
    }

    @Test
    void aWorkQueueJobCompletesWhenOnePodSucceededAndTheRestFinished() {
        String ns = namespace();
        jobs.create(ns, job("queue", null, 3));
        Poll.until("three pods", () -> runningPods(ns).size() == 3);
        List<ObjectNode> running = runningPods(ns);
        finishPod(ns, Meta.name(running.get(0)), true);
        Poll.until("no replacement, still two active", () -> status(ns, "queue").path("active").asInt() == 2
                && status(ns, "queue").path("succeeded").asInt() == 1);
        assertThat(hasTrueCondition(ns, "queue", "Complete")).isFalse();
        finishPod(ns, Meta.name(running.get(1)), true);
        finishPod(ns, Meta.name(running.get(2)), true);
        Poll.until("the job is complete", () -> hasTrueCondition(ns, "queue", "Complete"));
        assertThat(status(ns, "queue").path("succeeded").asInt()).isEqualTo(3);
        Set<String> names = new TreeSet<>();
        podsOf(ns).forEach(p -> names.add(Meta.name(p)));
        assertThat(names).hasSize(3);
    }

    @Test
    void aSettledJobMakesNoWrites() throws InterruptedException {
        String ns = namespace();
        jobs.create(ns, job("steady", 4, 2));
        Poll.until("two active pods counted", () -> runningPods(ns).size() == 2
                && status(ns, "steady").path("active").asInt() == 2);
        String running = Meta.resourceVersion(jobs.get(ns, "steady"));
        Thread.sleep(1000); // nothing to wait for: this checks that nothing happens
        assertThat(Meta.resourceVersion(jobs.get(ns, "steady"))).isEqualTo(running);
        assertThat(runningPods(ns)).hasSize(2);

        runningPods(ns).forEach(p -> finishPod(ns, Meta.name(p), true));
        Poll.until("two more pods", () -> runningPods(ns).size() == 2);
        runningPods(ns).forEach(p -> finishPod(ns, Meta.name(p), true));
        Poll.until("the job is complete", () -> hasTrueCondition(ns, "steady", "Complete"));
        String done = Meta.resourceVersion(jobs.get(ns, "steady"));
        List<String> podVersions = podsOf(ns).stream().map(Meta::resourceVersion).sorted().toList();
        Thread.sleep(1000);
        assertThat(Meta.resourceVersion(jobs.get(ns, "steady"))).isEqualTo(done);
        assertThat(podsOf(ns).stream().map(Meta::resourceVersion).sorted().toList()).isEqualTo(podVersions);
    }
}
