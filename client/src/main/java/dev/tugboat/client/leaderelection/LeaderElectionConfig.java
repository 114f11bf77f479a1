package dev.tugboat.client.leaderelection;

import java.time.Duration;

/**
 * How a {@link LeaderElector} competes for a Lease.
 *
 * @param namespace       the Lease's namespace (e.g. {@code kube-system})
 * @param name            the Lease's name (e.g. {@code kube-controller-manager})
 * @param identity        this candidate's unique name (e.g. host name plus a uid)
 * @param leaseDuration   how long others wait after the last observed renewal before taking over
 * @param renewDeadline   how long the leader keeps retrying a failing renewal before giving up
 * @param retryPeriod     the interval between attempts to acquire or renew
 * @param releaseOnCancel whether {@link LeaderElector#close()} gives the lease up so others need not wait
 */
public record LeaderElectionConfig(String namespace, String name, String identity, Duration leaseDuration,
                                   Duration renewDeadline, Duration retryPeriod, boolean releaseOnCancel) {

    public LeaderElectionConfig {
        if (leaseDuration.compareTo(renewDeadline) <= 0) {
            throw new IllegalArgumentException("leaseDuration must be greater than renewDeadline");
        }
        if (renewDeadline.toMillis() <= retryPeriod.toMillis() * 1.2) {
            throw new IllegalArgumentException("renewDeadline must be greater than retryPeriod*1.2");
        }
        if (identity == null || identity.isEmpty()) {
            throw new IllegalArgumentException("identity is required");
        }
    }

    /** Upstream's defaults: a 15 s lease, renewed within 10 s, attempts every 2 s, released on close. */
    public static LeaderElectionConfig defaults(String namespace, String name, String identity) {
        return new LeaderElectionConfig(namespace, name, identity, Duration.ofSeconds(15), Duration.ofSeconds(10),
                Duration.ofSeconds(2), true);
    }
}
