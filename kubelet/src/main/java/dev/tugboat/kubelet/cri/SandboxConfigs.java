package dev.tugboat.kubelet.cri;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.kubelet.config.KubeletConfig;
import dev.tugboat.kubelet.cri.v1.DNSConfig;
import dev.tugboat.kubelet.cri.v1.LinuxPodSandboxConfig;
import dev.tugboat.kubelet.cri.v1.LinuxSandboxSecurityContext;
import dev.tugboat.kubelet.cri.v1.NamespaceMode;
import dev.tugboat.kubelet.cri.v1.NamespaceOption;
import dev.tugboat.kubelet.cri.v1.PodSandboxConfig;
import dev.tugboat.kubelet.cri.v1.PodSandboxMetadata;
import dev.tugboat.kubelet.cri.v1.PortMapping;
import dev.tugboat.kubelet.cri.v1.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A pod's sandbox configuration as the kubelet asks the runtime for it (upstream's
 * generatePodSandboxConfig): identity and attempt, hostname, log directory, DNS per dnsPolicy and
 * dnsConfig, host ports, the labels that let the kubelet find its pods again, the pod's cgroup parent
 * and its namespaces (the node's network for hostNetwork pods). Pure.
 */
public final class SandboxConfigs {

    /** Labels on every sandbox and container the kubelet creates (upstream's names). */
    public static final String POD_NAME = "io.kubernetes.pod.name";
    public static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    public static final String POD_UID = "io.kubernetes.pod.uid";
    /** Which kubelet made a sandbox, so that kubelets sharing a runtime leave each other's pods alone. */
    public static final String NODE = "dev.tugboat.node";

    private SandboxConfigs() {
    }

    /**
     * @param hostResolv the host's resolv.conf nameservers, searches and options, for dnsPolicy Default
     *                   and host-network pods
     */
    public static PodSandboxConfig of(JsonNode pod, int attempt, KubeletConfig config, DNSConfig hostResolv) {
        String ns = Meta.namespace(pod);
        String name = Meta.name(pod);
        String uid = Meta.uid(pod);
        JsonNode spec = pod.path("spec");
        boolean hostNetwork = spec.path("hostNetwork").asBoolean(false);
        PodSandboxConfig.Builder b = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(name).setNamespace(ns).setUid(uid).setAttempt(attempt))
                .setHostname(hostname(pod, hostNetwork))
                .setLogDirectory(config.podLogDir(ns, name, uid).toString())
                .setDnsConfig(dns(pod, config, hostResolv))
                .putLabels(POD_NAME, name).putLabels(POD_NAMESPACE, ns).putLabels(POD_UID, uid)
                .putLabels(NODE, config.nodeName());
        Meta.labels(pod).forEach((k, v) -> {
            if (!k.startsWith("io.kubernetes.")) {
                b.putLabels(k, v);
            }
        });
        Meta.annotations(pod).forEach(b::putAnnotations);
        for (JsonNode c : spec.path("containers")) {
            for (JsonNode p : c.path("ports")) {
                int hostPort = p.path("hostPort").asInt(0);
                if (hostPort > 0 && !hostNetwork) {
                    b.addPortMappings(PortMapping.newBuilder()
                            .setProtocol(protocol(p.path("protocol").asText("TCP")))
                            .setContainerPort(p.path("containerPort").asInt())
                            .setHostPort(hostPort)
                            .setHostIp(p.path("hostIP").asText("")));
                }
            }
        }
        JsonNode sc = spec.path("securityContext");
        LinuxSandboxSecurityContext.Builder security = LinuxSandboxSecurityContext.newBuilder()
                .setNamespaceOptions(NamespaceOption.newBuilder()
                        .setNetwork(hostNetwork ? NamespaceMode.NODE : NamespaceMode.POD)
                        .setPid(spec.path("hostPID").asBoolean(false) ? NamespaceMode.NODE
                                : spec.path("shareProcessNamespace").asBoolean(false) ? NamespaceMode.POD
                                : NamespaceMode.CONTAINER)
                        .setIpc(spec.path("hostIPC").asBoolean(false) ? NamespaceMode.NODE : NamespaceMode.POD));
        for (JsonNode g : sc.path("supplementalGroups")) {
            security.addSupplementalGroups(g.asLong());
        }
        LinuxPodSandboxConfig.Builder linux = LinuxPodSandboxConfig.newBuilder()
                .setCgroupParent(cgroupParent(config, uid))
                .setSecurityContext(security);
        for (JsonNode s : sc.path("sysctls")) {
            linux.putSysctls(s.path("name").asText(), s.path("value").asText());
        }
        return b.setLinux(linux).build();
    }

    /** The pod's cgroup under the node's parent: {@code <parent>/pod<uid>} (cgroupfs form). */
    public static String cgroupParent(KubeletConfig config, String uid) {
        return config.cgroupParent() + "/pod" + uid;
    }

    static Protocol protocol(String p) {
        return switch (p.toUpperCase(Locale.ROOT)) {
            case "UDP" -> Protocol.UDP;
            case "SCTP" -> Protocol.SCTP;
            default -> Protocol.TCP;
        };
    }

    /** The pod's hostname: spec.hostname or the pod name, cut to 63 characters (upstream's rule). */
    static String hostname(JsonNode pod, boolean hostNetwork) {
        if (hostNetwork) {
            return "";
        }
        String h = pod.path("spec").path("hostname").asText("");
        if (h.isEmpty()) {
            h = Meta.name(pod);
        }
        if (h.length() > 63) {
            h = h.substring(0, 63);
            while (h.endsWith("-") || h.endsWith(".")) {
                h = h.substring(0, h.length() - 1);
            }
        }
        return h;
    }

    /**
     * DNS by dnsPolicy (upstream's getPodDNSType): ClusterFirst (the default) uses the cluster DNS with
     * the namespace's search path and ndots:5, except for host-network pods which fall back to the host's
     * resolver; ClusterFirstWithHostNet uses the cluster DNS always; Default uses the host's resolver;
     * None uses only dnsConfig. dnsConfig's nameservers, searches and options are then merged in.
     */
    static DNSConfig dns(JsonNode pod, KubeletConfig config, DNSConfig host) {
        JsonNode spec = pod.path("spec");
        String policy = spec.path("dnsPolicy").asText("ClusterFirst");
        boolean hostNetwork = spec.path("hostNetwork").asBoolean(false);
        boolean cluster = policy.equals("ClusterFirstWithHostNet") || policy.equals("ClusterFirst") && !hostNetwork;
        List<String> servers = new ArrayList<>();
        List<String> searches = new ArrayList<>();
        List<String> options = new ArrayList<>();
        if (cluster) {
            servers.add(config.clusterDns());
            String ns = Meta.namespace(pod);
            searches.addAll(List.of(ns + ".svc." + config.clusterDomain(), "svc." + config.clusterDomain(),
                    config.clusterDomain()));
            searches.addAll(host.getSearchesList());
            options.add("ndots:5");
        } else if (!policy.equals("None")) {
            servers.addAll(host.getServersList());
            searches.addAll(host.getSearchesList());
            options.addAll(host.getOptionsList());
        }
        JsonNode dnsConfig = spec.path("dnsConfig");
        dnsConfig.path("nameservers").forEach(n -> addOnce(servers, n.asText()));
        dnsConfig.path("searches").forEach(s -> addOnce(searches, s.asText()));
        for (JsonNode o : dnsConfig.path("options")) {
            String option = o.path("name").asText() + (o.has("value") ? ":" + o.path("value").asText() : "");
            options.removeIf(existing -> existing.split(":")[0].equals(o.path("name").asText()));
            options.add(option);
        }
        return DNSConfig.newBuilder().addAllServers(servers.stream().limit(3).toList())
                .addAllSearches(searches.stream().limit(32).toList()).addAllOptions(options).build();
    }

    private static void addOnce(List<String> list, String value) {
        if (!list.contains(value)) {
            list.add(value);
        }
    }

    /** The nameservers, search domains and options of a resolv.conf text. */
    public static DNSConfig parseResolvConf(String text) {
        DNSConfig.Builder b = DNSConfig.newBuilder();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2 || f[0].startsWith("#") || f[0].startsWith(";")) {
                continue;
            }
            switch (f[0]) {
                case "nameserver" -> b.addServers(f[1]);
                case "search", "domain" -> {
                    for (int i = 1; i < f.length; i++) {
                        b.addSearches(f[i]);
                    }
                }
                case "options" -> {
                    for (int i = 1; i < f.length; i++) {
                        b.addOptions(f[i]);
                    }
                }
                default -> {
                }
            }
        }
        return b.build();
    }
}
