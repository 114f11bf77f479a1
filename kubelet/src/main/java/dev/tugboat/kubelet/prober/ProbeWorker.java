package dev.tugboat.kubelet.prober;

import dev.tugboat.client.clock.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Probes one container of a pod with one of its probes, on the pod's clock, as upstream's worker:
 *
 * <ul>
 * <li>a new container instance (another container ID) starts from the probe type's initial result
 *     (readiness: failure, liveness: success, startup: no verdict yet) and a fresh count;</li>
 * <li>the first probe runs {@code initialDelaySeconds} after the container started, then every
 *     {@code periodSeconds}; each run has {@code timeoutSeconds};</li>
 * <li>liveness and readiness wait until the container has started (its startup probe passed);
 *     a startup probe stops once it passed;</li>
 * <li>the result flips only after {@code successThreshold} consecutive successes or
 *     {@code failureThreshold} consecutive failures; a probe that could not be run counts neither;</li>
 * <li>once a liveness or startup probe has failed, the worker holds until the container is replaced,
 *     so that a container being killed is not probed.</li>
 * </ul>
 *
 * A probe runs on the clock's timer thread without holding the worker's lock, so queries and
 * {@link #observe} never wait for a slow probe; a run whose container was replaced meanwhile is
 * thrown away.
 */
final class ProbeWorker {

    /** The container instance to probe and where it is reachable. */
    record Target(String containerId, Instant startedAt, String podIp) {
        Target {
            Objects.requireNonNull(containerId, "containerId");
            Objects.requireNonNull(startedAt, "startedAt");
            podIp = podIp == null ? "" : podIp;
        }
    }

    private final ProbeType type;
    private final ProbeSpec spec;
    private final Clock clock;
    private final Function<Target, ProbeOutcome> probe;
    private final BooleanSupplier containerStarted;
    private final Consumer<ProbeOutcome> report;
    private final Runnable onChange;

    private Target target;
    private String containerId = "";
    private ProbeResult result;
    private ProbeResult lastResult;
    private int resultRun;
    private boolean onHold;
    private long generation;
    private Clock.Timer timer;
    private boolean stopped;

    /**
     * @param probe            runs the probe once against a target (blocking up to the timeout)
     * @param containerStarted whether the container has started; gates liveness and readiness
     * @param report           every outcome, for events
     * @param onChange         called (without locks held) when the standing result changed
     */
    ProbeWorker(ProbeType type, ProbeSpec spec, Clock clock, Function<Target, ProbeOutcome> probe,
                BooleanSupplier containerStarted, Consumer<ProbeOutcome> report, Runnable onChange) {
        this.type = type;
        this.spec = spec;
        this.clock = clock;
        this.probe = probe;
        this.containerStarted = containerStarted;
        this.report = report;
        this.onChange = onChange;
        this.result = type.initialResult();
    }

    ProbeType type() {
        return type;
    }

    ProbeSpec spec() {
        return spec;
    }

    /**
     * What runs now: the container instance, or null when the container is not running. A new
     * container ID resets the worker; a container that stopped pauses it.
     */
    synchronized void observe(Target now) {
        if (stopped) {
            return;
        }
        if (now == null) {
            target = null;
            cancelTimer();
            return;
        }
        if (!now.containerId().equals(containerId)) {
            containerId = now.containerId();
            result = type.initialResult();
            lastResult = null;
            resultRun = 0;
            onHold = false;
            generation++;
            target = now;
            cancelTimer();
            schedule(untilFirstProbe(now));
            return;
        }
        boolean wasPaused = target == null;
        target = now;
        if (wasPaused && timer == null && !onHold) {
            schedule(untilFirstProbe(now));
        }
    }

    /** The standing result for {@code id}; a container this worker has not seen has the initial one. */
    synchronized ProbeResult result(String id) {
        return id.equals(containerId) ? result : type.initialResult();
    }

    /** Stops probing for good (the pod is gone). */
    synchronized void stop() {
        stopped = true;
        cancelTimer();
    }

    private Duration untilFirstProbe(Target t) {
        Duration sinceStart = Duration.between(t.startedAt(), clock.now());
        Duration left = spec.initialDelay().minus(sinceStart);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private void schedule(Duration delay) {
        long gen = generation;
        timer = clock.schedule(delay, () -> tick(gen));
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void tick(long gen) {
        // Read outside this worker's lock: the gate may ask the startup worker.
        boolean started = type == ProbeType.STARTUP || containerStarted.getAsBoolean();
        Target t;
        synchronized (this) {
            if (stopped || gen != generation || target == null) {
                return;
            }
            timer = null;
            if (onHold || (type == ProbeType.STARTUP && result == ProbeResult.SUCCESS)) {
                return; // nothing to do until a new container
            }
            if (!started) {
                schedule(spec.period());
                return;
            }
            t = target;
        }
        ProbeOutcome outcome = probe.apply(t);
        boolean changed;
        synchronized (this) {
            if (stopped || gen != generation) {
                return;
            }
            changed = count(outcome);
            if (!onHold && target != null) {
                schedule(spec.period());
            }
        }
        report.accept(outcome);
        if (changed) {
            onChange.run();
        }
    }

    /** Counts one outcome; returns whether the standing result changed. */
    private boolean count(ProbeOutcome outcome) {
        if (outcome.kind() == ProbeOutcome.Kind.ERROR) {
            return false; // upstream throws away results of probes that could not run
        }
        ProbeResult r = outcome.kind() == ProbeOutcome.Kind.FAILURE ? ProbeResult.FAILURE : ProbeResult.SUCCESS;
        if (r == lastResult) {
            resultRun++;
        } else {
            lastResult = r;
            resultRun = 1;
        }
        int threshold = r == ProbeResult.FAILURE ? spec.failureThreshold() : spec.successThreshold();
        if (resultRun < threshold) {
            return false;
        }
        boolean changed = result != r;
        result = r;
        if (type.failureKills() && r == ProbeResult.FAILURE) {
            onHold = true;
            resultRun = 0;
        }
        return changed;
    }
}
