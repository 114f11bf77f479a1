package dev.tugboat.simnode;

import dev.tugboat.kubelet.pod.RestartBackoff;
import java.time.Instant;
import java.util.Optional;

/**
 * One simulated container of a pod across its restarts: the current instance's state, the previous
 * instance's termination, the restart count and the restart backoff. Mutable; confined to the worker
 * that holds the pod's key.
 */
final class SimulatedContainer {

    private final PodFacts.Container spec;
    private final String podUid;
    private final boolean init;
    private ContainerState state;
    private ContainerState.Terminated lastTerminated;
    private int restartCount;
    private Optional<RestartBackoff.Entry> backoff = Optional.empty();
    /** When an exited container starts again; empty when it will not. */
    private Optional<Instant> restartAt = Optional.empty();

    SimulatedContainer(PodFacts.Container spec, String podUid, boolean init, ContainerState state,
                       int restartCount) {
        this.spec = spec;
        this.podUid = podUid;
        this.init = init;
        this.state = state;
        this.restartCount = restartCount;
    }

    /** A container that started at {@code at}. */
    static SimulatedContainer started(PodFacts.Container spec, String podUid, boolean init, Instant at) {
        return new SimulatedContainer(spec, podUid, init, new ContainerState.Running(at), 0);
    }

    /** A run-to-completion init container that succeeded at once. */
    static SimulatedContainer completed(PodFacts.Container spec, String podUid, Instant at) {
        SimulatedContainer c = new SimulatedContainer(spec, podUid, true, null, 0);
        c.state = ContainerState.Terminated.exited(0, at, at, c.containerId());
        return c;
    }

    String name() {
        return spec.name();
    }

    /** A sidecar: an init container that runs alongside the regular ones. */
    boolean restartable() {
        return spec.restartable();
    }

    /** Whether this is one of the pod's init containers. */
    boolean isInit() {
        return init;
    }

    String image() {
        return spec.image();
    }

    ContainerState state() {
        return state;
    }

    Optional<ContainerState.Terminated> lastTerminated() {
        return Optional.ofNullable(lastTerminated);
    }

    int restartCount() {
        return restartCount;
    }

    Optional<Instant> restartAt() {
        return restartAt;
    }

    Optional<RestartBackoff.Entry> backoff() {
        return backoff;
    }

    boolean isRunning() {
        return state instanceof ContainerState.Running;
    }

    /** {@code simulated://<64 hex>}: a new ID per instance, as a runtime gives each restart a new container. */
    String containerId() {
        return "simulated://" + ImageReference.sha256(podUid + "/" + spec.name() + "/" + restartCount);
    }

    /** The current instance exits. */
    void exit(int exitCode, Instant at) {
        if (state instanceof ContainerState.Running r) {
            state = ContainerState.Terminated.exited(exitCode, r.startedAt(), at, containerId());
        }
        restartAt = Optional.empty();
    }

    /** Schedules the restart of an exited container per the backoff (without starting it). */
    void scheduleRestart(RestartBackoff policy) {
        if (state instanceof ContainerState.Terminated t && restartAt.isEmpty()) {
            restartAt = Optional.of(policy.restartAt(backoff, t.finishedAt()));
        }
    }

    /** Starts a new instance at the scheduled time, advancing the backoff (upstream's {@code Next}). */
    void restart(RestartBackoff policy) {
        if (!(state instanceof ContainerState.Terminated t) || restartAt.isEmpty()) {
            throw new IllegalStateException("container " + spec.name() + " has no restart scheduled");
        }
        backoff = Optional.of(policy.next(backoff, t.finishedAt()));
        lastTerminated = t;
        restartCount++;
        state = new ContainerState.Running(restartAt.get());
        restartAt = Optional.empty();
    }

    /** Cancels a pending restart (the pod is being torn down). */
    void cancelRestart() {
        restartAt = Optional.empty();
    }

    /** Restores a restart history read back from an existing status. */
    void restoreLastTerminated(ContainerState.Terminated t) {
        this.lastTerminated = t;
    }
}
