package dev.tugboat.controllers.disruption;

import java.time.Duration;

/**
 * How the disruption controller runs.
 *
 * @param workers         budgets processed concurrently
 * @param deletionTimeout how long an eviction the API server granted may wait for its pod to be deleted
 *                        before the pod counts again (upstream's DeletionTimeout, 2 minutes)
 * @param resyncPeriod    how often every budget is looked at again
 */
public record DisruptionConfig(int workers, Duration deletionTimeout, Duration resyncPeriod) {

    public static DisruptionConfig defaults() {
        return new DisruptionConfig(2, Duration.ofMinutes(2), Duration.ofMinutes(5));
    }

    public DisruptionConfig withDeletionTimeout(Duration d) {
        return new DisruptionConfig(workers, d, resyncPeriod);
    }
}
