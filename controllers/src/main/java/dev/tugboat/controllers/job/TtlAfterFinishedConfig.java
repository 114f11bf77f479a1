package dev.tugboat.controllers.job;

/**
 * How the TTL-after-finished controller runs.
 *
 * @param workers Jobs processed concurrently (upstream's --concurrent-ttl-after-finished-syncs, 5)
 */
public record TtlAfterFinishedConfig(int workers) {

    public static TtlAfterFinishedConfig defaults() {
        return new TtlAfterFinishedConfig(5);
    }
}
