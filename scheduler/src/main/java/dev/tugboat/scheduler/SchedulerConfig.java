package dev.tugboat.scheduler;

import java.time.Duration;

/**
 * How the scheduler runs.
 *
 * @param schedulerName            pods with this {@code spec.schedulerName} are ours
 * @param percentageOfNodesToScore share of nodes to find feasible before scoring; 0 for upstream's
 *                                 adaptive default (50% − nodes/125, at least 5%, at least 100 nodes)
 * @param initialBackoff           first retry delay of a failed pod (doubling per attempt)
 * @param maxBackoff               longest retry delay
 * @param maxInUnschedulable       longest an unschedulable pod waits without a relevant cluster event
 * @param bindParallelism          bindings in flight at once
 */
public record SchedulerConfig(String schedulerName, int percentageOfNodesToScore, Duration initialBackoff,
                              Duration maxBackoff, Duration maxInUnschedulable, int bindParallelism) {

    public static final String DEFAULT_SCHEDULER_NAME = "default-scheduler";

    /** Upstream's defaults: 1 s to 10 s backoff, 5 minutes at most in the unschedulable set. */
    public static SchedulerConfig defaults() {
        return new SchedulerConfig(DEFAULT_SCHEDULER_NAME, 0, Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofMinutes(5), 64);
    }

    public SchedulerConfig withPercentageOfNodesToScore(int p) {
        return new SchedulerConfig(schedulerName, p, initialBackoff, maxBackoff, maxInUnschedulable, bindParallelism);
    }

    public SchedulerConfig withBackoff(Duration initial, Duration max) {
        return new SchedulerConfig(schedulerName, percentageOfNodesToScore, initial, max, maxInUnschedulable,
                bindParallelism);
    }
}
