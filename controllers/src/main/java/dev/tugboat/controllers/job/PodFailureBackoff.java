package dev.tugboat.controllers.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The delay before a Job replaces failed pods (upstream's backoffRecord): the number of failures since
 * the last success and the time of the last of them; the delay doubles from {@code base} with each
 * failure, up to {@code max}, counted from the last failure. Immutable; pure.
 *
 * @param failuresAfterLastSuccess pod failures since the last pod success
 * @param lastFailureTime          when the latest of them finished
 */
public record PodFailureBackoff(int failuresAfterLastSuccess, Optional<Instant> lastFailureTime) {

    public static final PodFailureBackoff NONE = new PodFailureBackoff(0, Optional.empty());

    /**
     * This record updated with pods that finished since it was made, given by their finish times: a
     * success resets the count, and only failures after the latest success count.
     */
    public PodFailureBackoff withNewlyFinished(List<Instant> succeeded, List<Instant> failed) {
        List<Instant> s = sorted(succeeded);
        List<Instant> f = sorted(failed);
        if (s.isEmpty()) {
            if (f.isEmpty()) {
                return this;
            }
            return new PodFailureBackoff(failuresAfterLastSuccess + f.size(), Optional.of(f.get(f.size() - 1)));
        }
        Instant lastSuccess = s.get(s.size() - 1);
        int count = 0;
        Instant lastFailure = null;
        for (int i = f.size() - 1; i >= 0 && f.get(i).isAfter(lastSuccess); i--) {
            if (lastFailure == null) {
                lastFailure = f.get(i);
            }
            count++;
        }
        return new PodFailureBackoff(count, Optional.ofNullable(lastFailure));
    }

    /** How long, at {@code now}, until pods may be created again; zero when they may be now. */
    public Duration remaining(Instant now, Duration base, Duration max) {
        if (failuresAfterLastSuccess == 0 || lastFailureTime.isEmpty()) {
            return Duration.ZERO;
        }
        Duration backoff = base;
        for (int i = 1; i < failuresAfterLastSuccess; i++) {
            backoff = backoff.multipliedBy(2);
            if (backoff.compareTo(max) >= 0) {
                backoff = max;
                break;
            }
        }
        Duration elapsed = Duration.between(lastFailureTime.get(), now);
        return backoff.compareTo(elapsed) < 0 ? Duration.ZERO : backoff.minus(elapsed);
    }

    private static List<Instant> sorted(List<Instant> times) {
        List<Instant> out = new ArrayList<>(times);
        out.sort(null);
        return out;
    }
}
