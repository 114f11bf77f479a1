package dev.tugboat.client.controller;

import java.time.Duration;

/**
 * What a successful reconcile asks for next (JOSDK's UpdateControl, controller-runtime's Result).
 * Failures are not results: {@link Reconciler#reconcile} throws, the key is retried with backoff and
 * the failure is logged.
 */
public sealed interface Result {

    /** Nothing more to do until something changes; the key's failure history is forgotten. */
    record Done() implements Result {
    }

    /** Look again after a fixed delay (waiting on something that sends no event, such as a deadline). */
    record RequeueAfter(Duration delay) implements Result {
    }

    /**
     * Look again with the queue's per-key backoff, without counting as a failure (waiting on something
     * that is expected to take a while, such as a cache catching up).
     */
    record Backoff() implements Result {
    }

    static Result done() {
        return new Done();
    }

    static Result requeueAfter(Duration d) {
        return new RequeueAfter(d);
    }

    static Result backoff() {
        return new Backoff();
    }
}
