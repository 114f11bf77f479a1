package dev.tugboat.controllers.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Controller;
import dev.tugboat.client.controller.Result;
import dev.tugboat.client.informer.HandlerRegistration;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The TTL-after-finished controller (upstream's pkg/controller/ttlafterfinished): deletes a finished
 * Job {@code spec.ttlSecondsAfterFinished} seconds after it finished, with foreground propagation (its
 * pods go first, through the garbage collector) and a uid precondition. The TTL is checked once more
 * against a fresh read before deleting, since it may have been changed.
 */
public final class TtlAfterFinishedController implements AutoCloseable {

    private final Clock clock;
    private final ResourceClient jobs;
    private final InformerFactory informers;
    private final boolean ownsInformers;
    private final SharedInformer informer;
    private final HandlerRegistration registration;
    private final WorkQueue<ObjectKey> queue;
    private final Controller<ObjectKey> controller;

    /** With informers of its own. */
    public TtlAfterFinishedController(ApiClient api, Clock clock, TtlAfterFinishedConfig config) {
        this(api, clock, config, new InformerFactory(api, clock), true);
    }

    /** With the informers of a shared factory (which the caller starts and closes). */
    public TtlAfterFinishedController(ApiClient api, Clock clock, TtlAfterFinishedConfig config,
                                      InformerFactory informers) {
        this(api, clock, config, informers, false);
    }

    private TtlAfterFinishedController(ApiClient api, Clock clock, TtlAfterFinishedConfig config,
                                       InformerFactory informers, boolean ownsInformers) {
        this.informers = informers;
        this.ownsInformers = ownsInformers;
        this.clock = clock;
        this.jobs = api.resource(JobController.JOBS);
        this.informer = informers.informer(JobController.JOBS);
        this.queue = WorkQueue.withDefaultRateLimiter(clock);
        this.registration = informer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode obj, boolean initialList) {
                enqueue(obj);
            }

            @Override
            public void onUpdate(ObjectNode oldObj, ObjectNode newObj) {
                enqueue(newObj);
            }

            @Override
            public void onDelete(ObjectNode obj, boolean finalStateUnknown) {
                // Gone already.
            }
        });
        this.controller = new Controller<>("ttl-after-finished-controller", queue, this::sync, config.workers(),
                List.of(registration::hasSynced));
    }

    private void enqueue(ObjectNode job) {
        if (needsCleanup(job)) {
            queue.add(ObjectKey.of(job));
        }
    }

    static boolean needsCleanup(JsonNode job) {
        return job.path("spec").hasNonNull("ttlSecondsAfterFinished") && Jobs.isFinished(job);
    }

    public void start() {
        if (ownsInformers) {
            informers.start();
        }
        controller.start();
    }

    public boolean isSynced() {
        return registration.hasSynced();
    }

    @Override
    public void close() {
        controller.close();
        if (ownsInformers) {
            informers.close();
        }
    }

    private Result sync(ObjectKey key) {
        Optional<ObjectNode> cached = informer.cache().get(key);
        if (cached.isEmpty()) {
            return Result.done();
        }
        Optional<Duration> left = timeLeft(cached.get(), clock.now());
        if (left.isEmpty()) {
            return Result.done();
        }
        if (left.get().isPositive()) {
            return Result.requeueAfter(left.get());
        }
        // The cache may be stale and the TTL may have been changed: decide on a fresh read.
        ObjectNode fresh;
        try {
            fresh = jobs.get(key.namespace(), key.name());
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return Result.done();
            }
            throw e;
        }
        Optional<Duration> freshLeft = timeLeft(fresh, clock.now());
        if (freshLeft.isEmpty()) {
            return Result.done();
        }
        if (freshLeft.get().isPositive()) {
            return Result.requeueAfter(freshLeft.get());
        }
        try {
            jobs.delete(key.namespace(), key.name(), DeleteOptions.propagation(PropagationPolicy.Foreground)
                    .withPreconditionUid(Meta.uid(fresh)));
        } catch (StatusException e) {
            if (!e.isNotFound() && !e.isConflict()) {
                throw e;
            }
        }
        return Result.done();
    }

    /**
     * How long until the Job expires (zero or negative once it has); empty when it is not subject to the
     * TTL (unfinished, no TTL, already being deleted).
     *
     * @throws IllegalStateException when a finished Job has no finish time
     */
    static Optional<Duration> timeLeft(JsonNode job, Instant now) {
        if (Meta.isDeleting(job) || !needsCleanup(job)) {
            return Optional.empty();
        }
        Instant finishedAt = Jobs.finishedType(job).flatMap(t -> Jobs.condition(job, t))
                .flatMap(c -> Jobs.timestamp(c.path("lastTransitionTime")))
                .orElseThrow(() -> new IllegalStateException("unable to find the time when the Job "
                        + Meta.namespace(job) + "/" + Meta.name(job) + " finished"));
        Instant expireAt = finishedAt.plusSeconds(job.path("spec").path("ttlSecondsAfterFinished").asLong());
        return Optional.of(Duration.between(now, expireAt));
    }
}
