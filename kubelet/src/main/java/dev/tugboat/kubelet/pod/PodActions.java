package dev.tugboat.kubelet.pod;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one sync of a pod does (upstream's podActions): kill the whole pod, or create a sandbox (with
 * its attempt number) and start containers in it, and kill single containers, each with a reason.
 *
 * @param killPod           stop every container and the sandbox (before re-creating it, or for good)
 * @param createSandbox     create a new sandbox first
 * @param initToStart       the next init container to start, when initialization is not done
 * @param containersToStart regular containers (and sidecars) to start, by name
 * @param containersToKill  running container IDs to stop, with the reason for the event
 */
public record PodActions(boolean killPod, boolean createSandbox, int sandboxAttempt, Optional<String> initToStart,
                         List<String> containersToStart, Map<String, String> containersToKill) {

    public PodActions {
        containersToStart = List.copyOf(containersToStart);
        containersToKill = Map.copyOf(containersToKill);
    }

    public boolean isEmpty() {
        return !killPod && !createSandbox && initToStart.isEmpty() && containersToStart.isEmpty()
                && containersToKill.isEmpty();
    }
}
