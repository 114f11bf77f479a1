package dev.tugboat.apiserver;

import java.time.Duration;

/**
 * How an API server runs.
 *
 * @param bindAddress        the listen address (loopback by default)
 * @param port               the listen port (0 picks a free one)
 * @param serviceCidr        the Service ClusterIP range; the first address is the {@code kubernetes} Service
 * @param nodePortRange      e.g. {@code 30000-32767}
 * @param compactionInterval how often history older than one interval is compacted away
 * @param metricResolution   how often the nodes' resource metrics are scraped for {@code metrics.k8s.io}
 *                           (metrics-server's {@code --metric-resolution}, 15 s); zero serves no metrics API
 */
public record ApiServerConfig(String bindAddress, int port, String serviceCidr, String nodePortRange,
                              Duration compactionInterval, Duration metricResolution) {

    public ApiServerConfig {
        if (metricResolution.isNegative()) {
            throw new IllegalArgumentException("metric resolution must not be negative");
        }
    }

    public static ApiServerConfig defaults() {
        return new ApiServerConfig("127.0.0.1", 6443, "10.96.0.0/12", "30000-32767", Duration.ofMinutes(5),
                Duration.ofSeconds(15));
    }

    public ApiServerConfig withPort(int p) {
        return new ApiServerConfig(bindAddress, p, serviceCidr, nodePortRange, compactionInterval, metricResolution);
    }

    public ApiServerConfig withBindAddress(String a) {
        return new ApiServerConfig(a, port, serviceCidr, nodePortRange, compactionInterval, metricResolution);
    }

    public ApiServerConfig withCompactionInterval(Duration d) {
        return new ApiServerConfig(bindAddress, port, serviceCidr, nodePortRange, d, metricResolution);
    }

    public ApiServerConfig withMetricResolution(Duration d) {
        return new ApiServerConfig(bindAddress, port, serviceCidr, nodePortRange, compactionInterval, d);
    }
}
