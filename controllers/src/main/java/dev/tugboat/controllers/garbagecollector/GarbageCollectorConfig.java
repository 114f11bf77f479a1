package dev.tugboat.controllers.garbagecollector;

import dev.tugboat.api.meta.GroupResource;
import java.time.Duration;
import java.util.Set;

/**
 * How the garbage collector runs.
 *
 * @param workers          concurrent attempt-to-delete workers (and as many attempt-to-orphan workers)
 * @param discoveryPeriod  how often discovery is read again to follow CRDs coming and going
 * @param ignoredResources resources never monitored (upstream ignores events)
 */
public record GarbageCollectorConfig(int workers, Duration discoveryPeriod, Set<GroupResource> ignoredResources) {

    public GarbageCollectorConfig {
        ignoredResources = Set.copyOf(ignoredResources);
    }

    /** Upstream's defaults: 20 workers, discovery every 30 s, events ignored. */
    public static GarbageCollectorConfig defaults() {
        return new GarbageCollectorConfig(20, Duration.ofSeconds(30),
                Set.of(new GroupResource("", "events"), new GroupResource("events.k8s.io", "events")));
    }

    public GarbageCollectorConfig withDiscoveryPeriod(Duration d) {
        return new GarbageCollectorConfig(workers, d, ignoredResources);
    }
}
