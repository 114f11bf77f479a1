package dev.tugboat.client.controller;

import java.time.Duration;
import java.util.Optional;

/**
 * What a successful reconcile asks for next (JOSDK's UpdateControl, controller-runtime's Result).
 * Failures are not results: {@link Reconciler#reconcile} throws, and the key is retried with backoff.
 *
 * @param requeueAfter empty: done until the next change; present: look again after this long
 */
public record Result(Optional<Duration> requeueAfter) {

    private static final Result DONE = new Result(Optional.empty());

    /** Nothing more to do until something changes. */
    public static Result done() {
        return DONE;
    }

    /** Look again after {@code d} (waiting on something that sends no event, such as a deadline). */
    public static Result requeueAfter(Duration d) {
        return new Result(Optional.of(d));
    }
}
