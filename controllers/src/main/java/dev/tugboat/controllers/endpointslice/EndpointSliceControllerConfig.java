package dev.tugboat.controllers.endpointslice;

import java.time.Duration;

/**
 * How the EndpointSlice controller runs.
 *
 * @param workers              services processed concurrently
 * @param resyncPeriod         how often every service is looked at again
 * @param maxEndpointsPerSlice endpoints in one slice at most
 */
public record EndpointSliceControllerConfig(int workers, Duration resyncPeriod, int maxEndpointsPerSlice) {

    /** Upstream's defaults: 5 workers, no resync, 100 endpoints per slice. */
    public static EndpointSliceControllerConfig defaults() {
        return new EndpointSliceControllerConfig(5, Duration.ZERO, 100);
    }

    public EndpointSliceControllerConfig withMaxEndpointsPerSlice(int n) {
        return new EndpointSliceControllerConfig(workers, resyncPeriod, n);
    }
}
