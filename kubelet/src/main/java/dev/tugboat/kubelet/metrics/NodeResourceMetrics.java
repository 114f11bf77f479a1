package dev.tugboat.kubelet.metrics;

import dev.tugboat.kubelet.cri.ContainerConfigs;
import dev.tugboat.kubelet.cri.CriClient;
import dev.tugboat.kubelet.cri.SandboxConfigs;
import dev.tugboat.kubelet.cri.v1.ContainerFilter;
import dev.tugboat.kubelet.cri.v1.ContainerState;
import dev.tugboat.kubelet.cri.v1.ContainerStateValue;
import dev.tugboat.kubelet.cri.v1.ContainerStats;
import dev.tugboat.kubelet.cri.v1.ContainerStatsFilter;
import dev.tugboat.kubelet.cri.v1.ListContainerStatsRequest;
import dev.tugboat.kubelet.cri.v1.ListContainersRequest;
import dev.tugboat.kubelet.cri.v1.ListPodSandboxRequest;
import dev.tugboat.kubelet.cri.v1.PodSandbox;
import dev.tugboat.kubelet.cri.v1.PodSandboxFilter;
import dev.tugboat.kubelet.metrics.ResourceSample.ContainerSample;
import dev.tugboat.kubelet.metrics.ResourceSample.NodeSample;
import dev.tugboat.kubelet.metrics.ResourceSample.PodSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real node's resource sample for {@code /metrics/resource}: every running container of the node's
 * pods from CRI's ListContainerStats (CPU core-nanoseconds since start and memory working set, as
 * containerd reads them from the cgroups), summed per pod; and the node's own CPU time and memory
 * working set from {@code /proc/stat} and {@code /proc/meminfo} (MemTotal less MemAvailable, the
 * kernel's estimate of what could not be reclaimed).
 */
public final class NodeResourceMetrics {

    /** The kernel's USER_HZ: /proc/stat counts in hundredths of a second. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final CriClient cri;
    private final String node;
    private final Path proc;
    private final Clock clock;

    public NodeResourceMetrics(CriClient cri, String node, Path proc, Clock clock) {
        this.cri = cri;
        this.node = node;
        this.proc = proc;
        this.clock = clock;
    }

    /** The current sample in the text format. */
    public String render() throws IOException {
        return ResourceMetricsText.render(sample());
    }

    public NodeSample sample() throws IOException {
        java.util.Set<String> sandboxes = new java.util.HashSet<>();
        for (PodSandbox sb : cri.runtime(rt -> rt.listPodSandbox(ListPodSandboxRequest.newBuilder().setFilter(
                PodSandboxFilter.newBuilder().putLabelSelector(SandboxConfigs.NODE, node)).build())).getItemsList()) {
            sandboxes.add(sb.getId());
        }
        Map<String, Instant> started = new HashMap<>();
        Map<String, String> podOf = new HashMap<>();
        for (var c : cri.runtime(rt -> rt.listContainers(ListContainersRequest.newBuilder().setFilter(ContainerFilter
                .newBuilder().setState(ContainerStateValue.newBuilder().setState(ContainerState.CONTAINER_RUNNING)))
                .build())).getContainersList()) {
            if (!sandboxes.contains(c.getPodSandboxId())) {
                continue;
            }
            started.put(c.getId(), Instant.ofEpochSecond(0, c.getCreatedAt()));
            podOf.put(c.getId(), c.getLabelsOrDefault(SandboxConfigs.POD_NAMESPACE, "") + "/"
                    + c.getLabelsOrDefault(SandboxConfigs.POD_NAME, ""));
        }
        Map<String, List<ContainerSample>> byPod = new LinkedHashMap<>();
        for (ContainerStats s : cri.runtime(rt -> rt.listContainerStats(ListContainerStatsRequest.newBuilder()
                .setFilter(ContainerStatsFilter.getDefaultInstance()).build())).getStatsList()) {
            String id = s.getAttributes().getId();
            String pod = podOf.get(id);
            if (pod == null || pod.equals("/")) {
                continue;
            }
            String name = s.getAttributes().getLabelsOrDefault(ContainerConfigs.CONTAINER_NAME,
                    s.getAttributes().getMetadata().getName());
            byPod.computeIfAbsent(pod, k -> new ArrayList<>()).add(new ContainerSample(name, started.get(id),
                    s.getCpu().getUsageCoreNanoSeconds().getValue(), s.getMemory().getWorkingSetBytes().getValue()));
        }
        List<PodSample> pods = new ArrayList<>();
        byPod.forEach((key, containers) -> {
            int slash = key.indexOf('/');
            pods.add(new PodSample(key.substring(0, slash), key.substring(slash + 1),
                    containers.stream().mapToLong(ContainerSample::cpuCoreNanos).sum(),
                    containers.stream().mapToLong(ContainerSample::memoryBytes).sum(), List.copyOf(containers)));
        });
        return new NodeSample(clock.instant(), nodeCpuNanos(Files.readString(proc.resolve("stat"))),
                nodeMemoryBytes(Files.readString(proc.resolve("meminfo"))), pods);
    }

    /** CPU time the machine spent busy (all but idle and iowait), from the first line of /proc/stat. */
    static long nodeCpuNanos(String stat) {
        String[] f = stat.lines().findFirst().orElse("").trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            if (i == 4 || i == 5) {
                continue;
            }
            busy += Long.parseLong(f[i]);
        }
        return busy * NANOS_PER_TICK;
    }

    /** MemTotal less MemAvailable, in bytes. */
    static long nodeMemoryBytes(String meminfo) {
        long total = 0;
        long available = 0;
        for (String line : meminfo.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals("MemTotal:")) {
                total = Long.parseLong(f[1]) * 1024;
            } else if (f.length >= 2 && f[0].equals("MemAvailable:")) {
                available = Long.parseLong(f[1]) * 1024;
            }
        }
        return Math.max(0, total - available);
    }
}
