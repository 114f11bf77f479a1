package dev.tugboat.controllers.namespace;

/**
 * Content was deleted but some is still there (finalizers, grace periods): look again in about
 * {@code estimateSeconds}. Upstream's ResourcesRemainingError.
 */
final class ResourcesRemainingException extends RuntimeException {

    private final long estimateSeconds;

    ResourcesRemainingException(long estimateSeconds) {
        super("some content remains in the namespace, estimate " + estimateSeconds + " seconds before it is removed",
                null, false, false);
        this.estimateSeconds = estimateSeconds;
    }

    long estimateSeconds() {
        return estimateSeconds;
    }
}
