package dev.tugboat.client.queue;

import java.time.Duration;

/**
 * Decides how long an item waits before it is retried (client-go's workqueue rate limiters).
 * Implementations are thread-safe.
 *
 * @param <K> the item type
 */
public interface RateLimiter<K> {

    /** Records one more failure of {@code item} and returns how long it should wait. */
    Duration when(K item);

    /** Forgets the failures of {@code item} (it succeeded). */
    void forget(K item);

    /** How many times {@code item} has failed since it was last forgotten. */
    int numRequeues(K item);

    /**
     * client-go's default controller limiter: the larger of a per-item exponential backoff
     * (5 ms doubling to 1000 s) and an overall token bucket (10 per second, bursts of 100).
     */
    static <K> RateLimiter<K> controllerDefault(dev.tugboat.client.clock.Clock clock) {
        return new MaxOfRateLimiter<>(java.util.List.of(
                new ExponentialRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000)),
                new TokenBucketRateLimiter<>(10, 100, clock)));
    }
}
