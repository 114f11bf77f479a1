package dev.tugboat.kubelet.prober;

import java.time.Duration;
import java.time.Instant;

/**
 * One worker's result as upstream's worker.go keeps it: a result flips only after the threshold number
 * of consecutive outcomes the other way. Readiness and startup start as failures (not ready, not
 * started), liveness as success. Pure and immutable.
 *
 * @param result      the current result
 * @param streak      consecutive outcomes equal to {@code lastOutcome}
 */
public record ProbeState(Probe probe, boolean result, boolean lastOutcome, int streak, String lastMessage) {

    public static ProbeState initial(Probe probe) {
        boolean initial = probe.kind() == Probe.Kind.LIVENESS;
        return new ProbeState(probe, initial, initial, 0, "");
    }

    /** The state after one more outcome. */
    public ProbeState next(ProbeOutcome outcome) {
        int s = outcome.success() == lastOutcome ? streak + 1 : 1;
        boolean r = result;
        if (outcome.success() && s >= probe.successThreshold()) {
            r = true;
        } else if (!outcome.success() && s >= probe.failureThreshold()) {
            r = false;
        }
        return new ProbeState(probe, r, outcome.success(), s, outcome.message());
    }

    /** Whether the probe may run yet: not before the initial delay after the container started. */
    public boolean due(Instant containerStarted, Instant now) {
        return !now.isBefore(containerStarted.plus(probe.initialDelay()));
    }

    public Duration period() {
        return probe.period();
    }
}
