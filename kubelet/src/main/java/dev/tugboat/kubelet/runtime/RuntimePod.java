package dev.tugboat.kubelet.runtime;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Everything the runtime has for one pod: its sandboxes and its container instances, any order. */
public record RuntimePod(List<SandboxStatus> sandboxes, List<ContainerRecord> containers) {

    public static final RuntimePod NONE = new RuntimePod(List.of(), List.of());

    public RuntimePod {
        sandboxes = List.copyOf(sandboxes);
        containers = List.copyOf(containers);
    }

    /** The newest sandbox, if any. */
    public Optional<SandboxStatus> latestSandbox() {
        return sandboxes.stream().max(Comparator.comparing(SandboxStatus::createdAt)
                .thenComparingInt(SandboxStatus::attempt));
    }

    /** A container's instances, newest first. */
    public List<ContainerRecord> instances(String name) {
        return containers.stream().filter(c -> c.name().equals(name))
                .sorted(Comparator.comparingInt(ContainerRecord::attempt).thenComparing(ContainerRecord::createdAt)
                        .reversed())
                .toList();
    }

    /** A container's newest instance, if any. */
    public Optional<ContainerRecord> latest(String name) {
        List<ContainerRecord> all = instances(name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }
}
