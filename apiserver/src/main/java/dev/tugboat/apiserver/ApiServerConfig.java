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
 */
public record ApiServerConfig(String bindAddress, int port, String serviceCidr, String nodePortRange,
                              Duration compactionInterval) {

    public static ApiServerConfig defaults() {
        return new ApiServerConfig("127.0.0.1", 6443, "10.96.0.0/12", "30000-32767", Duration.ofMinutes(5));
    }

    public ApiServerConfig withPort(int p) {
        return new ApiServerConfig(bindAddress, p, serviceCidr, nodePortRange, compactionInterval);
    }

    public ApiServerConfig withBindAddress(String a) {
        return new ApiServerConfig(a, port, serviceCidr, nodePortRange, compactionInterval);
    }

    public ApiServerConfig withCompactionInterval(Duration d) {
        return new ApiServerConfig(bindAddress, port, serviceCidr, nodePortRange, d);
    }
}
