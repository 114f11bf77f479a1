package dev.tugboat.controllers.daemonset;

import java.time.Duration;

/**
 * How the DaemonSet controller runs.
 *
 * @param workers               DaemonSets reconciled concurrently (upstream --concurrent-daemonset-syncs)
 * @param resyncPeriod          how often every DaemonSet is looked at again; zero for never
 * @param burstReplicas         most pods created or deleted in one reconcile
 * @param failedPodBackoff      the first wait before a failed daemon pod on a node is replaced again
 * @param maxFailedPodBackoff   the longest such wait (the wait doubles per failure)
 */
public record DaemonSetControllerConfig(int workers, Duration resyncPeriod, int burstReplicas,
                                        Duration failedPodBackoff, Duration maxFailedPodBackoff) {

    /** Upstream's defaults: 2 workers, 250 pods a burst, failed pods backed off from 1 s to 15 min. */
    public static DaemonSetControllerConfig defaults() {
        return new DaemonSetControllerConfig(2, Duration.ofMinutes(10), 250, Duration.ofSeconds(1),
                Duration.ofMinutes(15));
    }

    public DaemonSetControllerConfig withFailedPodBackoff(Duration initial, Duration max) {
        return new DaemonSetControllerConfig(workers, resyncPeriod, burstReplicas, initial, max);
    }
}
