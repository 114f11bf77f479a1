package dev.tugboat.controllers.cronjob;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Controller;
import dev.tugboat.client.controller.Result;
import dev.tugboat.client.events.ApiEventRecorder;
import dev.tugboat.client.events.EventRecorder;
import dev.tugboat.client.informer.HandlerRegistration;
import dev.tugboat.client.informer.IndexFunction;
import dev.tugboat.client.informer.InformerFactory;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.informer.ResourceEventHandler;
import dev.tugboat.client.informer.SharedInformer;
import dev.tugboat.client.queue.WorkQueue;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.DeleteOptions;
import dev.tugboat.client.rest.PropagationPolicy;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.controllers.common.ControllerRefs;
import dev.tugboat.controllers.common.OwnerKind;
import dev.tugboat.controllers.job.Jobs;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The CronJob controller (upstream's cronjob_controllerv2). Handlers queue the CronJob of every change
 * to it or to one of its Jobs; {@link #sync} (1) trims the finished Jobs beyond the history limits,
 * (2) reconciles {@code status.active} with the Jobs that exist, (3) unless suspended or being deleted,
 * creates the Job of the most recent unmet schedule time as the concurrency policy allows, (4) writes the
 * status if it changed, and (5) asks to be woken at the next schedule time.
 */
public final class CronJobController implements AutoCloseable {

    static final GroupVersionResource CRONJOBS = new GroupVersionResource("batch", "v1", "cronjobs");
    static final GroupVersionResource JOBS = new GroupVersionResource("batch", "v1", "jobs");
    static final OwnerKind KIND = new OwnerKind("batch/v1", "CronJob");
    static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";
    private static final String BY_CONTROLLER = "cronjob-controller/controller-uid";
    /** Jobs by the uid of the CronJob that controls them. */
    private static final IndexFunction CONTROLLER_UID = job -> ControllerRefs.controllerOf(job)
            .filter(r -> KIND.kind().equals(r.path("kind").asText()))
            .map(r -> List.of(r.path("uid").asText())).orElse(List.of());
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private final Clock clock;
    private final CronJobControllerConfig config;
    private final ResourceClient cronJobs;
    private final ResourceClient jobs;
    private final InformerFactory informers;
    private final boolean ownsInformers;
    private final SharedInformer cronJobInformer;
    private final SharedInformer jobInformer;
    private final HandlerRegistration cronJobRegistration;
    private final HandlerRegistration jobRegistration;
    private final WorkQueue<ObjectKey> queue;
    private final ApiEventRecorder events;
    private final Controller<ObjectKey> controller;

    /** With informers of its own. */
    public CronJobController(ApiClient api, Clock clock, CronJobControllerConfig config) {
        this(api, clock, config, new InformerFactory(api, clock), true);
    }

    /** With the informers of a shared factory (which the caller starts and closes). */
    public CronJobController(ApiClient api, Clock clock, CronJobControllerConfig config, InformerFactory informers) {
        this(api, clock, config, informers, false);
    }

    private CronJobController(ApiClient api, Clock clock, CronJobControllerConfig config, InformerFactory informers,
                              boolean ownsInformers) {
        this.informers = informers;
        this.ownsInformers = ownsInformers;
        this.clock = clock;
        this.config = config;
        this.cronJobs = api.resource(CRONJOBS);
        this.jobs = api.resource(JOBS);
        this.cronJobInformer = informers.informer(CRONJOBS);
        this.jobInformer = informers.informer(JOBS);
        jobInformer.addIndex(BY_CONTROLLER, CONTROLLER_UID);
        this.queue = WorkQueue.withDefaultRateLimiter(clock);
        this.events = new ApiEventRecorder(api, clock, "cronjob-controller");
        this.cronJobRegistration = cronJobInformer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode obj, boolean initialList) {
                queue.add(ObjectKey.of(obj));
            }

            @Override
            public void onUpdate(ObjectNode oldObj, ObjectNode newObj) {
                queue.add(ObjectKey.of(newObj));
            }

            @Override
            public void onDelete(ObjectNode obj, boolean finalStateUnknown) {
                // Its Jobs go with it through the garbage collector.
            }
        });
        this.jobRegistration = jobInformer.addEventHandler(ResourceEventHandler.onAnyChange(this::enqueueOwner));
        this.controller = new Controller<>("cronjob-controller", queue, this::sync, config.workers(),
                List.of(cronJobRegistration::hasSynced, jobRegistration::hasSynced));
    }

    private void enqueueOwner(ObjectNode job) {
        ControllerRefs.controllerOf(job).filter(r -> KIND.kind().equals(r.path("kind").asText()))
                .ifPresent(r -> queue.add(new ObjectKey(Meta.namespace(job), r.path("name").asText())));
    }

    public void start() {
        if (ownsInformers) {
            informers.start();
        }
        controller.start();
    }

    /** True once CronJobs and Jobs are cached and the workers may run. */
    public boolean isSynced() {
        return cronJobRegistration.hasSynced() && jobRegistration.hasSynced();
    }

    @Override
    public void close() {
        controller.close();
        if (ownsInformers) {
            informers.close();
        }
        events.close();
    }

    // ------------------------------------------------------------------ sync

    private Result sync(ObjectKey key) {
        Optional<ObjectNode> cached = cronJobInformer.cache().get(key);
        if (cached.isEmpty()) {
            return Result.done();
        }
        ObjectNode cronJob = cached.get().deepCopy();
        String uid = Meta.uid(cronJob);
        List<ObjectNode> children = jobInformer.cache().byIndex(BY_CONTROLLER, uid).stream()
                .filter(j -> Meta.namespace(j).equals(key.namespace())).toList();
        if (children.stream().anyMatch(j -> !Jobs.isFinished(j) && !isActive(cached.get().path("status"), Meta.uid(j)))) {
            // A Job we may have just created: our status write may not have reached the cache yet.
            ObjectNode fresh = cronJobs.get(key.namespace(), key.name());
            if (!uid.equals(Meta.uid(fresh))) {
                return Result.done();
            }
            cronJob = fresh;
        }
        JsonNode before = cronJob.has("status") ? cronJob.get("status").deepCopy() : Json.object();
        cleanupFinishedJobs(cronJob, children);
        Optional<Duration> requeue = syncCronJob(cronJob, children);
        if (!before.equals(cronJob.path("status"))) {
            cronJobs.subresource("status").update(key.namespace(), cronJob);
        }
        return requeue.map(Result::requeueAfter).orElseGet(Result::done);
    }

    /** Steps 2 and 3; returns when to look again. Changes {@code cronJob}'s status in place. */
    private Optional<Duration> syncCronJob(ObjectNode cronJob, List<ObjectNode> children) {
        Instant now = clock.now();
        ObjectNode status = cronJob.withObjectProperty("status");
        reconcileActive(cronJob, status, children);
        if (Meta.isDeleting(cronJob)) {
            return Optional.empty();
        }
        JsonNode spec = cronJob.path("spec");
        Optional<ZoneId> zone = zone(cronJob);
        if (zone.isEmpty() || spec.path("suspend").asBoolean(false)) {
            return Optional.empty();
        }
        CronExpression schedule;
        try {
            schedule = CronExpression.parse(schedule(cronJob), zone.get());
        } catch (IllegalArgumentException e) {
            event(cronJob, EventRecorder.WARNING, "UnparseableSchedule",
                    "unparseable schedule: \"" + spec.path("schedule").asText() + "\" : " + e.getMessage());
            return Optional.empty();
        }
        Instant created = Timestamps.parse(Meta.creationTimestamp(cronJob)).orElse(now);
        Optional<Instant> lastSchedule = Jobs.timestamp(status.path("lastScheduleTime"));
        OptionalLong deadline = spec.hasNonNull("startingDeadlineSeconds")
                ? OptionalLong.of(spec.path("startingDeadlineSeconds").asLong()) : OptionalLong.empty();
        ScheduleTimes.MostRecent recent;
        try {
            recent = ScheduleTimes.mostRecent(created, lastSchedule, deadline, schedule, now);
        } catch (IllegalArgumentException e) {
            event(cronJob, EventRecorder.WARNING, "InvalidSchedule",
                    "invalid schedule: " + spec.path("schedule").asText() + " : " + e.getMessage());
            return Optional.empty();
        }
        Optional<Duration> next = nextWake(cronJob, schedule, now);
        if (recent.mostRecent().isEmpty()) {
            return next;
        }
        if (recent.missed() == ScheduleTimes.Missed.MANY) {
            event(cronJob, EventRecorder.WARNING, "TooManyMissedTimes",
                    "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
        }
        Instant scheduled = recent.mostRecent().get();
        if (deadline.isPresent() && scheduled.plusSeconds(deadline.getAsLong()).isBefore(now)) {
            event(cronJob, EventRecorder.WARNING, "MissSchedule", "Missed scheduled time to start a job: "
                    + DateTimeFormatter.RFC_1123_DATE_TIME.format(scheduled.atZone(ZoneId.of("UTC"))));
            return next;
        }
        String jobName = ScheduleTimes.jobName(Meta.name(cronJob), scheduled);
        boolean processed = activeRefs(status).stream().anyMatch(r -> jobName.equals(r.path("name").asText()))
                || lastSchedule.filter(scheduled::equals).isPresent();
        if (processed) {
            return next;
        }
        String policy = spec.path("concurrencyPolicy").asText("Allow");
        if ("Forbid".equals(policy) && !activeRefs(status).isEmpty()) {
            event(cronJob, EventRecorder.NORMAL, "JobAlreadyActive",
                    "Not starting job because prior execution is running and concurrency policy is Forbid");
            return next;
        }
        if ("Replace".equals(policy)) {
            for (JsonNode ref : activeRefs(status)) {
                deleteJob(cronJob, status, ref.path("name").asText(), ref.path("uid").asText());
            }
        }
        if (!createJob(cronJob, status, scheduled, jobName, zone.get())) {
            return Optional.empty();
        }
        status.put("lastScheduleTime", Timestamps.format(scheduled));
        return nextWake(cronJob, schedule, now);
    }

    private Optional<Duration> nextWake(ObjectNode cronJob, CronExpression schedule, Instant now) {
        Instant created = Timestamps.parse(Meta.creationTimestamp(cronJob)).orElse(now);
        return ScheduleTimes.untilNext(created, Jobs.timestamp(cronJob.path("status").path("lastScheduleTime")),
                schedule, now);
    }

    /** Drops finished and vanished Jobs from status.active and records the last successful time. */
    private void reconcileActive(ObjectNode cronJob, ObjectNode status, List<ObjectNode> children) {
        Set<String> childUids = new HashSet<>();
        for (ObjectNode job : children) {
            String uid = Meta.uid(job);
            childUids.add(uid);
            boolean active = isActive(status, uid);
            Optional<String> finished = Jobs.finishedType(job);
            if (!active && finished.isEmpty()) {
                // sync() has already looked at the server's copy of the CronJob.
                event(cronJob, EventRecorder.WARNING, "UnexpectedJob",
                        "Saw a job that the controller did not create or forgot: " + Meta.name(job));
            } else if (active && finished.isPresent()) {
                removeActive(status, uid);
                event(cronJob, EventRecorder.NORMAL, "SawCompletedJob",
                        "Saw completed job: " + Meta.name(job) + ", status: " + finished.get());
            }
            if (Jobs.isSucceeded(job)) {
                Optional<Instant> completed = Jobs.timestamp(job.path("status").path("completionTime"));
                Optional<Instant> last = Jobs.timestamp(status.path("lastSuccessfulTime"));
                if (completed.isPresent() && (last.isEmpty() || completed.get().isAfter(last.get()))) {
                    status.put("lastSuccessfulTime", Timestamps.format(completed.get()));
                }
            }
        }
        for (JsonNode ref : activeRefs(status)) {
            String uid = ref.path("uid").asText();
            if (childUids.contains(uid)) {
                continue;
            }
            // Missing from the cache: ask the server before believing it is gone.
            try {
                jobs.get(ref.path("namespace").asText(Meta.namespace(cronJob)), ref.path("name").asText());
            } catch (StatusException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
                event(cronJob, EventRecorder.NORMAL, "MissingJob", "Active job went missing: "
                        + ref.path("name").asText());
                removeActive(status, uid);
            }
        }
    }

    /** Step 1: deletes the oldest finished Jobs beyond the successful and failed history limits. */
    private void cleanupFinishedJobs(ObjectNode cronJob, List<ObjectNode> children) {
        JsonNode spec = cronJob.path("spec");
        List<ObjectNode> succeeded = new ArrayList<>();
        List<ObjectNode> failed = new ArrayList<>();
        for (ObjectNode job : children) {
            Jobs.finishedType(job).ifPresent(t -> (Jobs.COMPLETE.equals(t) ? succeeded : failed).add(job));
        }
        ObjectNode status = cronJob.withObjectProperty("status");
        if (spec.hasNonNull("successfulJobsHistoryLimit")) {
            removeOldestJobs(cronJob, status, succeeded, spec.path("successfulJobsHistoryLimit").asInt());
        }
        if (spec.hasNonNull("failedJobsHistoryLimit")) {
            removeOldestJobs(cronJob, status, failed, spec.path("failedJobsHistoryLimit").asInt());
        }
    }

    private void removeOldestJobs(ObjectNode cronJob, ObjectNode status, List<ObjectNode> finished, int keep) {
        int excess = finished.size() - keep;
        if (excess <= 0) {
            return;
        }
        // Oldest start first; jobs that never started sort last; ties by name.
        Comparator<ObjectNode> byStart = Comparator.comparing(
                (ObjectNode j) -> Jobs.timestamp(j.path("status").path("startTime")).orElse(Instant.MAX))
                .thenComparing(Meta::name);
        List<ObjectNode> sorted = new ArrayList<>(finished);
        sorted.sort(byStart);
        for (ObjectNode job : sorted.subList(0, excess)) {
            deleteJob(cronJob, status, Meta.name(job), Meta.uid(job));
        }
    }

    private void deleteJob(ObjectNode cronJob, ObjectNode status, String name, String uid) {
        try {
            jobs.delete(Meta.namespace(cronJob), name, DeleteOptions.propagation(PropagationPolicy.Background));
        } catch (StatusException e) {
            if (!e.isNotFound()) {
                event(cronJob, EventRecorder.WARNING, "FailedDelete", "Deleted job: " + e.getMessage());
                throw e;
            }
        }
        removeActive(status, uid);
        event(cronJob, EventRecorder.NORMAL, "SuccessfulDelete", "Deleted job " + name);
    }

    /** Creates the Job of {@code scheduled} and adds it to status.active; false when it is not ours. */
    private boolean createJob(ObjectNode cronJob, ObjectNode status, Instant scheduled, String name, ZoneId zone) {
        ObjectNode job = jobFromTemplate(cronJob, scheduled, name, zone);
        ObjectNode created;
        try {
            created = jobs.create(Meta.namespace(cronJob), job);
            event(cronJob, EventRecorder.NORMAL, "SuccessfulCreate", "Created job " + name);
        } catch (StatusException e) {
            if (!e.isAlreadyExists()) {
                event(cronJob, EventRecorder.WARNING, "FailedCreate", "Error creating job: " + e.getMessage());
                throw e;
            }
            // Created before (by us, before a crash or a stale cache); adopt it into the status if it is ours.
            created = jobs.get(Meta.namespace(cronJob), name);
            if (!ControllerRefs.isControlledBy(created, Meta.uid(cronJob))) {
                return false;
            }
            if (isActive(status, Meta.uid(created))) {
                return false;
            }
        }
        ArrayNode active = status.has("active") && status.get("active").isArray()
                ? (ArrayNode) status.get("active") : status.putArray("active");
        active.addObject().put("kind", "Job").put("namespace", Meta.namespace(created)).put("name", Meta.name(created))
                .put("uid", Meta.uid(created)).put("apiVersion", "batch/v1")
                .put("resourceVersion", Meta.resourceVersion(created));
        return true;
    }

    /** upstream's getJobFromTemplate2: the template's labels, annotations and spec, a fixed name, the owner. */
    static ObjectNode jobFromTemplate(ObjectNode cronJob, Instant scheduled, String name, ZoneId zone) {
        JsonNode template = cronJob.path("spec").path("jobTemplate");
        ObjectNode job = Json.object();
        job.put("apiVersion", "batch/v1").put("kind", "Job");
        ObjectNode meta = job.putObject("metadata");
        meta.put("name", name);
        JsonNode tmeta = template.path("metadata");
        if (tmeta.has("labels")) {
            meta.set("labels", tmeta.get("labels").deepCopy());
        }
        ObjectNode annotations = tmeta.path("annotations").isObject()
                ? ((ObjectNode) tmeta.get("annotations")).deepCopy() : Json.object();
        annotations.put(SCHEDULED_TIMESTAMP, RFC3339.format(scheduled.atZone(zone)));
        meta.set("annotations", annotations);
        meta.putArray("ownerReferences").add(KIND.controllerRef(cronJob));
        job.set("spec", template.path("spec").deepCopy());
        return job;
    }

    /** The zone of spec.timeZone (the controller's own without it); empty, with an event, if unknown. */
    private Optional<ZoneId> zone(ObjectNode cronJob) {
        JsonNode tz = cronJob.path("spec").path("timeZone");
        if (!tz.isTextual()) {
            return Optional.of(config.localZone());
        }
        String name = tz.asText();
        try {
            if (name.isEmpty() || name.equals("UTC")) {
                return Optional.of(ZoneId.of("UTC"));
            }
            if (ZoneId.getAvailableZoneIds().contains(name)) {
                return Optional.of(ZoneId.of(name));
            }
        } catch (DateTimeException e) {
            // reported below
        }
        event(cronJob, EventRecorder.WARNING, "UnknownTimeZone",
                "invalid timeZone: \"" + name + "\": unknown time zone " + name);
        return Optional.empty();
    }

    /** The schedule text; a TZ in it wins over spec.timeZone (and earns a warning), as upstream. */
    private String schedule(ObjectNode cronJob) {
        String schedule = cronJob.path("spec").path("schedule").asText();
        if (schedule.contains("TZ")) {
            event(cronJob, EventRecorder.WARNING, "UnsupportedSchedule", "CRON_TZ or TZ used in schedule \""
                    + schedule + "\" is not officially supported, see "
                    + "https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details");
        }
        return schedule;
    }

    private static List<JsonNode> activeRefs(JsonNode status) {
        List<JsonNode> refs = new ArrayList<>();
        status.path("active").forEach(refs::add);
        return refs;
    }

    private static boolean isActive(JsonNode status, String uid) {
        return activeRefs(status).stream().anyMatch(r -> uid.equals(r.path("uid").asText()));
    }

    private static void removeActive(ObjectNode status, String uid) {
        if (!(status.get("active") instanceof ArrayNode active)) {
            return;
        }
        for (int i = active.size() - 1; i >= 0; i--) {
            if (uid.equals(active.get(i).path("uid").asText())) {
                active.remove(i);
            }
        }
        if (active.isEmpty()) {
            status.remove("active");
        }
    }

    private void event(ObjectNode cronJob, String type, String reason, String message) {
        events.record(KIND.eventRef(cronJob), type, reason, message);
    }
}
