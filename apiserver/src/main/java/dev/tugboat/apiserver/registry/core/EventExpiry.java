package dev.tugboat.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.apiserver.auth.UserInfo;
import dev.tugboat.apiserver.registry.DeleteOptions;
import dev.tugboat.apiserver.registry.GenericStore;
import dev.tugboat.apiserver.registry.ListOptions;
import dev.tugboat.apiserver.watchcache.CachedObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events expire a while after they were last recorded, as upstream's {@code --event-ttl} (1 hour) does
 * with etcd leases: without it, events — which every component writes continuously — would fill the
 * store. Runs every minute; an event's age counts from its latest timestamp.
 */
public final class EventExpiry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventExpiry.class);
    private static final UserInfo SYSTEM = new UserInfo("system:apiserver", "", List.of("system:masters"));

    private final GenericStore events;
    private final Duration ttl;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "event-expiry");
        t.setDaemon(true);
        return t;
    });

    public EventExpiry(GenericStore events, Duration ttl, Clock clock) {
        this.events = events;
        this.ttl = ttl;
        this.clock = clock;
    }

    public void start(Duration interval) {
        timer.scheduleWithFixedDelay(this::sweep, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Deletes every event last recorded more than the TTL ago; returns how many. */
    int sweep() {
        Instant cutoff = clock.instant().minus(ttl);
        int deleted = 0;
        try {
            for (CachedObject e : events.list("", o -> lastRecorded(o.object()).map(t -> t.isBefore(cutoff))
                    .orElse(false), ListOptions.ALL).items()) {
                try {
                    events.delete(e.namespace(), e.name(), DeleteOptions.DEFAULT, SYSTEM);
                    deleted++;
                } catch (ApiException.NotFound | ApiException.Conflict gone) {
                    // Deleted or updated meanwhile: the next sweep looks again.
                }
            }
        } catch (RuntimeException ex) {
            LOG.warn("event expiry failed", ex);
        }
        return deleted;
    }

    /** The latest of the event's timestamps. */
    static Optional<Instant> lastRecorded(JsonNode event) {
        Optional<Instant> latest = Optional.empty();
        for (JsonNode t : List.of(event.path("lastTimestamp"), event.path("eventTime"),
                event.path("series").path("lastObservedTime"), event.path("firstTimestamp"),
                event.path("metadata").path("creationTimestamp"))) {
            Optional<Instant> v = t.isTextual() ? Timestamps.parse(t.asText()) : Optional.empty();
            if (v.isPresent() && (latest.isEmpty() || v.get().isAfter(latest.get()))) {
                latest = v;
            }
        }
        return latest;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
