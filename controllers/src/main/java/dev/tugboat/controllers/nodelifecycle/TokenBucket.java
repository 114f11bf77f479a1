package dev.tugboat.controllers.nodelifecycle;

import dev.tugboat.client.clock.Clock;

/**
 * A token bucket of burst 1 (upstream's flowcontrol token bucket as the zone tainters use it): at most
 * {@code qps} acquisitions per second; a rate of 0 allows none. Not thread-safe.
 */
final class TokenBucket {

    private final Clock clock;
    private double qps;
    private double tokens = 1;
    private long lastNanos;

    TokenBucket(Clock clock, double qps) {
        this.clock = clock;
        this.qps = qps;
        this.lastNanos = clock.nanoTime();
    }

    /** Changes the rate (upstream's SwapLimiter); a full bucket stays full. */
    void setQps(double newQps) {
        refill();
        if (newQps != qps) {
            qps = newQps;
            if (qps <= 0) {
                tokens = 0;
            }
        }
    }

    /** Takes a token if there is one. */
    boolean tryAcquire() {
        refill();
        if (qps > 0 && tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    private void refill() {
        long now = clock.nanoTime();
        if (qps > 0) {
            tokens = Math.min(1, tokens + (now - lastNanos) / 1e9 * qps);
        }
        lastNanos = now;
    }
}
