package dev.tugboat.controllers.statefulset;

import java.time.Duration;

/**
 * How the StatefulSet controller runs.
 *
 * @param workers      StatefulSets reconciled concurrently (upstream --concurrent-statefulset-syncs)
 * @param resyncPeriod how often every StatefulSet is looked at again; zero for never
 */
public record StatefulSetControllerConfig(int workers, Duration resyncPeriod) {

    /** Upstream's defaults: 5 workers. */
    public static StatefulSetControllerConfig defaults() {
        return new StatefulSetControllerConfig(5, Duration.ofMinutes(10));
    }
}
