package dev.tugboat.controllers.namespace;

import java.time.Duration;

/**
 * How the namespace controller runs.
 *
 * @param workers             namespaces processed concurrently
 * @param resyncPeriod        how often every namespace is looked at again
 * @param deletionGracePeriod how long after a namespace is marked for deletion its content is deleted
 *                            (upstream waits 5 s for HA API servers and storage to converge)
 */
public record NamespaceControllerConfig(int workers, Duration resyncPeriod, Duration deletionGracePeriod) {

    /** Upstream's defaults: 10 workers, a 5 minute resync, 5 s grace. */
    public static NamespaceControllerConfig defaults() {
        return new NamespaceControllerConfig(10, Duration.ofMinutes(5), Duration.ofSeconds(5));
    }

    public NamespaceControllerConfig withDeletionGracePeriod(Duration d) {
        return new NamespaceControllerConfig(workers, resyncPeriod, d);
    }
}
