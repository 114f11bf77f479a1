package dev.tugboat.apiserver.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Resource usage over a window, as the metrics API reports it: CPU as the rate of the cumulative counter
 * between two points, memory as the later working set.
 *
 * @param cpuNanoCores average CPU use over the window, in nanocores
 * @param memoryBytes  working set at {@code timestamp}
 * @param timestamp    the later point's time
 * @param window       the time between the two points
 */
public record Usage(long cpuNanoCores, long memoryBytes, Instant timestamp, Duration window) {

    /**
     * metrics-server's {@code resourceUsage}: empty when the two points cannot be compared (the later one
     * started earlier, its counter went back, or no time passed).
     */
    public static Optional<Usage> between(MetricsPoint last, MetricsPoint prev) {
        if (last.startTime().isBefore(prev.startTime()) || last.cpuCoreNanos() < prev.cpuCoreNanos()) {
            return Optional.empty();
        }
        Duration window = Duration.between(prev.timestamp(), last.timestamp());
        if (!window.isPositive()) {
            return Optional.empty();
        }
        double rate = (last.cpuCoreNanos() - prev.cpuCoreNanos()) / (window.toNanos() / 1e9);
        return Optional.of(new Usage((long) rate, last.memoryBytes(), last.timestamp(), window));
    }
}
