package dev.tugboat.controllers.resourcequota;

import java.time.Duration;

/**
 * How the resource quota controller runs.
 *
 * @param workers      quotas processed concurrently
 * @param resyncPeriod how often every quota's usage is recounted (changes of pods and services are seen
 *                     at once; other counted kinds at the next resync)
 */
public record ResourceQuotaControllerConfig(int workers, Duration resyncPeriod) {

    /** Upstream's defaults: 5 workers (--concurrent-resource-quota-syncs), a 5 minute resync. */
    public static ResourceQuotaControllerConfig defaults() {
        return new ResourceQuotaControllerConfig(5, Duration.ofMinutes(5));
    }

    public ResourceQuotaControllerConfig withResyncPeriod(Duration d) {
        return new ResourceQuotaControllerConfig(workers, d);
    }
}
