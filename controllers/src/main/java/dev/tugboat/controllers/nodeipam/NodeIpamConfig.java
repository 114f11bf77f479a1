package dev.tugboat.controllers.nodeipam;

import java.util.List;
import java.util.Optional;

/**
 * How node IPAM runs (kube-controller-manager's {@code --cluster-cidr}, {@code --node-cidr-mask-size-ipv4},
 * {@code --node-cidr-mask-size-ipv6} and {@code --service-cluster-ip-range}).
 *
 * @param clusterCidrs         one CIDR, or two of different IP families for dual stack
 * @param nodeMaskSizeIPv4     the prefix length of each node's IPv4 subnet
 * @param nodeMaskSizeIPv6     the prefix length of each node's IPv6 subnet
 * @param serviceCidr          a range kept out of the node subnets if it overlaps a cluster CIDR
 * @param workers              nodes processed concurrently
 */
public record NodeIpamConfig(List<String> clusterCidrs, int nodeMaskSizeIPv4, int nodeMaskSizeIPv6,
                             Optional<String> serviceCidr, int workers) {

    public NodeIpamConfig {
        clusterCidrs = List.copyOf(clusterCidrs);
        if (clusterCidrs.isEmpty() || clusterCidrs.size() > 2) {
            throw new IllegalArgumentException("one or two cluster CIDRs are required");
        }
    }

    /** Tugboat's defaults: 10.244.0.0/16 in /24s (upstream's mask sizes: 24 for IPv4, 64 for IPv6). */
    public static NodeIpamConfig defaults() {
        return new NodeIpamConfig(List.of("10.244.0.0/16"), 24, 64, Optional.empty(), 5);
    }

    public NodeIpamConfig withClusterCidrs(List<String> cidrs) {
        return new NodeIpamConfig(cidrs, nodeMaskSizeIPv4, nodeMaskSizeIPv6, serviceCidr, workers);
    }

    public NodeIpamConfig withNodeMaskSizeIPv4(int size) {
        return new NodeIpamConfig(clusterCidrs, size, nodeMaskSizeIPv6, serviceCidr, workers);
    }

    public NodeIpamConfig withServiceCidr(String cidr) {
        return new NodeIpamConfig(clusterCidrs, nodeMaskSizeIPv4, nodeMaskSizeIPv6, Optional.of(cidr), workers);
    }

    int nodeMaskSize(String clusterCidr) {
        return clusterCidr.contains(":") ? nodeMaskSizeIPv6 : nodeMaskSizeIPv4;
    }
}
