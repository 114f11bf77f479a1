package dev.tugboat.apiserver.metrics;

import java.time.Instant;

/**
 * One measurement of a node or container (metrics-server's MetricsPoint).
 *
 * @param startTime   when the container started (its CPU counter was zero then); {@link Instant#EPOCH}
 *                    when unknown, as for nodes
 * @param timestamp   when the CPU counter was read
 * @param cpuCoreNanos cumulative CPU time in core-nanoseconds
 * @param memoryBytes working set
 */
public record MetricsPoint(Instant startTime, Instant timestamp, long cpuCoreNanos, long memoryBytes) {
}
