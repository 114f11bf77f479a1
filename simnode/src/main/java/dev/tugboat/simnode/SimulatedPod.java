package dev.tugboat.simnode;

import dev.tugboat.kubelet.pod.RestartBackoff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The simulated runtime of one pod: its containers' lives from the moment the node started the pod.
 * {@link #advance} replays, in time order, every exit, restart and kill that falls due by a given
 * instant, so the outcome depends only on the pod and the times, not on when the caller looks.
 * Mutable; confined to the worker that holds the pod's key.
 */
final class SimulatedPod {

    /** The phase the simulation decided; Pending is never reported, since pods start at once. */
    enum Phase {
        RUNNING("Running"), SUCCEEDED("Succeeded"), FAILED("Failed");

        final String wire;

        Phase(String wire) {
            this.wire = wire;
        }
    }

    private static final int MAX_EVENTS_PER_ADVANCE = 10_000;

    private final String uid;
    private final Instant startTime;
    private final List<SimulatedContainer> initContainers;
    private final List<SimulatedContainer> containers;
    private Phase phase = Phase.RUNNING;
    private boolean killed;

    private SimulatedPod(String uid, Instant startTime, List<SimulatedContainer> initContainers,
                         List<SimulatedContainer> containers) {
        this.uid = uid;
        this.startTime = startTime;
        this.initContainers = initContainers;
        this.containers = containers;
    }

    /** A pod the node starts at {@code now}: init containers complete at once, then everything runs. */
    static SimulatedPod start(PodFacts pod, Instant now) {
        List<SimulatedContainer> init = new ArrayList<>();
        for (PodFacts.Container c : pod.initContainers()) {
            init.add(c.restartable() ? SimulatedContainer.started(c, pod.uid(), true, now)
                    : SimulatedContainer.completed(c, pod.uid(), now));
        }
        List<SimulatedContainer> regular = new ArrayList<>();
        for (PodFacts.Container c : pod.containers()) {
            regular.add(SimulatedContainer.started(c, pod.uid(), false, now));
        }
        return new SimulatedPod(pod.uid(), now, List.copyOf(init), List.copyOf(regular));
    }

    /** A pod already running since {@code startTime}, with the containers as they were. */
    static SimulatedPod resume(String uid, Instant startTime, List<SimulatedContainer> initContainers,
                               List<SimulatedContainer> containers) {
        return new SimulatedPod(uid, startTime, List.copyOf(initContainers), List.copyOf(containers));
    }

    String uid() {
        return uid;
    }

    Instant startTime() {
        return startTime;
    }

    List<SimulatedContainer> initContainers() {
        return initContainers;
    }

    List<SimulatedContainer> containers() {
        return containers;
    }

    Phase phase() {
        return phase;
    }

    boolean isTerminal() {
        return phase != Phase.RUNNING;
    }

    /** Whether the pod was stopped because it is being deleted. */
    boolean isKilled() {
        return killed;
    }

    /**
     * Applies every event due by {@code now}: exits after {@code pod.exitAfter()}, restarts per the
     * restart policy and {@code backoff}, and on deletion the kill (at once, or at the end of the grace
     * period when the pod asks for graceful termination).
     *
     * @return when the next event is due, if one is pending
     */
    Optional<Instant> advance(PodFacts pod, RestartBackoff backoff, Instant now) {
        Optional<Instant> kill = pod.deletionTimestamp()
                .map(end -> pod.gracefulTermination() && end.isAfter(now) ? end : now);
        for (int i = 0; i < MAX_EVENTS_PER_ADVANCE && !isTerminal(); i++) {
            Optional<Event> next = nextEvent(pod);
            if (kill.isPresent() && !kill.get().isAfter(now)
                    && (next.isEmpty() || !next.get().at().isBefore(kill.get()))) {
                kill(kill.get());
                return Optional.empty();
            }
            if (next.isEmpty() || next.get().at().isAfter(now)) {
                return earliest(next.map(Event::at), kill);
            }
            apply(next.get(), pod, backoff);
        }
        return isTerminal() ? Optional.empty() : Optional.of(now);
    }

    /** A container's next exit or restart. */
    private record Event(SimulatedContainer container, Instant at, boolean restart) {
    }

    private Optional<Event> nextEvent(PodFacts pod) {
        Event best = null;
        for (SimulatedContainer c : containers) {
            Event e = null;
            if (c.state() instanceof ContainerState.Running r && pod.exitAfter().isPresent()) {
                e = new Event(c, r.startedAt().plus(pod.exitAfter().get()), false);
            } else if (c.restartAt().isPresent()) {
                e = new Event(c, c.restartAt().get(), true);
            }
            if (e != null && (best == null || e.at().isBefore(best.at()))) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    private void apply(Event e, PodFacts pod, RestartBackoff backoff) {
        SimulatedContainer c = e.container();
        if (e.restart()) {
            c.restart(backoff);
            return;
        }
        c.exit(pod.exitCode(), e.at());
        if (pod.restartPolicy().restarts(pod.exitCode())) {
            c.scheduleRestart(backoff);
        }
        boolean allDone = containers.stream().allMatch(x -> !x.isRunning() && x.restartAt().isEmpty());
        if (allDone) {
            finish(e.at());
        }
    }

    /** Stops everything at {@code at} (the pod is being deleted); the containers exit cleanly. */
    private void kill(Instant at) {
        killed = true;
        for (SimulatedContainer c : containers) {
            c.cancelRestart();
            c.exit(0, at);
        }
        finish(at);
    }

    /** Every regular container is done: sidecars are stopped and the phase becomes terminal. */
    private void finish(Instant at) {
        for (SimulatedContainer c : initContainers) {
            c.exit(0, at);
        }
        boolean allSucceeded = containers.stream()
                .allMatch(c -> c.state() instanceof ContainerState.Terminated t && t.exitCode() == 0);
        phase = allSucceeded ? Phase.SUCCEEDED : Phase.FAILED;
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return Optional.of(a.get().isBefore(b.get()) ? a.get() : b.get());
    }

    /** How long until {@code next}, never negative. */
    static Duration until(Instant now, Instant next) {
        Duration d = Duration.between(now, next);
        return d.isNegative() ? Duration.ZERO : d;
    }
}
