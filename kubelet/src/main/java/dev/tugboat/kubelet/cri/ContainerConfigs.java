package dev.tugboat.kubelet.cri;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.quantity.Quantity;
import dev.tugboat.kubelet.cri.v1.Capability;
import dev.tugboat.kubelet.cri.v1.ContainerConfig;
import dev.tugboat.kubelet.cri.v1.ContainerMetadata;
import dev.tugboat.kubelet.cri.v1.ImageSpec;
import dev.tugboat.kubelet.cri.v1.Int64Value;
import dev.tugboat.kubelet.cri.v1.KeyValue;
import dev.tugboat.kubelet.cri.v1.LinuxContainerConfig;
import dev.tugboat.kubelet.cri.v1.LinuxContainerResources;
import dev.tugboat.kubelet.cri.v1.LinuxContainerSecurityContext;
import dev.tugboat.kubelet.cri.v1.Mount;
import dev.tugboat.kubelet.cri.v1.NamespaceMode;
import dev.tugboat.kubelet.cri.v1.NamespaceOption;
import dev.tugboat.kubelet.pod.ContainerHash;
import dev.tugboat.kubelet.pod.Expansion;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A container's configuration as the kubelet asks the runtime for it (upstream's
 * generateContainerConfig): command and args with {@code $(VAR)} expanded from its environment,
 * working directory, environment, mounts, log path {@code <name>/<attempt>.log}, terminal flags,
 * resources (CPU shares from requests, CFS quota from limits, memory limit, OOM score by QoS class) and
 * the security context. Labels and annotations let the kubelet recognise the container later: its pod,
 * its name and the hash of the spec it was made from. Pure.
 */
public final class ContainerConfigs {

    public static final String CONTAINER_NAME = "io.kubernetes.container.name";
    public static final String CONTAINER_HASH = "io.kubernetes.container.hash";
    public static final String RESTART_COUNT = "io.kubernetes.container.restartCount";

    /** Upstream's CFS period and the minimum CPU shares. */
    static final long CPU_PERIOD = 100_000;
    static final long MIN_SHARES = 2;

    private ContainerConfigs() {
    }

