package dev.tugboat.client.queue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-item exponential backoff: {@code base * 2^failures}, capped at {@code max}. Thread-safe.
 *
 * @param <K> the item type
 */
public final class ExponentialRateLimiter<K> implements RateLimiter<K> {

    private final Duration base;
    private final Duration max;
    private final Map<K, Integer> failures = new HashMap<>();

    public ExponentialRateLimiter(Duration base, Duration max) {
        if (base.isNegative() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 <= base <= max");
        }
        this.base = base;
        this.max = max;
    }

    @Override
    public synchronized Duration when(K item) {
        int n = failures.merge(item, 1, Integer::sum) - 1;
        // 2^n overflows long nanoseconds well before n reaches 63; cap the exponent first.
        if (n >= 62) {
            return max;
        }
        double nanos = base.toNanos() * Math.pow(2, n);
        return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
    }

    @Override
    public synchronized void forget(K item) {
        failures.remove(item);
    }

    @Override
    public synchronized int numRequeues(K item) {
        return failures.getOrDefault(item, 0);
    }
}
