package dev.tugboat.client.queue;

import dev.tugboat.client.clock.Clock;
import java.time.Duration;

/**
 * An overall rate limit shared by all items: a bucket of {@code burst} tokens refilled at {@code qps}
 * per second; each retry takes a token, waiting for it when the bucket is empty. Keeps no per-item
 * state. Thread-safe.
 *
 * @param <K> the item type
 */
public final class TokenBucketRateLimiter<K> implements RateLimiter<K> {

    private final double qps;
    private final double burst;
    private final Clock clock;
    private double tokens;
    private long lastNanos;

    public TokenBucketRateLimiter(double qps, int burst, Clock clock) {
        if (qps <= 0 || burst < 1) {
            throw new IllegalArgumentException("need qps > 0 and burst >= 1");
        }
        this.qps = qps;
        this.burst = burst;
        this.clock = clock;
        this.tokens = burst;
        this.lastNanos = clock.nanoTime();
    }

    @Override
    public synchronized Duration when(K item) {
        long now = clock.nanoTime();
        tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * qps);
        lastNanos = now;
        // Reserve a token; a negative balance is the queue of waiting reservations.
        tokens -= 1;
        if (tokens >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(-tokens / qps * 1e9));
    }

    @Override
    public void forget(K item) {
        // No per-item state.
    }

    @Override
    public int numRequeues(K item) {
        return 0;
    }
}
