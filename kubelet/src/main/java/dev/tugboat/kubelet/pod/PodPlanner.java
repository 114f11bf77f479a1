package dev.tugboat.kubelet.pod;

import dev.tugboat.kubelet.runtime.ContainerRecord;
import dev.tugboat.kubelet.runtime.RuntimePod;
import dev.tugboat.kubelet.runtime.SandboxStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upstream's computePodActions: compares a pod's spec with what the runtime has and decides the next
 * steps. A missing or dead sandbox means a new sandbox and a fresh start of the containers that should
 * run; init containers run one at a time, in order, each to success before the next (sidecars start
 * and keep running); regular containers start once initialization is done and are restarted as the
 * restart policy says; a running container whose spec changed, or whose liveness or startup probe
 * failed, is killed (and restarted if the policy allows). Restart backoff is not decided here. Pure.
 */
public final class PodPlanner {

    private PodPlanner() {
    }

    /**
     * @param probeFailed names of containers whose current instance failed its liveness or startup
     *                    probe, with the reason for the kill
     */
    public static PodActions plan(PodSpecView pod, RuntimePod runtime, Map<String, String> probeFailed) {
        Optional<SandboxStatus> sandbox = runtime.latestSandbox();
        long ready = runtime.sandboxes().stream().filter(SandboxStatus::ready).count();
        boolean sandboxChanged = sandbox.isEmpty() || !sandbox.get().ready() || ready > 1;
        if (sandboxChanged) {
            int attempt = sandbox.map(s -> s.attempt() + 1).orElse(0);
            boolean anyContainerRan = !runtime.containers().isEmpty();
            // A pod that must not restart keeps its dead sandbox: its containers are done.
            if (pod.restartPolicy() == RestartPolicy.NEVER && sandbox.isPresent() && anyContainerRan) {
                return new PodActions(true, false, attempt, Optional.empty(), List.of(), Map.of());
            }
            if (!pod.initContainers().isEmpty()) {
                return new PodActions(sandbox.isPresent(), true, attempt,
                        Optional.of(pod.initContainers().get(0).name()), List.of(), Map.of());
            }
            List<String> start = new ArrayList<>();
            for (ContainerSpec c : pod.containers()) {
                Optional<ContainerRecord> last = runtime.latest(c.name());
                // Containers that finished for good stay finished in the new sandbox.
                if (last.isPresent() && last.get().isExited() && !pod.restartPolicy().restarts(last.get().exitCode())) {
                    continue;
                }
                start.add(c.name());
            }
            if (start.isEmpty()) {
                return new PodActions(true, false, attempt, Optional.empty(), List.of(), Map.of());
            }
            return new PodActions(sandbox.isPresent(), true, attempt, Optional.empty(), start, Map.of());
        }

        Map<String, String> kill = new LinkedHashMap<>();
        InitProgress init = initProgress(pod, runtime, probeFailed, kill);
        if (init.failedForGood) {
            return new PodActions(true, false, sandbox.get().attempt(), Optional.empty(), List.of(), Map.of());
        }
        List<String> start = new ArrayList<>(init.sidecarsToStart);
        if (!init.done) {
            return new PodActions(false, false, sandbox.get().attempt(), init.next, start, kill);
        }
        int keep = init.runningSidecars;
        for (ContainerSpec c : pod.containers()) {
            Optional<ContainerRecord> last = runtime.latest(c.name());
            if (last.isEmpty() || !last.get().isRunning()) {
                if (last.isEmpty() || !last.get().isExited() || pod.restartPolicy().restarts(last.get().exitCode())) {
                    start.add(c.name());
                }
                continue;
            }
            String reason = replaceReason(c, last.get(), probeFailed);
            if (reason == null) {
                keep++;
                continue;
            }
            kill.put(last.get().id(), reason);
            if (pod.restartPolicy() != RestartPolicy.NEVER || !probeFailed.containsKey(c.name())) {
                start.add(c.name());
            }
        }
        if (keep == 0 && start.isEmpty() && init.next.isEmpty()) {
            // Nothing runs and nothing will: release the sandbox (and its IP).
            return new PodActions(true, false, sandbox.get().attempt(), Optional.empty(), List.of(), Map.of());
        }
        return new PodActions(false, false, sandbox.get().attempt(), Optional.empty(), start, kill);
    }

    /** Why a running container must be replaced, or null to keep it. */
    private static String replaceReason(ContainerSpec c, ContainerRecord running, Map<String, String> probeFailed) {
        if (!running.specHash().isEmpty() && !running.specHash().equals(c.hash())) {
            return "Container " + c.name() + " definition changed";
        }
        return probeFailed.get(c.name());
    }

    private static final class InitProgress {
        boolean done = true;
        boolean failedForGood;
        Optional<String> next = Optional.empty();
        final List<String> sidecarsToStart = new ArrayList<>();
        int runningSidecars;
    }

    private static InitProgress initProgress(PodSpecView pod, RuntimePod runtime, Map<String, String> probeFailed,
                                             Map<String, String> kill) {
        InitProgress p = new InitProgress();
        for (ContainerSpec c : pod.initContainers()) {
            Optional<ContainerRecord> last = runtime.latest(c.name());
            if (c.restartable()) {
                if (last.isPresent() && last.get().isRunning()) {
                    String reason = replaceReason(c, last.get(), probeFailed);
                    if (reason == null) {
                        p.runningSidecars++;
                        continue;
                    }
                    kill.put(last.get().id(), reason);
                }
                // A sidecar (re)starts whatever the pod's restart policy; later init containers wait for it.
                p.sidecarsToStart.add(c.name());
                p.done = false;
                return p;
            }
            if (last.isEmpty()) {
                p.done = false;
                p.next = Optional.of(c.name());
                return p;
            }
            ContainerRecord r = last.get();
            if (r.isRunning()) {
                p.done = false;
                return p;
            }
            if (r.isExited() && r.exitCode() == 0) {
                continue;
            }
            if (pod.restartPolicy() == RestartPolicy.NEVER && r.isExited()) {
                p.failedForGood = true;
                p.done = false;
                return p;
            }
            p.done = false;
            p.next = Optional.of(c.name());
            return p;
        }
        return p;
    }
}
