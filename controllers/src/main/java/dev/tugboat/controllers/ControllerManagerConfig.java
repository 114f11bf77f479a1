package dev.tugboat.controllers;

import java.time.Duration;

/**
 * How the controller manager runs.
 *
 * @param identity    this instance's name in the leader lease (host name plus a unique suffix)
 * @param leaderElect whether to compete for the {@code kube-system/kube-controller-manager} Lease and
 *                    run the controllers only while holding it (upstream's {@code --leader-elect})
 * @param leaseDuration how long a dead leader's lease keeps others waiting
 */
public record ControllerManagerConfig(String identity, boolean leaderElect, Duration leaseDuration) {

    public static ControllerManagerConfig defaults(String identity) {
        return new ControllerManagerConfig(identity, true, Duration.ofSeconds(15));
    }

    public ControllerManagerConfig withLeaderElect(boolean b) {
        return new ControllerManagerConfig(identity, b, leaseDuration);
    }

    public ControllerManagerConfig withLeaseDuration(Duration d) {
        return new ControllerManagerConfig(identity, leaderElect, d);
    }
}