    /**
     * @param env          the resolved environment, in order
     * @param mounts       the container's volume mounts, already resolved to host paths
     * @param nodeMemory   the node's memory capacity in bytes, for the OOM score of burstable pods
     */
    public static ContainerConfig of(JsonNode pod, JsonNode container, int attempt, Map<String, String> env,
                                     List<Mount> mounts, long nodeMemory) {
        String name = container.path("name").asText();
        ContainerConfig.Builder b = ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(name).setAttempt(attempt))
                .setImage(ImageSpec.newBuilder().setImage(container.path("image").asText()))
                .setWorkingDir(container.path("workingDir").asText(""))
                .setLogPath(name + "/" + attempt + ".log")
                .setStdin(container.path("stdin").asBoolean(false))
                .setStdinOnce(container.path("stdinOnce").asBoolean(false))
                .setTty(container.path("tty").asBoolean(false))
                .putLabels(SandboxConfigs.POD_NAME, Meta.name(pod))
                .putLabels(SandboxConfigs.POD_NAMESPACE, Meta.namespace(pod))
                .putLabels(SandboxConfigs.POD_UID, Meta.uid(pod))
                .putLabels(CONTAINER_NAME, name)
                .putAnnotations(CONTAINER_HASH, ContainerHash.of(container))
                .putAnnotations(RESTART_COUNT, Integer.toString(attempt));
        container.path("command").forEach(c -> b.addCommand(Expansion.expand(c.asText(), env::get)));
        container.path("args").forEach(a -> b.addArgs(Expansion.expand(a.asText(), env::get)));
        env.forEach((k, v) -> b.addEnvs(KeyValue.newBuilder().setKey(k).setValue(v)));
        b.addAllMounts(mounts);
        b.setLinux(LinuxContainerConfig.newBuilder()
                .setResources(resources(pod, container, nodeMemory))
                .setSecurityContext(security(pod, container)));
        return b.build();
    }

    static LinuxContainerResources resources(JsonNode pod, JsonNode container, long nodeMemory) {
        JsonNode requests = container.path("resources").path("requests");
        JsonNode limits = container.path("resources").path("limits");
        LinuxContainerResources.Builder r = LinuxContainerResources.newBuilder();
        long cpuRequest = milli(requests.get("cpu"), limits.get("cpu"));
        r.setCpuShares(Math.max(MIN_SHARES, cpuRequest * 1024 / 1000));
        if (limits.has("cpu")) {
            long milli = Quantity.parse(limits.get("cpu")).milliValue();
            r.setCpuPeriod(CPU_PERIOD).setCpuQuota(Math.max(1000, milli * CPU_PERIOD / 1000));
        }
        if (limits.has("memory")) {
            r.setMemoryLimitInBytes(Quantity.parse(limits.get("memory")).value());
        }
        r.setOomScoreAdj(oomScoreAdj(pod, container, nodeMemory));
        return r.build();
    }

    private static long milli(JsonNode request, JsonNode limit) {
        JsonNode q = request != null ? request : limit;
        return q == null ? 0 : Quantity.parse(q).milliValue();
    }

    /**
     * Upstream's OOM score policy: guaranteed pods -997, best-effort 1000, burstable ones between by
     * their memory request's share of the node (the runtime here may clamp negative scores to 0).
     */
    static long oomScoreAdj(JsonNode pod, JsonNode container, long nodeMemory) {
        switch (pod.path("status").path("qosClass").asText(qosClass(pod))) {
            case "Guaranteed" -> {
                return -997;
            }
            case "BestEffort" -> {
                return 1000;
            }
            default -> {
                JsonNode req = container.path("resources").path("requests").get("memory");
                long request = req == null ? 0 : Quantity.parse(req).value();
                long score = nodeMemory <= 0 ? 1000 : 1000 - 1000 * request / nodeMemory;
                return Math.max(2, Math.min(999, score));
            }
        }
    }

    /** The pod's QoS class from its containers' requests and limits (for pods whose status lacks it). */
    static String qosClass(JsonNode pod) {
        boolean any = false;
        boolean guaranteed = true;
        for (String list : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : pod.path("spec").path(list)) {
                JsonNode req = c.path("resources").path("requests");
                JsonNode lim = c.path("resources").path("limits");
                for (String res : new String[] {"cpu", "memory"}) {
                    if (req.has(res) || lim.has(res)) {
                        any = true;
                    }
                    if (!lim.has(res) || req.has(res) && !Quantity.parse(req.get(res)).equals(Quantity.parse(lim.get(res)))) {
                        guaranteed = false;
                    }
                }
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    static LinuxContainerSecurityContext security(JsonNode pod, JsonNode container) {
        JsonNode podSc = pod.path("spec").path("securityContext");
        JsonNode sc = container.path("securityContext");
        LinuxContainerSecurityContext.Builder s = LinuxContainerSecurityContext.newBuilder();
        JsonNode user = sc.has("runAsUser") ? sc.get("runAsUser") : podSc.get("runAsUser");
        if (user != null && user.canConvertToLong()) {
            s.setRunAsUser(Int64Value.newBuilder().setValue(user.asLong()));
        }
        JsonNode group = sc.has("runAsGroup") ? sc.get("runAsGroup") : podSc.get("runAsGroup");
        if (group != null && group.canConvertToLong()) {
            s.setRunAsGroup(Int64Value.newBuilder().setValue(group.asLong()));
        }
        for (JsonNode g : podSc.path("supplementalGroups")) {
            s.addSupplementalGroups(g.asLong());
        }
        JsonNode fsGroup = podSc.get("fsGroup");
        if (fsGroup != null && fsGroup.canConvertToLong()) {
            s.addSupplementalGroups(fsGroup.asLong());
        }
        s.setPrivileged(sc.path("privileged").asBoolean(false));
        s.setReadonlyRootfs(sc.path("readOnlyRootFilesystem").asBoolean(false));
        if (sc.has("allowPrivilegeEscalation") && !sc.path("allowPrivilegeEscalation").asBoolean(true)) {
            s.setNoNewPrivs(true);
        }
        Capability.Builder caps = Capability.newBuilder();
        sc.path("capabilities").path("add").forEach(c -> caps.addAddCapabilities(capability(c.asText())));
        sc.path("capabilities").path("drop").forEach(c -> caps.addDropCapabilities(capability(c.asText())));
        s.setCapabilities(caps);
        JsonNode spec = pod.path("spec");
        s.setNamespaceOptions(NamespaceOption.newBuilder()
                .setNetwork(spec.path("hostNetwork").asBoolean(false) ? NamespaceMode.NODE : NamespaceMode.POD)
                .setPid(spec.path("hostPID").asBoolean(false) ? NamespaceMode.NODE
                        : spec.path("shareProcessNamespace").asBoolean(false) ? NamespaceMode.POD : NamespaceMode.CONTAINER)
                .setIpc(spec.path("hostIPC").asBoolean(false) ? NamespaceMode.NODE : NamespaceMode.POD));
        return s.build();
    }

    /** CRI wants capabilities without the CAP_ prefix, upper case; ALL stays ALL. */
    static String capability(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        return n.startsWith("CAP_") ? n.substring(4) : n;
    }
}
