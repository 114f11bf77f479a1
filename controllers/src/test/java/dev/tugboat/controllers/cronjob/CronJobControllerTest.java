package dev.tugboat.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.client.clock.FakeClock;
import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.testing.Poll;
import dev.tugboat.client.testing.TestApiServer;
import dev.tugboat.controllers.Objects;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CronJob controller against a real API server, on a fake clock that the test moves (so no test
 * waits a real minute). No Job controller runs: the test finishes Jobs by writing their status.
 */
class CronJobControllerTest {

    static final GroupVersionResource EVENTS = new GroupVersionResource("", "v1", "events");
    static TestApiServer server;
    static FakeClock clock;
    static CronJobController controller;
    static ResourceClient cronJobs;
    static ResourceClient jobs;
    static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        // The server stamps creation times with the real clock; start the fake one there.
        clock = new FakeClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        controller = new CronJobController(server.newClient("cronjob-controller"), clock,
                CronJobControllerConfig.defaults());
        controller.start();
        Poll.until("the controller synced", controller::isSynced);
        cronJobs = server.client().resource(CronJobController.CRONJOBS);
        jobs = server.client().resource(CronJobController.JOBS);
    }

    @AfterAll
    static void stop() {
        controller.close();
        server.close();
    }

    static String namespace() {
        String ns = "cj" + SEQ.incrementAndGet();
        Objects.namespace(server.client(), ns);
        return ns;
    }

    static ObjectNode cronJob(String name, String schedule, String policy) {
        ObjectNode cj = Objects.named("batch/v1", "CronJob", name);
        ObjectNode spec = cj.putObject("spec").put("schedule", schedule).put("concurrencyPolicy", policy);
        ObjectNode jobTemplate = spec.putObject("jobTemplate");
        jobTemplate.putObject("metadata").putObject("labels").put("app", name);
        ObjectNode podSpec = jobTemplate.putObject("spec").putObject("template").putObject("spec")
                .put("restartPolicy", "Never");
        podSpec.putArray("containers").addObject().put("name", "c").put("image", "busybox");
        return cj;
    }

    /** Moves the fake clock a second at a time (letting the controller work) until {@code done} holds. */
    static void advanceUntil(String what, Duration max, BooleanSupplier done) {
        Instant limit = clock.now().plus(max);
        while (!done.getAsBoolean()) {
            assertThat(clock.now()).as("fake time ran out waiting for: " + what).isBefore(limit);
            clock.advance(Duration.ofSeconds(1));
            try {
                Thread.sleep(15);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d); // only where the test checks that nothing happens
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static List<ObjectNode> jobsOf(String ns) {
        return jobs.list(ns, ListOptions.ALL).items();
    }

    static List<String> jobNames(String ns) {
        return jobsOf(ns).stream().map(Meta::name).sorted().toList();
    }

    static boolean hasEvent(String ns, String reason, String message) {
        for (JsonNode e : server.client().resource(EVENTS).list(ns, ListOptions.ALL).items()) {
            if (reason.equals(e.path("reason").asText()) && e.path("message").asText().equals(message)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits for a CronJob's first Job and returns its schedule time. The fake clock runs ahead of the
     * server's (which stamps creation times), so that may be a time already missed at creation.
     */
    static Instant firstJob(String ns) {
        advanceUntil("the first job", Duration.ofMinutes(2), () -> !jobsOf(ns).isEmpty());
        ObjectNode job = jobsOf(ns).get(0);
        return Instant.parse(Meta.annotations(job).get(CronJobController.SCHEDULED_TIMESTAMP));
    }

    static String jobName(String cj, Instant t) {
        return cj + "-" + t.getEpochSecond() / 60;
    }

    /** Writes a finished status on a Job, as the Job controller would. */
    static void finish(String ns, String name, String type, Instant start) {
        jobs.subresource("status").modify(ns, name, job -> {
            ObjectNode status = job.withObjectProperty("status");
            status.put("startTime", Timestamps.format(start));
            if (type.equals("Complete")) {
                status.put("completionTime", Timestamps.format(start.plusSeconds(5)));
                status.put("succeeded", 1);
            } else {
                status.put("failed", 1);
            }
            status.putArray("conditions").addObject().put("type", type).put("status", "True")
                    .put("lastProbeTime", Timestamps.format(start.plusSeconds(5)))
                    .put("lastTransitionTime", Timestamps.format(start.plusSeconds(5)));
            return job;
        });
    }

    @Test
    void aCronJobCreatesAJobAtEveryScheduleTime() {
        String ns = namespace();
        cronJobs.create(ns, cronJob("tick", "*/1 * * * *", "Allow"));
        Instant first = firstJob(ns);
        assertThat(jobNames(ns)).containsExactly(jobName("tick", first));
        ObjectNode job = jobs.get(ns, jobName("tick", first));
        assertThat(Meta.annotations(job)).containsEntry(CronJobController.SCHEDULED_TIMESTAMP,
                Timestamps.format(first));
        assertThat(Meta.labels(job)).containsEntry("app", "tick");
        assertThat(job.path("metadata").path("ownerReferences").get(0).path("kind").asText()).isEqualTo("CronJob");
        Poll.until("the cronjob's status lists the job", () -> {
            JsonNode st = cronJobs.get(ns, "tick").path("status");
            return st.path("active").size() == 1
                    && st.path("lastScheduleTime").asText().equals(Timestamps.format(first));
        });
        Poll.until("a SuccessfulCreate event", () -> hasEvent(ns, "SuccessfulCreate",
                "Created job " + jobName("tick", first)));
        // Settled until the next schedule time: no writes.
        String settled = Meta.resourceVersion(cronJobs.get(ns, "tick"));
        sleep(Duration.ofMillis(500));
        assertThat(Meta.resourceVersion(cronJobs.get(ns, "tick"))).isEqualTo(settled);
        assertThat(hasEvent(ns, "UnexpectedJob", "Saw a job that the controller did not create or forgot: "
                + jobName("tick", first))).isFalse();

        Instant second = first.plus(Duration.ofMinutes(1));
        advanceUntil("the second job", Duration.ofMinutes(2), () -> jobsOf(ns).size() == 2);
        assertThat(jobNames(ns)).containsExactly(jobName("tick", first), jobName("tick", second));
        Poll.until("both are active", () -> cronJobs.get(ns, "tick").path("status").path("active").size() == 2);

        finish(ns, jobName("tick", first), "Complete", first);
        Poll.until("the finished job leaves status.active and sets lastSuccessfulTime", () -> {
            JsonNode st = cronJobs.get(ns, "tick").path("status");
            return st.path("active").size() == 1
                    && st.path("lastSuccessfulTime").asText().equals(Timestamps.format(first.plusSeconds(5)));
        });
        Poll.until("a SawCompletedJob event", () -> hasEvent(ns, "SawCompletedJob",
                "Saw completed job: " + jobName("tick", first) + ", status: Complete"));
        cronJobs.delete(ns, "tick");
    }

    @Test
    void forbidWaitsForTheRunningJob() {
        String ns = namespace();
        cronJobs.create(ns, cronJob("lonely", "*/1 * * * *", "Forbid"));
        Instant first = firstJob(ns);
        Poll.until("it is active", () -> cronJobs.get(ns, "lonely").path("status").path("active").size() == 1);
        advanceUntil("the next schedule time has passed", Duration.ofMinutes(2),
                () -> !clock.now().isBefore(first.plus(Duration.ofSeconds(70))));
        Poll.until("a JobAlreadyActive event", () -> hasEvent(ns, "JobAlreadyActive",
                "Not starting job because prior execution is running and concurrency policy is Forbid"));
        assertThat(jobNames(ns)).containsExactly(jobName("lonely", first));

        finish(ns, jobName("lonely", first), "Complete", first);
        // The missed time is started late once the running job is done (no startingDeadlineSeconds).
        Poll.until("the next job starts", () -> jobsOf(ns).size() == 2);
        assertThat(jobNames(ns)).contains(jobName("lonely", first.plus(Duration.ofMinutes(1))));
        cronJobs.delete(ns, "lonely");
    }

    @Test
    void replaceDeletesTheRunningJob() {
        String ns = namespace();
        cronJobs.create(ns, cronJob("fresh", "*/1 * * * *", "Replace"));
        Instant first = firstJob(ns);
        Poll.until("it is active", () -> cronJobs.get(ns, "fresh").path("status").path("active").size() == 1);
        Instant second = first.plus(Duration.ofMinutes(1));
        advanceUntil("the second job replaced the first", Duration.ofMinutes(2),
                () -> jobNames(ns).equals(List.of(jobName("fresh", second))));
        Poll.until("a SuccessfulDelete event", () -> hasEvent(ns, "SuccessfulDelete",
                "Deleted job " + jobName("fresh", first)));
        Poll.until("only the new job is active", () -> {
            JsonNode active = cronJobs.get(ns, "fresh").path("status").path("active");
            return active.size() == 1 && active.get(0).path("name").asText().equals(jobName("fresh", second));
        });
        cronJobs.delete(ns, "fresh");
    }

    @Test
    void finishedJobsBeyondTheHistoryLimitsAreDeletedOldestFirst() {
        String ns = namespace();
        ObjectNode cj = cronJob("history", "0 0 1 1 *", "Allow");
        cj.withObjectProperty("spec").put("suspend", true).put("successfulJobsHistoryLimit", 2).put("failedJobsHistoryLimit", 1);
        ObjectNode created = cronJobs.create(ns, cj);
        Instant base = clock.now().minus(Duration.ofHours(1));
        String[] names = {"history-1", "history-2", "history-3", "history-4", "history-5"};
        for (int i = 0; i < names.length; i++) {
            ObjectNode job = CronJobController.jobFromTemplate(created, base, names[i], java.time.ZoneId.of("UTC"));
            jobs.create(ns, job);
            finish(ns, names[i], i < 3 ? "Complete" : "Failed", base.plus(Duration.ofMinutes(i)));
        }
        // Nudge the controller (a change to the CronJob), though the job events already queued it.
        cronJobs.modify(ns, "history", o -> {
            Meta.mutableMetadata(o).withObjectProperty("labels").put("nudge", "1");
            return o;
        });
        Poll.until("the oldest finished jobs are gone",
                () -> jobNames(ns).equals(List.of("history-2", "history-3", "history-5")));
        Poll.until("SuccessfulDelete events", () -> hasEvent(ns, "SuccessfulDelete", "Deleted job history-1")
                && hasEvent(ns, "SuccessfulDelete", "Deleted job history-4"));
        assertThat(cronJobs.get(ns, "history").path("status").path("lastSuccessfulTime").asText())
                .isEqualTo(Timestamps.format(base.plus(Duration.ofMinutes(2)).plusSeconds(5)));
    }

    @Test
    void aSuspendedCronJobCreatesNothing() {
        String ns = namespace();
        ObjectNode cj = cronJob("sleepy", "*/1 * * * *", "Allow");
        cj.withObjectProperty("spec").put("suspend", true);
        cronJobs.create(ns, cj);
        Instant until = clock.now().plus(Duration.ofSeconds(130));
        advanceUntil("two schedule times passed", Duration.ofMinutes(3), () -> !clock.now().isBefore(until));
        assertThat(jobsOf(ns)).isEmpty();
        cronJobs.modify(ns, "sleepy", o -> {
            o.withObjectProperty("spec").put("suspend", false);
            return o;
        });
        // Resumed: the most recent missed time is started.
        Poll.until("a job after resuming", () -> jobsOf(ns).size() == 1);
        cronJobs.delete(ns, "sleepy");
    }
}
