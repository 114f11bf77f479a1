package dev.tugboat.kubelet.status;

import java.util.Map;
import java.util.Set;

/**
 * What the kubelet knows about a pod's containers beyond the runtime's records.
 *
 * @param waiting why containers are held back (by container name)
 * @param ready   containers whose readiness probe passes (or that have none) and that have started
 * @param started containers whose startup probe has passed (or that have none) and that are running
 */
public record ContainerObservations(Map<String, Waiting> waiting, Set<String> ready, Set<String> started) {

    public static final ContainerObservations NONE = new ContainerObservations(Map.of(), Set.of(), Set.of());

    public ContainerObservations {
        waiting = Map.copyOf(waiting);
        ready = Set.copyOf(ready);
        started = Set.copyOf(started);
    }
}
