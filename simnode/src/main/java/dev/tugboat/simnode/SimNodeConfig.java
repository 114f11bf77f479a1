package dev.tugboat.simnode;

import java.time.Duration;

/**
 * How the simulated nodes behave.
 *
 * @param nodeCount             how many nodes {@link SimulatedNodes#start()} registers
 * @param namePrefix            their names are {@code <prefix>0}, {@code <prefix>1}, …
 * @param capacity              capacity and allocatable of every node
 * @param leaseDuration         the Lease's leaseDurationSeconds (kubelet: 40 s)
 * @param leaseRenewInterval    how often each node renews its Lease (kubelet: a quarter of the duration, 10 s)
 * @param statusReportFrequency how often node status is written when nothing changed (kubelet's
 *                              nodeStatusReportFrequency: 5 min); a change is written at the next heartbeat
 * @param workers               how many pods are synced, and how many heartbeats run, concurrently
 * @param metricsPort           the loopback port of the resource metrics endpoint every node advertises as its
 *                              kubelet endpoint (0 picks a free one)
 */
public record SimNodeConfig(int nodeCount, String namePrefix, NodeCapacity capacity, Duration leaseDuration,
                            Duration leaseRenewInterval, Duration statusReportFrequency, int workers,
                            int metricsPort) {

    public static final SimNodeConfig DEFAULT = new SimNodeConfig(0, "sim-node-", NodeCapacity.DEFAULT,
            Duration.ofSeconds(40), Duration.ofSeconds(10), Duration.ofMinutes(5), 16, 0);

    public SimNodeConfig {
        if (nodeCount < 0) {
            throw new IllegalArgumentException("nodeCount must not be negative");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        if (!leaseRenewInterval.isPositive() || leaseDuration.toSeconds() < 1) {
            throw new IllegalArgumentException("lease duration and renew interval must be positive");
        }
        if (!statusReportFrequency.isPositive()) {
            throw new IllegalArgumentException("statusReportFrequency must be positive");
        }
        if (metricsPort < 0 || metricsPort > 65535) {
            throw new IllegalArgumentException("metricsPort must be 0 (any free port) or a port number");
        }
    }

    /** The defaults with {@code n} nodes. */
    public static SimNodeConfig withNodes(int n) {
        return DEFAULT.withNodeCount(n);
    }

    public SimNodeConfig withNodeCount(int n) {
        return new SimNodeConfig(n, namePrefix, capacity, leaseDuration, leaseRenewInterval, statusReportFrequency,
                workers, metricsPort);
    }

    public SimNodeConfig withNamePrefix(String p) {
        return new SimNodeConfig(nodeCount, p, capacity, leaseDuration, leaseRenewInterval, statusReportFrequency,
                workers, metricsPort);
    }

    public SimNodeConfig withCapacity(NodeCapacity c) {
        return new SimNodeConfig(nodeCount, namePrefix, c, leaseDuration, leaseRenewInterval, statusReportFrequency,
                workers, metricsPort);
    }

    public SimNodeConfig withLease(Duration duration, Duration renewInterval) {
        return new SimNodeConfig(nodeCount, namePrefix, capacity, duration, renewInterval, statusReportFrequency,
                workers, metricsPort);
    }

    public SimNodeConfig withStatusReportFrequency(Duration d) {
        return new SimNodeConfig(nodeCount, namePrefix, capacity, leaseDuration, leaseRenewInterval, d, workers,
                metricsPort);
    }

    public SimNodeConfig withWorkers(int w) {
        return new SimNodeConfig(nodeCount, namePrefix, capacity, leaseDuration, leaseRenewInterval,
                statusReportFrequency, w, metricsPort);
    }

    public SimNodeConfig withMetricsPort(int port) {
        return new SimNodeConfig(nodeCount, namePrefix, capacity, leaseDuration, leaseRenewInterval,
                statusReportFrequency, workers, port);
    }
}
