package dev.tugboat.controllers.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.labels.LabelSelector;
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
import dev.tugboat.client.rest.PatchType;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.controllers.common.ControllerRefManager;
import dev.tugboat.controllers.common.ControllerRefs;
import dev.tugboat.controllers.common.Expectations;
import dev.tugboat.controllers.common.PodControl;
import dev.tugboat.controllers.common.Pods;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Job controller (upstream's pkg/controller/job): runs a Job's pods to completion.
 *
 * <p>Pods carry the {@code batch.kubernetes.io/job-tracking} finalizer, so a finished pod is counted
 * even if it is deleted: the controller first records it in {@code status.uncountedTerminatedPods},
 * then removes its finalizer, then moves it into the {@code succeeded}/{@code failed} counters. A Job
 * that meets its completions first gets {@code SuccessCriteriaMet} (one that fails, {@code FailureTarget}),
 * and {@code Complete} ({@code Failed}) once none of its pods is left running or uncounted, as upstream
 * since 1.31. A second queue removes the finalizer from pods whose Job is gone.
 */
public final class JobController implements AutoCloseable {

    static final GroupVersionResource JOBS = new GroupVersionResource("batch", "v1", "jobs");
    private static final String BY_JOB_UID = "job-controller/job-uid";
    private static final IndexFunction JOB_UID = pod -> jobRef(pod).map(r -> List.of(r.path("uid").asText()))
            .orElse(List.of());
    /** Upstream's MaxUncountedPods: keeps status.uncountedTerminatedPods under about 20 KB. */
    private static final int MAX_UNCOUNTED = 500;
    /** Upstream's MaxPodCreateDeletePerSync. */
    private static final int MAX_CREATE_DELETE = 500;

    private final Clock clock;
    private final JobControllerConfig config;
    private final ResourceClient jobs;
    private final ResourceClient jobStatus;
    private final ResourceClient pods;
    private final InformerFactory informers;
    private final boolean ownsInformers;
    private final SharedInformer jobInformer;
    private final SharedInformer podInformer;
    private final HandlerRegistration jobRegistration;
    private final HandlerRegistration podRegistration;
    private final WorkQueue<ObjectKey> queue;
    private final WorkQueue<ObjectKey> orphanQueue;
    private final ApiEventRecorder events;
    private final PodControl podControl;
    private final Expectations<ObjectKey> expectations;
    /** Per Job: uids of pods whose finalizer removal was sent but not yet seen in the cache. */
    private final Map<ObjectKey, Set<String>> expectedFinalizerRemovals = new ConcurrentHashMap<>();
    private final Map<ObjectKey, PodFailureBackoff> backoffs = new ConcurrentHashMap<>();
    /**
     * Per Job: the object our last status write returned, until the cache has caught up with it. A sync
     * on a cached Job older than our own write would count the pods whose finalizers that write's sync
     * removed neither as pods nor in the counters, and replace them.
     */
    private final Map<ObjectKey, ObjectNode> lastWritten = new ConcurrentHashMap<>();
    private final Controller<ObjectKey> controller;
    private final Controller<ObjectKey> orphanController;

    /** With informers of its own. */
    public JobController(ApiClient api, Clock clock, JobControllerConfig config) {
        this(api, clock, config, new InformerFactory(api, clock), true);
    }

    /** With the informers of a shared factory (which the caller starts and closes). */
    public JobController(ApiClient api, Clock clock, JobControllerConfig config, InformerFactory informers) {
        this(api, clock, config, informers, false);
    }

    private JobController(ApiClient api, Clock clock, JobControllerConfig config, InformerFactory informers,
                          boolean ownsInformers) {
        this.clock = clock;
        this.config = config;
        this.jobs = api.resource(JOBS);
        this.jobStatus = jobs.subresource("status");
        this.pods = api.resource(PodControl.PODS);
        this.informers = informers;
        this.ownsInformers = ownsInformers;
        this.jobInformer = informers.informer(JOBS);
        this.podInformer = informers.informer(PodControl.PODS);
        podInformer.addIndex(BY_JOB_UID, JOB_UID);
        this.queue = WorkQueue.withDefaultRateLimiter(clock);
        this.orphanQueue = WorkQueue.withDefaultRateLimiter(clock);
        this.events = new ApiEventRecorder(api, clock, "job-controller");
        this.podControl = new PodControl(api, events);
        this.expectations = new Expectations<>(clock);
        this.jobRegistration = jobInformer.addEventHandler(new ResourceEventHandler() {
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
                jobDeleted(obj);
            }
        });
        this.podRegistration = podInformer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode obj, boolean initialList) {
                podChanged(null, obj, false);
            }

            @Override
            public void onUpdate(ObjectNode oldObj, ObjectNode newObj) {
                podChanged(oldObj, newObj, false);
            }

            @Override
            public void onDelete(ObjectNode obj, boolean finalStateUnknown) {
                podChanged(null, obj, true);
            }
        });
        List<java.util.function.BooleanSupplier> synced = List.of(jobRegistration::hasSynced,
                podRegistration::hasSynced);
        this.controller = new Controller<>("job-controller", queue, this::sync, config.workers(), synced);
        this.orphanController = new Controller<>("job-orphan-pods", orphanQueue, this::syncOrphanPod, 1, synced);
    }

    public void start() {
        if (ownsInformers) {
            informers.start();
        }
        controller.start();
        orphanController.start();
    }

    /** True once Jobs and pods are cached and the workers may run. */
    public boolean isSynced() {
        return jobRegistration.hasSynced() && podRegistration.hasSynced();
    }

    @Override
    public void close() {
        orphanController.close();
        controller.close();
        if (ownsInformers) {
            informers.close();
        }
        events.close();
    }

    // ------------------------------------------------------------------ event handlers

    private static Optional<JsonNode> jobRef(JsonNode pod) {
        return ControllerRefs.controllerOf(pod).filter(r -> Jobs.KIND.kind().equals(r.path("kind").asText())
                && Jobs.KIND.apiVersion().equals(r.path("apiVersion").asText()));
    }

    /** The cached Job that controls the pod, if any. */
    private Optional<ObjectNode> jobOf(JsonNode pod) {
        return jobRef(pod).flatMap(r -> jobInformer.cache().get(new ObjectKey(Meta.namespace(pod),
                        r.path("name").asText()))
                .filter(j -> Meta.uid(j).equals(r.path("uid").asText())));
    }

    private void podChanged(ObjectNode old, ObjectNode pod, boolean deleted) {
        Optional<ObjectNode> job = jobOf(pod);
        if (job.isEmpty()) {
            if (JobPods.hasTrackingFinalizer(pod) && !deleted) {
                orphanQueue.add(ObjectKey.of(pod));
            }
            return;
        }
        ObjectKey key = ObjectKey.of(job.get());
        if (old == null && !deleted) {
            expectations.creationObserved(key);
        }
        boolean nowDeleting = deleted || (Meta.isDeleting(pod) && (old == null || !Meta.isDeleting(old)));
        if (nowDeleting) {
            expectations.deletionObserved(key);
        }
        if (deleted || !JobPods.hasTrackingFinalizer(pod)) {
            Set<String> expected = expectedFinalizerRemovals.get(key);
            if (expected != null) {
                expected.remove(Meta.uid(pod));
            }
        }
        // Batch a burst of pod changes into one sync, as upstream's syncJobBatchPeriod.
        queue.addAfter(key, config.syncBatchPeriod());
    }

    private void jobDeleted(ObjectNode job) {
        ObjectKey key = ObjectKey.of(job);
        expectations.forget(key);
        expectedFinalizerRemovals.remove(key);
        backoffs.remove(key);
        lastWritten.remove(key);
        for (ObjectNode pod : podInformer.cache().byIndex(BY_JOB_UID, Meta.uid(job))) {
            if (JobPods.hasTrackingFinalizer(pod)) {
                orphanQueue.add(ObjectKey.of(pod));
            }
        }
    }

    /** Removes the tracking finalizer from a pod whose Job is gone or finished (upstream's syncOrphanPod). */
    private Result syncOrphanPod(ObjectKey key) {
        Optional<ObjectNode> pod = podInformer.cache().get(key);
        if (pod.isEmpty() || !JobPods.hasTrackingFinalizer(pod.get())) {
            return Result.done();
        }
        Optional<JsonNode> ref = ControllerRefs.controllerOf(pod.get());
        if (ref.isPresent()) {
            if (jobRef(pod.get()).isEmpty()) {
                return Result.done(); // controlled by something else: not ours to touch
            }
            Optional<ObjectNode> job = jobOf(pod.get()).or(() -> freshJob(key.namespace(),
                    ref.get().path("name").asText()).filter(j -> Meta.uid(j).equals(ref.get().path("uid").asText())));
            if (job.isPresent() && (!Jobs.isFinished(job.get()) || managedElsewhere(job.get()))) {
                return Result.done(); // adopted, or its Job is still running
            }
        }
        removeTrackingFinalizer(pod.get());
        return Result.done();
    }

    private Optional<ObjectNode> freshJob(String namespace, String name) {
        try {
            return Optional.of(jobs.get(namespace, name));
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** @return false when the pod is already gone */
    private boolean removeTrackingFinalizer(JsonNode pod) {
        ObjectNode patch = Json.object();
        patch.putObject("metadata").putArray("$deleteFromPrimitiveList/finalizers").add(JobPods.TRACKING_FINALIZER);
        try {
            pods.patch(Meta.namespace(pod), Meta.name(pod), PatchType.STRATEGIC, patch);
            return true;
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------ sync

    /** A finishing condition the sync works towards. */
    record Finish(String type, String reason, String message) {
        boolean isSuccess() {
            return Jobs.SUCCESS_CRITERIA_MET.equals(type) || Jobs.COMPLETE.equals(type);
        }
    }

    /** What one sync knows about a Job (upstream's syncJobCtx). */
    private final class SyncContext {
        final ObjectKey key;
        ObjectNode job;
        final JobSpec spec;
        final List<ObjectNode> pods;
        final List<ObjectNode> activePods;
        final Set<String> uncountedSucceeded;
        final Set<String> uncountedFailed;
        final Set<String> expectedRemovals;
        int ready;
        int terminating;
        int succeeded;
        int failed;
        Finish finish;
        CompletedIndexes prevSucceededIndexes = CompletedIndexes.empty();
        CompletedIndexes succeededIndexes = CompletedIndexes.empty();
        PodFailureBackoff newBackoff;
        Duration requeueAfter;
        /** The status the server holds, to skip writes that change nothing. */
        JsonNode writtenStatus;

        SyncContext(ObjectKey key, ObjectNode job, List<ObjectNode> pods) {
            this.key = key;
            this.job = job;
            this.spec = JobSpec.of(job);
            this.pods = pods;
            this.activePods = pods.stream().filter(Pods::isActive).toList();
            this.ready = (int) activePods.stream().filter(Pods::isReady).count();
            this.terminating = (int) pods.stream().filter(JobPods::isTerminating).count();
            JsonNode uncounted = job.path("status").path("uncountedTerminatedPods");
            this.uncountedSucceeded = texts(uncounted.path("succeeded"));
            this.uncountedFailed = texts(uncounted.path("failed"));
            Set<String> expected = expectedFinalizerRemovals.get(key);
            this.expectedRemovals = expected == null ? Set.of() : Set.copyOf(expected);
            this.writtenStatus = job.path("status").deepCopy();
        }

        ObjectNode status() {
            return job.withObjectProperty("status");
        }

        void requeue(Duration d) {
            if (requeueAfter == null || d.compareTo(requeueAfter) < 0) {
                requeueAfter = d;
            }
        }
    }

    private Result sync(ObjectKey key) {
        Optional<ObjectNode> cached = jobInformer.cache().get(key);
        if (cached.isEmpty()) {
            expectations.forget(key);
            expectedFinalizerRemovals.remove(key);
            backoffs.remove(key);
            lastWritten.remove(key);
            return Result.done();
        }
        ObjectNode job = newerOf(key, cached.get()).deepCopy();
        if (managedElsewhere(job)) {
            return Result.done();
        }
        if (Jobs.isFinished(job)) {
            backoffs.remove(key);
            return Result.done();
        }
        String mode = job.path("spec").path("completionMode").asText("NonIndexed");
        if (!mode.equals("NonIndexed") && !mode.equals("Indexed")) {
            events.record(Jobs.KIND.eventRef(job), EventRecorder.WARNING, "UnknownCompletionMode",
                    "Skipped Job sync because completion mode is unknown");
            return Result.done();
        }
        // Expectations first: a pod created after this check and before the listing only defers work.
        boolean satisfied = expectations.satisfied(key);
        SyncContext ctx = new SyncContext(key, job, podsForJob(job));
        ObjectNode status = ctx.status();
        if (!status.has("uncountedTerminatedPods")) {
            status.putObject("uncountedTerminatedPods");
        }
        syncJob(ctx, satisfied);
        return ctx.requeueAfter == null ? Result.done() : Result.requeueAfter(ctx.requeueAfter);
    }

    /**
     * The cached Job, or our own last write when the cache has not caught up with it yet (Tugboat's
     * resourceVersions are the store's increasing revisions, so they can be compared).
     */
    private ObjectNode newerOf(ObjectKey key, ObjectNode cached) {
        ObjectNode written = lastWritten.get(key);
        if (written == null) {
            return cached;
        }
        try {
            if (Meta.uid(written).equals(Meta.uid(cached)) && Long.parseLong(Meta.resourceVersion(written))
                    > Long.parseLong(Meta.resourceVersion(cached))) {
                return written;
            }
        } catch (NumberFormatException e) {
            // not comparable: trust the cache
        }
        lastWritten.remove(key, written);
        return cached;
    }

    /** spec.managedBy names another controller (upstream's JobManagedBy): that one runs the Job. */
    private static boolean managedElsewhere(JsonNode job) {
        JsonNode managedBy = job.path("spec").path("managedBy");
        return managedBy.isTextual() && !managedBy.asText().equals("kubernetes.io/job-controller");
    }

    /** The pods the Job controls, after adoption of matching orphans and release of non-matching pods. */
    private List<ObjectNode> podsForJob(ObjectNode job) {
        LabelSelector selector = LabelSelector.fromJson(job.path("spec").path("selector"));
        String uid = Meta.uid(job);
        List<ObjectNode> candidates = podInformer.cache().list(Meta.namespace(job)).stream()
                .filter(p -> ControllerRefs.isControlledBy(p, uid)
                        || (ControllerRefs.controllerOf(p).isEmpty() && selector.matches(Meta.labels(p))))
                .toList();
        ControllerRefManager refs = new ControllerRefManager(job, Jobs.KIND, selector, pods,
                () -> freshJob(Meta.namespace(job), Meta.name(job)).map(j -> (JsonNode) j));
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode p : refs.claim(candidates)) {
            out.add((ObjectNode) p);
        }
        return out;
    }

    /** The steps of upstream's syncJob, in its order. */
    private void syncJob(SyncContext ctx, boolean satisfied) {
        Instant now = clock.now();
        ObjectNode job = ctx.job;
        ObjectNode status = ctx.status();
        JobSpec spec = ctx.spec;
        int active = ctx.activePods.size();

        // 1. Count: what the status holds, what is recorded as uncounted, and pods newly finished.
        List<ObjectNode> newSucceeded = newlyFinished(ctx, ctx.uncountedSucceeded, JobPods::isSucceeded);
        List<ObjectNode> newFailed = newlyFinished(ctx, ctx.uncountedFailed,
                p -> JobPods.isFailed(p, spec.onlyReplaceFailed()));
        ctx.succeeded = status.path("succeeded").asInt(0) + newSucceeded.size() + ctx.uncountedSucceeded.size();
        ctx.failed = status.path("failed").asInt(0) + newFailed.size() + ctx.uncountedFailed.size();

        // 2. First start (not while suspended).
        if (!status.hasNonNull("startTime") && !spec.suspend()) {
            status.put("startTime", Timestamps.format(now));
        }
        ctx.newBackoff = backoffs.getOrDefault(ctx.key, PodFailureBackoff.NONE).withNewlyFinished(
                newSucceeded.stream().map(JobPods::finishTime).toList(),
                newFailed.stream().map(JobPods::finishTime).toList());

        // 3. Has it already succeeded or failed, or does it fail now?
        ctx.finish = finishedSoFar(job, now);
        if (ctx.finish == null) {
            if (ctx.failed > spec.backoffLimit() || pastBackoffLimitOnFailure(spec, ctx.pods)) {
                ctx.finish = new Finish(Jobs.FAILURE_TARGET, "BackoffLimitExceeded",
                        "Job has reached the specified backoff limit");
            } else if (pastActiveDeadline(spec, status, now)) {
                ctx.finish = new Finish(Jobs.FAILURE_TARGET, "DeadlineExceeded",
                        "Job was active longer than specified deadline");
            } else if (spec.activeDeadlineSeconds().isPresent() && !spec.suspend()) {
                Instant start = Jobs.timestamp(status.path("startTime")).orElse(now);
                ctx.requeue(Duration.between(now, start.plusSeconds(spec.activeDeadlineSeconds().get())));
            }
        }
        if (spec.indexed()) {
            ctx.prevSucceededIndexes = CompletedIndexes.parse(status.path("completedIndexes").asText(""),
                    spec.completions());
            List<Integer> newIndexes = new ArrayList<>();
            for (ObjectNode p : ctx.pods) {
                int ix = JobPods.completionIndex(p);
                if (JobPods.isSucceeded(p) && ix != JobPods.UNKNOWN_INDEX && ix < spec.completions()
                        && JobPods.hasTrackingFinalizer(p)) {
                    newIndexes.add(ix);
                }
            }
            ctx.succeededIndexes = ctx.prevSucceededIndexes.with(newIndexes);
            ctx.succeeded = ctx.succeededIndexes.total();
        }

        // 4. Failing: stop what runs. Otherwise manage the pods and see whether it is complete.
        boolean suspendChanged = false;
        if (ctx.finish != null) {
            int[] deleted = deleteActivePods(job, ctx.activePods);
            if (deleted[0] != active || !satisfied) {
                ctx.finish = null; // not before every pod is seen gone from the cache
            }
            active -= deleted[0];
            ctx.terminating += deleted[0];
            ctx.ready -= deleted[1];
        } else {
            boolean managed = false;
            if (satisfied && !Meta.isDeleting(job)) {
                active = manageJob(ctx, now);
                managed = true;
            }
            boolean complete = spec.completions() < 0 ? ctx.succeeded > 0 && active == 0
                    : ctx.succeeded >= spec.completions() && active == 0;
            if (complete) {
                ctx.finish = new Finish(Jobs.SUCCESS_CRITERIA_MET, "CompletionsReached",
                        "Reached expected number of succeeded pods");
            } else if (managed) {
                suspendChanged = updateSuspendCondition(ctx, now);
            }
        }

        // 5. Counters, then the finalizer-tracking protocol writes the status.
        boolean needsUpdate = suspendChanged || active != status.path("active").asInt(0)
                || ctx.ready != status.path("ready").asInt(-1) || ctx.terminating != status.path("terminating").asInt(-1);
        putCount(status, "active", active);
        status.put("ready", ctx.ready);
        status.put("terminating", ctx.terminating);
        trackStatusAndRemoveFinalizers(ctx, needsUpdate, now);
    }

    private List<ObjectNode> newlyFinished(SyncContext ctx, Set<String> uncounted,
                                           java.util.function.Predicate<ObjectNode> filter) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode p : ctx.pods) {
            String uid = Meta.uid(p);
            if (!JobPods.hasTrackingFinalizer(p) || uncounted.contains(uid) || ctx.expectedRemovals.contains(uid)) {
                continue;
            }
            if (ctx.spec.indexed()) {
                int ix = JobPods.completionIndex(p);
                if (ix == JobPods.UNKNOWN_INDEX || ix >= ctx.spec.completions()) {
                    continue;
                }
            }
            if (filter.test(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** A success or failure the Job recorded in an earlier sync (its interim condition). */
    private static Finish finishedSoFar(ObjectNode job, Instant now) {
        Optional<JsonNode> met = Jobs.condition(job, Jobs.SUCCESS_CRITERIA_MET)
                .filter(c -> "True".equals(c.path("status").asText()));
        if (met.isPresent()) {
            return new Finish(Jobs.SUCCESS_CRITERIA_MET, met.get().path("reason").asText(""),
                    met.get().path("message").asText(""));
        }
        Optional<JsonNode> target = Jobs.condition(job, Jobs.FAILURE_TARGET)
                .filter(c -> "True".equals(c.path("status").asText()));
        return target.map(c -> new Finish(Jobs.FAILED, c.path("reason").asText(""), c.path("message").asText("")))
                .orElse(null);
    }

    /** restartPolicy OnFailure: the restarts of running and pending pods' containers reach the limit. */
    private static boolean pastBackoffLimitOnFailure(JobSpec spec, List<ObjectNode> pods) {
        if (!"OnFailure".equals(spec.restartPolicy())) {
            return false;
        }
        int restarts = 0;
        for (ObjectNode p : pods) {
            String phase = Pods.phase(p);
            if (phase.equals("Running") || phase.equals("Pending")) {
                for (JsonNode cs : p.path("status").path("initContainerStatuses")) {
                    restarts += cs.path("restartCount").asInt(0);
                }
                restarts += Pods.restarts(p);
            }
        }
        return spec.backoffLimit() == 0 ? restarts > 0 : restarts >= spec.backoffLimit();
    }

    private static boolean pastActiveDeadline(JobSpec spec, JsonNode status, Instant now) {
        if (spec.activeDeadlineSeconds().isEmpty() || spec.suspend()) {
            return false;
        }
        Optional<Instant> start = Jobs.timestamp(status.path("startTime"));
        return start.isPresent()
                && !now.isBefore(start.get().plusSeconds(spec.activeDeadlineSeconds().get()));
    }

    /** Suspended / resumed condition and events; resuming restarts the active deadline. */
    private boolean updateSuspendCondition(SyncContext ctx, Instant now) {
        ObjectNode status = ctx.status();
        if (ctx.spec.suspend()) {
            if (ensureCondition(status, Jobs.SUSPENDED, "True", "JobSuspended", "Job suspended", now)) {
                event(ctx.job, EventRecorder.NORMAL, "Suspended", "Job suspended");
                return true;
            }
            return false;
        }
        if (ensureCondition(status, Jobs.SUSPENDED, "False", "JobResumed", "Job resumed", now)) {
            event(ctx.job, EventRecorder.NORMAL, "Resumed", "Job resumed");
            status.put("startTime", Timestamps.format(now));
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ managing pods

    /** Creates or deletes pods towards the wanted number of active ones; returns the new active count. */
    private int manageJob(SyncContext ctx, Instant now) {
        JobSpec spec = ctx.spec;
        ObjectNode job = ctx.job;
        int active = ctx.activePods.size();
        if (spec.suspend()) {
            List<ObjectNode> all = new ArrayList<>(ctx.activePods);
            expectations.expect(ctx.key, 0, all.size());
            int[] removed = deleteJobPods(ctx, all);
            ctx.terminating += removed[0];
            ctx.ready -= removed[1];
            return active - removed[0];
        }
        int want;
        if (spec.completions() < 0) {
            want = ctx.succeeded > 0 ? active : spec.parallelism();
        } else {
            want = Math.max(0, Math.min(spec.completions() - ctx.succeeded, spec.parallelism()));
        }
        List<ObjectNode> toDelete = activePodsForRemoval(spec, ctx.activePods, Math.max(0, active - want));
        if (toDelete.size() > MAX_CREATE_DELETE) {
            toDelete = toDelete.subList(0, MAX_CREATE_DELETE);
        }
        if (!toDelete.isEmpty()) {
            // Deleting takes precedence over creating within one sync.
            expectations.expect(ctx.key, 0, toDelete.size());
            int[] removed = deleteJobPods(ctx, toDelete);
            ctx.terminating += removed[0];
            ctx.ready -= removed[1];
            return active - removed[0];
        }
        int terminatingCount = spec.onlyReplaceFailed() ? ctx.terminating : 0;
        int diff = want - terminatingCount - active;
        if (diff <= 0) {
            return active;
        }
        Duration wait = ctx.newBackoff.remaining(now, config.podFailureBackoff(), config.maxPodFailureBackoff());
        if (wait.isPositive()) {
            ctx.requeue(wait);
            return active;
        }
        diff = Math.min(diff, MAX_CREATE_DELETE);
        List<Integer> indexes = List.of();
        if (spec.indexed()) {
            Set<Integer> busy = new HashSet<>();
            for (ObjectNode p : ctx.pods) {
                if (Pods.isActive(p) || (spec.onlyReplaceFailed() && JobPods.isTerminating(p))) {
                    busy.add(JobPods.completionIndex(p));
                }
            }
            indexes = ctx.succeededIndexes.firstPending(diff, spec.completions(), busy);
            diff = indexes.size();
        }
        expectations.expect(ctx.key, diff, 0);
        return active + createPods(ctx, job, diff, indexes);
    }

    /** Creates {@code n} pods, stopping at the first failure (upstream's slow start, in effect). */
    private int createPods(SyncContext ctx, ObjectNode job, int n, List<Integer> indexes) {
        ObjectNode template = ((ObjectNode) job.path("spec").path("template")).deepCopy();
        ObjectNode tmeta = template.withObjectProperty("metadata");
        ArrayNode finalizers = tmeta.has("finalizers") ? (ArrayNode) tmeta.get("finalizers")
                : tmeta.putArray("finalizers");
        if (!Meta.finalizers(template).contains(JobPods.TRACKING_FINALIZER)) {
            finalizers.add(JobPods.TRACKING_FINALIZER);
        }
        if (ctx.spec.indexed()) {
            addCompletionIndexEnv(template);
        }
        int created = 0;
        for (int i = 0; i < n; i++) {
            ObjectNode pod = PodControl.fromTemplate(template, job, Jobs.KIND.controllerRef(job));
            if (!indexes.isEmpty()) {
                withCompletionIndex(pod, Meta.name(job), indexes.get(i));
            }
            try {
                podControl.create(pod, job, Jobs.KIND);
                created++;
            } catch (StatusException e) {
                // The pods not made will not be seen: lower the expectations by them all.
                for (int j = i; j < n; j++) {
                    expectations.creationObserved(ctx.key);
                }
                if (isNamespaceTerminating(e)) {
                    return created;
                }
                throw e;
            }
        }
        return created;
    }

    private static boolean isNamespaceTerminating(StatusException e) {
        var details = e.status().details();
        return details != null && details.causes() != null
                && details.causes().stream().anyMatch(c -> "NamespaceTerminating".equals(c.reason()));
    }

    /** The completion index as annotation and label, hostname {@code <job>-<index>}, a name with the index. */
    private static void withCompletionIndex(ObjectNode pod, String jobName, int index) {
        ObjectNode meta = Meta.mutableMetadata(pod);
        meta.withObjectProperty("annotations").put(JobPods.COMPLETION_INDEX, Integer.toString(index));
        meta.withObjectProperty("labels").put(JobPods.COMPLETION_INDEX, Integer.toString(index));
        pod.withObjectProperty("spec").put("hostname", jobName + "-" + index);
        String suffix = "-" + index + "-";
        String prefix = jobName + suffix;
        if (prefix.length() > 58) {
            prefix = jobName.substring(0, 58 - suffix.length()) + suffix;
        }
        meta.put("generateName", prefix);
    }

    /** JOB_COMPLETION_INDEX from the annotation, in every container that does not set it already. */
    private static void addCompletionIndexEnv(ObjectNode template) {
        ObjectNode spec = template.withObjectProperty("spec");
        for (String list : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : spec.path(list)) {
                ObjectNode container = (ObjectNode) c;
                boolean present = false;
                for (JsonNode e : container.path("env")) {
                    present |= "JOB_COMPLETION_INDEX".equals(e.path("name").asText());
                }
                if (!present) {
                    ArrayNode env = container.has("env") ? (ArrayNode) container.get("env") : container.putArray("env");
                    env.addObject().put("name", "JOB_COMPLETION_INDEX").putObject("valueFrom")
                            .putObject("fieldRef").put("fieldPath",
                                    "metadata.annotations['" + JobPods.COMPLETION_INDEX + "']");
                }
            }
        }
    }

    /**
     * Active pods to delete: for Indexed Jobs those with an invalid or repeated index first, then, by
     * removal order, as many more as needed to reach {@code atLeast}.
     */
    private static List<ObjectNode> activePodsForRemoval(JobSpec spec, List<ObjectNode> activePods, int atLeast) {
        List<ObjectNode> rm = new ArrayList<>();
        List<ObjectNode> left = new ArrayList<>();
        if (spec.indexed()) {
            Map<Integer, List<ObjectNode>> byIndex = new HashMap<>();
            for (ObjectNode p : activePods) {
                int ix = JobPods.completionIndex(p);
                if (ix == JobPods.UNKNOWN_INDEX || ix >= spec.completions()) {
                    rm.add(p);
                } else {
                    byIndex.computeIfAbsent(ix, k -> new ArrayList<>()).add(p);
                }
            }
            for (List<ObjectNode> same : byIndex.values()) {
                same.sort(JobPods.REMOVAL_ORDER);
                rm.addAll(same.subList(0, same.size() - 1));
                left.add(same.get(same.size() - 1));
            }
        } else {
            left.addAll(activePods);
        }
        if (rm.size() < atLeast) {
            left.sort(JobPods.REMOVAL_ORDER);
            rm.addAll(left.subList(0, Math.min(left.size(), atLeast - rm.size())));
        }
        return rm;
    }

    /** Deletes pods keeping their finalizers (they are counted afterwards); returns {deleted, deletedReady}. */
    private int[] deleteActivePods(ObjectNode job, List<ObjectNode> active) {
        int deleted = 0;
        int deletedReady = 0;
        StatusException failure = null;
        for (ObjectNode p : active) {
            try {
                podControl.delete(p, job, Jobs.KIND);
            } catch (StatusException e) {
                failure = e;
                continue;
            }
            deleted++;
            deletedReady += Pods.isReady(p) ? 1 : 0;
        }
        if (failure != null) {
            throw failure;
        }
        return new int[] {deleted, deletedReady};
    }

    /** Removes surplus pods: finalizer first (they will not count), then the pod. Returns {deleted, ready}. */
    private int[] deleteJobPods(SyncContext ctx, List<ObjectNode> toDelete) {
        int deleted = 0;
        int deletedReady = 0;
        StatusException failure = null;
        for (ObjectNode p : toDelete) {
            try {
                if (JobPods.hasTrackingFinalizer(p)) {
                    removeTrackingFinalizer(p);
                }
                podControl.delete(p, ctx.job, Jobs.KIND);
            } catch (StatusException e) {
                expectations.deletionObserved(ctx.key);
                if (!e.isNotFound()) {
                    failure = e;
                    continue;
                }
            }
            deleted++;
            deletedReady += Pods.isReady(p) ? 1 : 0;
        }
        if (failure != null) {
            throw failure;
        }
        return new int[] {deleted, deletedReady};
    }

    // ------------------------------------------------------------------ status and finalizers

    /**
     * Upstream's trackJobStatusAndRemoveFinalizers: (1) records finished pods in uncountedTerminatedPods,
     * (2) writes that, with an interim SuccessCriteriaMet/FailureTarget condition, (3) removes those pods'
     * finalizers, (4) moves them into the counters, and (5) adds Complete/Failed when nothing is left
     * uncounted or terminating.
     */
    private void trackStatusAndRemoveFinalizers(SyncContext ctx, boolean needsFlush, Instant now) {
        ObjectNode status = ctx.status();
        JobSpec spec = ctx.spec;
        List<ObjectNode> pods = new ArrayList<>(ctx.pods);
        if (spec.indexed()) {
            pods.sort(Comparator.comparingInt(JobPods::completionIndex));
        }
        Set<String> withFinalizer = new HashSet<>();
        for (ObjectNode p : pods) {
            if (JobPods.hasTrackingFinalizer(p) && !ctx.expectedRemovals.contains(Meta.uid(p))) {
                withFinalizer.add(Meta.uid(p));
            }
        }
        ObjectNode uncounted = status.withObjectProperty("uncountedTerminatedPods");
        needsFlush |= cleanUncounted(status, withFinalizer);
        List<ObjectNode> toRemoveFinalizer = new ArrayList<>();
        List<Integer> newSucceededIndexes = new ArrayList<>();
        boolean reachedMax = false;
        for (ObjectNode p : pods) {
            String uid = Meta.uid(p);
            if (!JobPods.hasTrackingFinalizer(p) || ctx.expectedRemovals.contains(uid)) {
                continue; // processed in an earlier sync
            }
            boolean failed = JobPods.isFailed(p, spec.onlyReplaceFailed());
            if (!(Meta.isDeleting(ctx.job) || ctx.finish != null || JobPods.isSucceeded(p) || failed)) {
                continue;
            }
            toRemoveFinalizer.add(p);
            if (JobPods.isSucceeded(p) && !ctx.uncountedFailed.contains(uid)) {
                if (spec.indexed()) {
                    int ix = JobPods.completionIndex(p);
                    if (ix != JobPods.UNKNOWN_INDEX && ix < spec.completions()
                            && !ctx.prevSucceededIndexes.contains(ix)) {
                        newSucceededIndexes.add(ix);
                        needsFlush = true;
                    }
                } else if (!ctx.uncountedSucceeded.contains(uid)) {
                    addUid(uncounted, "succeeded", uid);
                    needsFlush = true;
                }
            } else if (failed || (ctx.finish != null && !ctx.finish.isSuccess())) {
                // Once the Job is failing, every pod that did not succeed counts as failed.
                int ix = JobPods.completionIndex(p);
                if (!ctx.uncountedFailed.contains(uid)
                        && (!spec.indexed() || (ix != JobPods.UNKNOWN_INDEX && ix < spec.completions()))) {
                    addUid(uncounted, "failed", uid);
                    needsFlush = true;
                }
            }
            if (newSucceededIndexes.size() + uncounted.path("succeeded").size() + uncounted.path("failed").size()
                    >= MAX_UNCOUNTED) {
                reachedMax = true; // the rest next time: the status write queues the Job again
                break;
            }
        }
        if (spec.indexed()) {
            ctx.succeededIndexes = ctx.succeededIndexes.with(newSucceededIndexes);
            String text = ctx.succeededIndexes.toString();
            if (!text.equals(status.path("completedIndexes").asText(""))) {
                needsFlush = true;
            }
            putCount(status, "succeeded", ctx.succeededIndexes.total());
            if (text.isEmpty()) {
                status.remove("completedIndexes");
            } else {
                status.put("completedIndexes", text);
            }
        }
        if (ctx.finish != null && Jobs.FAILURE_TARGET.equals(ctx.finish.type())) {
            ensureCondition(status, Jobs.FAILURE_TARGET, "True", ctx.finish.reason(), ctx.finish.message(), now);
            needsFlush = true;
            ctx.finish = new Finish(Jobs.FAILED, ctx.finish.reason(), ctx.finish.message());
        }
        if (ctx.finish != null && Jobs.SUCCESS_CRITERIA_MET.equals(ctx.finish.type())) {
            if (!Jobs.hasTrueCondition(ctx.job, Jobs.SUCCESS_CRITERIA_MET)) {
                ensureCondition(status, Jobs.SUCCESS_CRITERIA_MET, "True", ctx.finish.reason(), ctx.finish.message(),
                        now);
                needsFlush = true;
            }
            ctx.finish = new Finish(Jobs.COMPLETE, ctx.finish.reason(), ctx.finish.message());
        }
        needsFlush = flushAndRemoveFinalizers(ctx, toRemoveFinalizer, withFinalizer, needsFlush);
        boolean finished = !reachedMax && enactFinished(ctx, now);
        if (finished || needsFlush) {
            writeStatus(ctx);
        }
        if (finished) {
            recordFinished(ctx);
        }
    }

    /** Steps 2–4; returns whether the status still has changes to write. */
    private boolean flushAndRemoveFinalizers(SyncContext ctx, List<ObjectNode> toRemove, Set<String> withFinalizer,
                                             boolean needsFlush) {
        if (needsFlush) {
            writeStatus(ctx);
            backoffs.put(ctx.key, ctx.newBackoff);
            needsFlush = false;
        }
        StatusException failure = null;
        if (!toRemove.isEmpty()) {
            Set<String> expected = expectedFinalizerRemovals.computeIfAbsent(ctx.key,
                    k -> ConcurrentHashMap.newKeySet());
            for (ObjectNode p : toRemove) {
                expected.add(Meta.uid(p));
            }
            for (ObjectNode p : toRemove) {
                try {
                    removeTrackingFinalizer(p);
                    withFinalizer.remove(Meta.uid(p));
                } catch (StatusException e) {
                    expected.remove(Meta.uid(p));
                    failure = e;
                }
            }
        }
        if (cleanUncounted(ctx.status(), withFinalizer)) {
            needsFlush = true;
        }
        if (failure != null) {
            if (needsFlush) {
                writeStatus(ctx);
            }
            throw failure;
        }
        return needsFlush;
    }

    /**
     * Moves uncounted pods whose finalizer is gone into the counters (upstream's
     * cleanUncountedPodsWithoutFinalizers); returns whether anything moved.
     */
    private static boolean cleanUncounted(ObjectNode status, Set<String> withFinalizer) {
        ObjectNode uncounted = status.withObjectProperty("uncountedTerminatedPods");
        boolean changed = false;
        for (String field : new String[] {"succeeded", "failed"}) {
            if (!(uncounted.get(field) instanceof ArrayNode uids)) {
                continue;
            }
            int moved = 0;
            for (int i = uids.size() - 1; i >= 0; i--) {
                if (!withFinalizer.contains(uids.get(i).asText())) {
                    uids.remove(i);
                    moved++;
                }
            }
            if (moved > 0) {
                changed = true;
                putCount(status, field, status.path(field).asInt(0) + moved);
            }
            if (uids.isEmpty()) {
                uncounted.remove(field);
            }
        }
        return changed;
    }

    /** Adds Complete/Failed once nothing is uncounted or terminating; returns whether it did. */
    private boolean enactFinished(SyncContext ctx, Instant now) {
        if (ctx.finish == null) {
            return false;
        }
        JsonNode uncounted = ctx.status().path("uncountedTerminatedPods");
        if (uncounted.path("succeeded").size() + uncounted.path("failed").size() > 0 || ctx.terminating > 0) {
            return false;
        }
        ObjectNode status = ctx.status();
        ensureCondition(status, ctx.finish.type(), "True", ctx.finish.reason(), ctx.finish.message(), now);
        if (Jobs.COMPLETE.equals(ctx.finish.type())) {
            status.put("completionTime", Timestamps.format(now));
        }
        return true;
    }

    private void recordFinished(SyncContext ctx) {
        if (Jobs.COMPLETE.equals(ctx.finish.type())) {
            if (ctx.spec.completions() >= 0 && ctx.status().path("succeeded").asInt(0) > ctx.spec.completions()) {
                event(ctx.job, EventRecorder.WARNING, "TooManySucceededPods",
                        "Too many succeeded pods running after completion count reached");
            }
            event(ctx.job, EventRecorder.NORMAL, "Completed", "Job completed");
        } else {
            event(ctx.job, EventRecorder.WARNING, ctx.finish.reason(), ctx.finish.message());
        }
    }

    /** Writes the status if it differs from what the server holds; later writes build on the answer. */
    private void writeStatus(SyncContext ctx) {
        if (ctx.status().equals(ctx.writtenStatus)) {
            return;
        }
        ObjectNode written = jobStatus.update(ctx.key.namespace(), ctx.job);
        written.withObjectProperty("metadata").remove("managedFields");
        lastWritten.put(ctx.key, written);
        Meta.mutableMetadata(ctx.job).put("resourceVersion", Meta.resourceVersion(written));
        ctx.writtenStatus = ctx.status().deepCopy();
    }

    // ------------------------------------------------------------------ small helpers

    /**
     * Sets a condition's status, reason and message, stamping the times when any of them changes; a
     * condition that does not exist is not added as False. Returns whether the list changed.
     */
    static boolean ensureCondition(ObjectNode status, String type, String value, String reason, String message,
                                   Instant now) {
        ArrayNode conditions = status.has("conditions") && status.get("conditions").isArray()
                ? (ArrayNode) status.get("conditions") : null;
        if (conditions != null) {
            for (JsonNode c : conditions) {
                if (type.equals(c.path("type").asText())) {
                    if (value.equals(c.path("status").asText()) && reason.equals(c.path("reason").asText(""))
                            && message.equals(c.path("message").asText(""))) {
                        return false;
                    }
                    fillCondition((ObjectNode) c, type, value, reason, message, now);
                    return true;
                }
            }
        }
        if (value.equals("False")) {
            return false;
        }
        if (conditions == null) {
            conditions = status.putArray("conditions");
        }
        fillCondition(conditions.addObject(), type, value, reason, message, now);
        return true;
    }

    private static void fillCondition(ObjectNode c, String type, String value, String reason, String message,
                                      Instant now) {
        c.removeAll();
        c.put("type", type).put("status", value);
        c.put("lastProbeTime", Timestamps.format(now)).put("lastTransitionTime", Timestamps.format(now));
        if (!reason.isEmpty()) {
            c.put("reason", reason);
        }
        if (!message.isEmpty()) {
            c.put("message", message);
        }
    }

    /** Go's omitempty for the int32 counters. */
    private static void putCount(ObjectNode status, String field, int n) {
        if (n == 0) {
            status.remove(field);
        } else {
            status.put(field, n);
        }
    }

    private static void addUid(ObjectNode uncounted, String field, String uid) {
        ArrayNode uids = uncounted.get(field) instanceof ArrayNode a ? a : uncounted.putArray(field);
        uids.add(uid);
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private void event(ObjectNode job, String type, String reason, String message) {
        events.record(Jobs.KIND.eventRef(job), type, reason, message);
    }
}
