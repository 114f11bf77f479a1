package dev.tugboat.controllers.endpoints;

import java.time.Duration;

/**
 * How the endpoints controller runs.
 *
 * @param workers      services processed concurrently
 * @param resyncPeriod how often every service is looked at again
 */
public record EndpointsControllerConfig(int workers, Duration resyncPeriod) {

    /** Upstream's defaults: 5 workers (--concurrent-endpoint-syncs), no resync. */
    public static EndpointsControllerConfig defaults() {
        return new EndpointsControllerConfig(5, Duration.ZERO);
    }
}
