package dev.tugboat.controllers;

import java.time.Duration;

/**
 * How the controller manager runs (a few of kube-controller-manager's flags).
 *
 * @param identity               this instance's name in the leader lease (host name plus a unique suffix)
 * @param leaderElect            whether to compete for the {@code kube-system/kube-controller-manager}
 *                               Lease and run the controllers only while holding it ({@code --leader-elect})
 * @param leaseDuration          how long a dead leader's lease keeps others waiting
 * @param clusterCidr            the range node pod CIDRs come from ({@code --cluster-cidr})
 * @param nodeCidrMaskSize       the prefix length of each node's pod CIDR ({@code --node-cidr-mask-size})
 * @param nodeMonitorGracePeriod how long a node may go without a heartbeat before it is marked
 *                               unhealthy ({@code --node-monitor-grace-period})
 * @param hpaSyncPeriod          how often each HorizontalPodAutoscaler is reconciled
 *                               ({@code --horizontal-pod-autoscaler-sync-period})
 */
public record ControllerManagerConfig(String identity, boolean leaderElect, Duration leaseDuration, String clusterCidr,
                                      int nodeCidrMaskSize, Duration nodeMonitorGracePeriod, Duration hpaSyncPeriod) {

    public static ControllerManagerConfig defaults(String identity) {
        return new ControllerManagerConfig(identity, true, Duration.ofSeconds(15), "10.244.0.0/16", 24,
                Duration.ofSeconds(40), Duration.ofSeconds(15));
    }

    public ControllerManagerConfig withLeaderElect(boolean b) {
        return new ControllerManagerConfig(identity, b, leaseDuration, clusterCidr, nodeCidrMaskSize,
                nodeMonitorGracePeriod, hpaSyncPeriod);
    }

    public ControllerManagerConfig withLeaseDuration(Duration d) {
        return new ControllerManagerConfig(identity, leaderElect, d, clusterCidr, nodeCidrMaskSize,
                nodeMonitorGracePeriod, hpaSyncPeriod);
    }

    public ControllerManagerConfig withClusterCidr(String cidr, int maskSize) {
        return new ControllerManagerConfig(identity, leaderElect, leaseDuration, cidr, maskSize,
                nodeMonitorGracePeriod, hpaSyncPeriod);
    }

    public ControllerManagerConfig withNodeMonitorGracePeriod(Duration d) {
        return new ControllerManagerConfig(identity, leaderElect, leaseDuration, clusterCidr, nodeCidrMaskSize, d,
                hpaSyncPeriod);
    }

    public ControllerManagerConfig withHpaSyncPeriod(Duration d) {
        return new ControllerManagerConfig(identity, leaderElect, leaseDuration, clusterCidr, nodeCidrMaskSize,
                nodeMonitorGracePeriod, d);
    }
}
