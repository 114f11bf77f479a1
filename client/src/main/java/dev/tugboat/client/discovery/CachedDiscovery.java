package dev.tugboat.client.discovery;

import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.resource.ApiResource;
import dev.tugboat.client.clock.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The last discovery result, refreshed on demand but at most once per {@code minInterval} (so a burst
 * of unknown kinds costs one round trip). Controllers use it as their REST mapper. Thread-safe.
 */
public final class CachedDiscovery {

    private final DiscoveryClient client;
    private final Clock clock;
    private final Duration minInterval;
    private ApiResources current;
    private long refreshedAt;

    public CachedDiscovery(DiscoveryClient client, Clock clock, Duration minInterval) {
        this.client = client;
        this.clock = clock;
        this.minInterval = minInterval;
    }

    /** The cached result, asking the server the first time. */
    public synchronized ApiResources current() {
        if (current == null) {
            return refresh();
        }
        return current;
    }

    /** Asks the server again unless that was done less than {@code minInterval} ago. */
    public synchronized ApiResources refresh() {
        long now = clock.nanoTime();
        if (current == null || now - refreshedAt >= minInterval.toNanos()) {
            current = client.discover();
            refreshedAt = now;
        }
        return current;
    }

    /** The resource of a kind; an unknown kind triggers a refresh (a CRD may have just appeared). */
    public Optional<ApiResource> forKind(GroupVersionKind kind) {
        Optional<ApiResource> r = current().forKind(kind);
        return r.isPresent() ? r : refresh().forKind(kind);
    }
}
