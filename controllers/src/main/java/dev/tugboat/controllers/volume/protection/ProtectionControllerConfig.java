package dev.tugboat.controllers.volume.protection;

import java.time.Duration;

/**
 * How a protection controller runs.
 *
 * @param workers      objects processed concurrently
 * @param resyncPeriod how often every object is looked at again; zero for never (upstream's are event driven)
 */
public record ProtectionControllerConfig(int workers, Duration resyncPeriod) {

    public static ProtectionControllerConfig defaults() {
        return new ProtectionControllerConfig(1, Duration.ZERO);
    }
}
