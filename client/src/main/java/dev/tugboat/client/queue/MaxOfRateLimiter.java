package dev.tugboat.client.queue;

import java.time.Duration;
import java.util.List;

/**
 * The longest wait of several limiters; every limiter records every failure. Thread-safe if they are.
 *
 * @param <K> the item type
 */
public final class MaxOfRateLimiter<K> implements RateLimiter<K> {

    private final List<RateLimiter<K>> limiters;

    public MaxOfRateLimiter(List<RateLimiter<K>> limiters) {
        if (limiters.isEmpty()) {
            throw new IllegalArgumentException("no limiters");
        }
        this.limiters = List.copyOf(limiters);
    }

    @Override
    public Duration when(K item) {
        Duration longest = Duration.ZERO;
        for (RateLimiter<K> l : limiters) {
            Duration d = l.when(item);
            if (d.compareTo(longest) > 0) {
                longest = d;
            }
        }
        return longest;
    }

    @Override
    public void forget(K item) {
        limiters.forEach(l -> l.forget(item));
    }

    @Override
    public int numRequeues(K item) {
        int most = 0;
        for (RateLimiter<K> l : limiters) {
            most = Math.max(most, l.numRequeues(item));
        }
        return most;
    }
}
