package dev.tugboat.controllers.nodelifecycle;

import java.time.Duration;

/**
 * How the node lifecycle controller runs (kube-controller-manager's flags of the same names).
 *
 * @param nodeMonitorPeriod           how often every node's heartbeats are checked
 * @param nodeMonitorGracePeriod      how long a node may go without a heartbeat before it is Unknown
 * @param nodeStartupGracePeriod      the same for a node that has never posted a Ready condition
 * @param evictionLimiterQps          NoExecute taints per second per zone (a node each 10 s upstream)
 * @param secondaryEvictionLimiterQps the rate in a partially disrupted large zone
 * @param largeClusterSizeThreshold   zones up to this size stop tainting when partially disrupted
 * @param unhealthyZoneThreshold      the share of not-Ready nodes (above two) that disrupts a zone
 */
public record NodeLifecycleConfig(Duration nodeMonitorPeriod, Duration nodeMonitorGracePeriod,
                                  Duration nodeStartupGracePeriod, double evictionLimiterQps,
                                  double secondaryEvictionLimiterQps, int largeClusterSizeThreshold,
                                  double unhealthyZoneThreshold) {

    /** Upstream's defaults: 5 s, 40 s, 60 s, 0.1, 0.01, 50, 0.55. */
    public static NodeLifecycleConfig defaults() {
        return new NodeLifecycleConfig(Duration.ofSeconds(5), Duration.ofSeconds(40), Duration.ofMinutes(1), 0.1,
                0.01, 50, 0.55);
    }

    public NodeLifecycleConfig withNodeMonitorPeriod(Duration d) {
        return new NodeLifecycleConfig(d, nodeMonitorGracePeriod, nodeStartupGracePeriod, evictionLimiterQps,
                secondaryEvictionLimiterQps, largeClusterSizeThreshold, unhealthyZoneThreshold);
    }

    public NodeLifecycleConfig withNodeMonitorGracePeriod(Duration d) {
        return new NodeLifecycleConfig(nodeMonitorPeriod, d, nodeStartupGracePeriod, evictionLimiterQps,
                secondaryEvictionLimiterQps, largeClusterSizeThreshold, unhealthyZoneThreshold);
    }

    public NodeLifecycleConfig withNodeStartupGracePeriod(Duration d) {
        return new NodeLifecycleConfig(nodeMonitorPeriod, nodeMonitorGracePeriod, d, evictionLimiterQps,
                secondaryEvictionLimiterQps, largeClusterSizeThreshold, unhealthyZoneThreshold);
    }

    public NodeLifecycleConfig withEvictionLimiterQps(double qps) {
        return new NodeLifecycleConfig(nodeMonitorPeriod, nodeMonitorGracePeriod, nodeStartupGracePeriod, qps,
                secondaryEvictionLimiterQps, largeClusterSizeThreshold, unhealthyZoneThreshold);
    }
}
