package dev.tugboat.controllers.daemonset;

import dev.tugboat.client.clock.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per (DaemonSet, node) backoff for replacing failed daemon pods (upstream's flowcontrol.Backoff as the
 * daemon controller uses it): the first failure is replaced at once, each further failure within the
 * backoff waits twice as long as the one before, up to a maximum; an entry idle for twice the maximum
 * starts over. Thread-safe.
 */
final class FailedPodBackoff {

    private record Entry(Duration backoff, long lastUpdateNanos) {
    }

    private final Clock clock;
    private final Duration initial;
    private final Duration max;
    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

    FailedPodBackoff(Clock clock, Duration initial, Duration max) {
        this.clock = clock;
        this.initial = initial;
        this.max = max;
    }

    static String key(String dsUid, String nodeName) {
        return dsUid + "/" + nodeName;
    }

    /** Whether a failure was recorded under {@code key} less than its backoff ago. */
    boolean inBackoff(String key) {
        Entry e = entries.get(key);
        return e != null && clock.nanoTime() - e.lastUpdateNanos() < e.backoff().toNanos();
    }

    /** The time left until {@code key}'s backoff ends (zero when not in backoff). */
    Duration remaining(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return Duration.ZERO;
        }
        long left = e.backoff().toNanos() - (clock.nanoTime() - e.lastUpdateNanos());
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** Records a failure under {@code key}: starts or doubles its backoff. */
    void next(String key) {
        long now = clock.nanoTime();
        entries.compute(key, (k, e) -> {
            if (e == null || now - e.lastUpdateNanos() > 2 * max.toNanos()) {
                return new Entry(initial, now);
            }
            Duration doubled = e.backoff().multipliedBy(2);
            return new Entry(doubled.compareTo(max) > 0 ? max : doubled, now);
        });
    }

    /** Forgets every entry of a DaemonSet (it is gone). */
    void forgetDaemonSet(String dsUid) {
        entries.keySet().removeIf(k -> k.startsWith(dsUid + "/"));
    }
}
