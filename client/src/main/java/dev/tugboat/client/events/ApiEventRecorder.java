package dev.tugboat.client.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.PatchType;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.client.rest.TransportException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes events through the API on a background thread. A repeat of an event (same object, type, reason
 * and message) increments the first one's count and lastTimestamp instead of creating another, as
 * client-go's recorder does. Events of cluster-scoped objects go to the {@code default} namespace.
 */
public final class ApiEventRecorder implements EventRecorder, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiEventRecorder.class);
    private static final GroupVersionResource EVENTS = new GroupVersionResource("", "v1", "events");
    private static final int REMEMBERED = 4096;

    private record Key(ObjectRef object, String type, String reason, String message) {
    }

    /** An event written before: its namespace, name and count. */
    private record Written(String namespace, String name, int count) {
    }

    private final ResourceClient events;
    private final Clock clock;
    private final String component;
    private final String host;
    /** One writer thread keeps writes in order and bounds the load on the server. */
    private final ExecutorService writer = Executors.newSingleThreadExecutor(Thread.ofVirtual()
            .name("event-recorder").factory());
    /** Makes names unique among events created in the same nanosecond (writer thread only). */
    private long sequence;
    private final Map<Key, Written> written = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Written> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** @param component the source component, e.g. {@code garbage-collector-controller} */
    public ApiEventRecorder(ApiClient api, Clock clock, String component) {
        this(api, clock, component, "");
    }

    /** @param host the node the component runs on (the kubelet's events name it), or empty */
    public ApiEventRecorder(ApiClient api, Clock clock, String component, String host) {
        this.events = api.resource(EVENTS);
        this.clock = clock;
        this.component = component;
        this.host = host;
    }

    @Override
    public void record(ObjectRef object, String type, String reason, String message) {
        Instant now = clock.now();
        try {
            writer.execute(() -> write(new Key(object, type, reason, message), now));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closed: events are best effort.
        }
    }

    private void write(Key key, Instant now) {
        try {
            Written before = written.get(key);
            if (before != null) {
                ObjectNode patch = Json.object();
                patch.put("count", before.count() + 1).put("lastTimestamp", Timestamps.format(now));
                try {
                    events.patch(before.namespace(), before.name(), PatchType.MERGE, patch);
                    written.put(key, new Written(before.namespace(), before.name(), before.count() + 1));
                    return;
                } catch (StatusException e) {
                    if (!e.isNotFound()) {
                        throw e;
                    }
                    // The event expired meanwhile: create a new one.
                }
            }
            ObjectNode created = events.create(namespaceOf(key.object()), event(key, now));
            String ns = created.path("metadata").path("namespace").asText();
            written.put(key, new Written(ns, created.path("metadata").path("name").asText(), 1));
        } catch (StatusException | TransportException e) {
            LOG.debug("could not record event {} about {}: {}", key.reason(), key.object(), e.getMessage());
        }
    }

    private static String namespaceOf(ObjectRef o) {
        return o.namespace() == null || o.namespace().isEmpty() ? "default" : o.namespace();
    }

    private ObjectNode event(Key key, Instant now) {
        ObjectRef o = key.object();
        ObjectNode e = Json.object();
        e.put("apiVersion", "v1").put("kind", "Event");
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano() + sequence++;
        e.putObject("metadata").put("name", o.name() + "." + Long.toHexString(nanos)).put("namespace", namespaceOf(o));
        ObjectNode involved = e.putObject("involvedObject");
        involved.put("apiVersion", o.apiVersion()).put("kind", o.kind()).put("name", o.name()).put("uid", o.uid());
        if (o.namespace() != null && !o.namespace().isEmpty()) {
            involved.put("namespace", o.namespace());
        }
        if (!o.fieldPath().isEmpty()) {
            involved.put("fieldPath", o.fieldPath());
        }
        e.put("reason", key.reason()).put("message", key.message()).put("type", key.type());
        ObjectNode source = e.putObject("source").put("component", component);
        if (!host.isEmpty()) {
            source.put("host", host);
        }
        String t = Timestamps.format(now);
        e.put("firstTimestamp", t).put("lastTimestamp", t).put("count", 1);
        e.put("reportingComponent", component).put("reportingInstance", host);
        return e;
    }

    /** Writes what is queued (waiting up to 5 s), then stops. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
