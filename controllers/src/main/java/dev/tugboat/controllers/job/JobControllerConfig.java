package dev.tugboat.controllers.job;

import java.time.Duration;

/**
 * How the Job controller runs.
 *
 * @param workers            Jobs synced concurrently (upstream's --concurrent-job-syncs, 5)
 * @param syncBatchPeriod    pod changes of one Job within this period are handled by one sync (upstream 1 s)
 * @param podFailureBackoff  the delay before replacing a failed pod, doubled per further failure (10 s)
 * @param maxPodFailureBackoff the cap on that delay (upstream's MaxJobPodFailureBackOff, 10 min)
 */
public record JobControllerConfig(int workers, Duration syncBatchPeriod, Duration podFailureBackoff,
                                  Duration maxPodFailureBackoff) {

    public static JobControllerConfig defaults() {
        return new JobControllerConfig(5, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(10));
    }

    public JobControllerConfig withSyncBatchPeriod(Duration d) {
        return new JobControllerConfig(workers, d, podFailureBackoff, maxPodFailureBackoff);
    }

    public JobControllerConfig withPodFailureBackoff(Duration base, Duration max) {
        return new JobControllerConfig(workers, syncBatchPeriod, base, max);
    }
}
