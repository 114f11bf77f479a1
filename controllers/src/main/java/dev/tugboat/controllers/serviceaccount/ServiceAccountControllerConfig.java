package dev.tugboat.controllers.serviceaccount;

import java.time.Duration;
import java.util.List;

/**
 * How the service-account controller runs.
 *
 * @param workers         namespaces processed concurrently
 * @param resyncPeriod    how often every namespace is looked at again
 * @param serviceAccounts the accounts every active namespace must have
 */
public record ServiceAccountControllerConfig(int workers, Duration resyncPeriod, List<String> serviceAccounts) {

    public ServiceAccountControllerConfig {
        serviceAccounts = List.copyOf(serviceAccounts);
    }

    /** Upstream's defaults: one worker, no resync, the {@code default} account. */
    public static ServiceAccountControllerConfig defaults() {
        return new ServiceAccountControllerConfig(1, Duration.ZERO, List.of("default"));
    }
}
