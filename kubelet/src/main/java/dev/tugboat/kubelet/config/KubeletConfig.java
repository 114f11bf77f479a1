package dev.tugboat.kubelet.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a kubelet runs: its node, where it keeps state, the cluster's DNS settings it gives pods, and
 * its intervals (upstream's defaults).
 *
 * @param dataDir       the kubelet's state: pod volumes under {@code pods/}, container logs under
 *                      {@code logs/} (upstream's /var/lib/kubelet and /var/log/pods)
 * @param cgroupParent  the cgroupfs parent of every pod's cgroup (one per node, so that several
 *                      kubelets on one machine keep apart)
 * @param clusterDns    the cluster DNS server pods with dnsPolicy ClusterFirst use
 * @param resolvConf    the host's resolver configuration, for dnsPolicy Default and host-network pods
 * @param nodeIp        the address the node reports as InternalIP
 * @param kubeletPort   the port of the kubelet's HTTP API
 */
public record KubeletConfig(String nodeName, Path dataDir, String cgroupParent, String clusterDns,
                            String clusterDomain, Path resolvConf, String nodeIp, int kubeletPort, int maxPods,
                            Duration nodeStatusUpdateFrequency, Duration nodeLeaseDuration, Duration relistPeriod) {

    public static KubeletConfig defaults(String nodeName, Path dataDir, String nodeIp) {
        return new KubeletConfig(nodeName, dataDir, "/tugboat/" + nodeName, "10.96.0.10", "cluster.local",
                Path.of("/etc/resolv.conf"), nodeIp, 10250, 110, Duration.ofSeconds(10), Duration.ofSeconds(40),
                Duration.ofSeconds(1));
    }

    public KubeletConfig withKubeletPort(int port) {
        return new KubeletConfig(nodeName, dataDir, cgroupParent, clusterDns, clusterDomain, resolvConf, nodeIp, port,
                maxPods, nodeStatusUpdateFrequency, nodeLeaseDuration, relistPeriod);
    }

    /** Where a pod's containers write their logs: {@code <namespace>_<name>_<uid>}. */
    public Path podLogDir(String namespace, String name, String uid) {
        return dataDir.resolve("logs").resolve(namespace + "_" + name + "_" + uid);
    }

    /** Where a pod's volumes live on the node. */
    public Path podDir(String uid) {
        return dataDir.resolve("pods").resolve(uid);
    }
}
