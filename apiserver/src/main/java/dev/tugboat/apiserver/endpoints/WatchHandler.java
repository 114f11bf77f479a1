package dev.tugboat.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.printers.TablePrinter;
import dev.tugboat.apiserver.http.HttpExchange;
import dev.tugboat.apiserver.registry.GenericStore;
import dev.tugboat.apiserver.watchcache.CacheEvent;
import dev.tugboat.apiserver.watchcache.CacheWatcher;
import dev.tugboat.apiserver.watchcache.CachedObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Streams watch events as upstream does: chunked JSON, one {@code {"type":…,"object":…}} per line,
 * label/field selector transitions turned into ADDED/DELETED, periodic BOOKMARKs when asked for, the
 * {@code initial-events-end} bookmark for {@code sendInitialEvents}, and a clean end at
 * {@code timeoutSeconds}.
 */
public final class WatchHandler {

    /** Upstream's minimum request timeout; watches without timeoutSeconds last between it and twice it. */
    private static final Duration MIN_REQUEST_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration BOOKMARK_INTERVAL = Duration.ofMinutes(1);
    private static final long WRITE_TIMEOUT_MILLIS = 30_000;
    /** Bounds of one batched write: events that are already queued go out together, up to these. */
    private static final int MAX_BATCH_BYTES = 256 * 1024;
    private static final int MAX_BATCH_EVENTS = 256;

    /** How the stream renders objects. */
    public record Rendering(OutputFormat format, TablePrinter printer, String includeObject) {
    }

    /** Parameters of one watch. */
    public record Params(Duration timeout, boolean bookmarks, boolean sendInitialEvents) {

        /** The watch duration from {@code timeoutSeconds}, or upstream's randomized default. */
        public static Duration timeout(long timeoutSeconds) {
            if (timeoutSeconds > 0) {
                return Duration.ofSeconds(timeoutSeconds);
            }
            long base = MIN_REQUEST_TIMEOUT.toSeconds();
            return Duration.ofSeconds(base + ThreadLocalRandom.current().nextLong(base));
        }
    }

    private final Clock clock;

    public WatchHandler(Clock clock) {
        this.clock = clock;
    }

    /**
     * Serves a started watch until timeout, client disconnect or termination: over a WebSocket when the
     * client asks for one (one event per message, as upstream), else as a chunked JSON stream.
     */
    public void serve(HttpExchange ex, GenericStore store, GenericStore.WatchStart start, Predicate<CachedObject> filter,
                      Rendering rendering, Params params) throws InterruptedException {
        CacheWatcher watcher = start.start().watcher();
        try {
            HttpExchange.Stream stream = ex.isWebSocketUpgrade() ? ex.upgradeToWebSocket(List.of())
                    : ex.startStream(200, "application/json");
            if (stream == null) {
                return;
            }
            stream.onClose(watcher::close);
            Session s = new Session(stream, store, filter, rendering);
            long lastRevision = start.start().revision();
            // 1. Initial state (resourceVersion "" or "0") as ADDED events.
            for (CachedObject o : start.start().initial()) {
                if (filter.test(o) && !s.send("ADDED", o)) {
                    return;
                }
            }
            // 2. Replay of the window after the requested revision.
            for (CacheEvent e : start.start().replay()) {
                if (!s.send(e)) {
                    return;
                }
                lastRevision = e.revision();
            }
            if (params.sendInitialEvents()) {
                if (!s.bookmark(Math.max(lastRevision, start.start().revision()), true)) {
                    return;
                }
            }
            if (!s.flush()) {
                return;
            }
            // 3. Live events until the deadline.
            long deadline = System.nanoTime() + params.timeout().toNanos();
            long nextBookmark = System.nanoTime() + BOOKMARK_INTERVAL.toNanos();
            while (stream.isOpen()) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    break;
                }
                CacheWatcher.Item item = watcher.poll(Math.min(1000, (deadline - now) / 1_000_000 + 1));
                // A burst of events already queued goes out as one write.
                for (; item != null; item = watcher.poll(0)) {
                    switch (item) {
                        case CacheWatcher.Event ev -> {
                            if (!s.send(ev.event())) {
                                return;
                            }
                        }
                        case CacheWatcher.Bookmark b -> {
                            if (params.bookmarks() && System.nanoTime() >= nextBookmark) {
                                if (!s.bookmark(b.revision(), false)) {
                                    return;
                                }
                                nextBookmark = System.nanoTime() + BOOKMARK_INTERVAL.toNanos();
                            }
                        }
                        case CacheWatcher.Terminated t -> {
                            if (s.flush()) {
                                stream.end();
                            }
                            return;
                        }
                    }
                }
                if (!s.flush()) {
                    return;
                }
            }
            stream.end();
        } finally {
            watcher.close();
        }
    }

    private final class Session {
        private final HttpExchange.Stream stream;
        private final GenericStore store;
        private final Predicate<CachedObject> filter;
        private final Rendering rendering;
        private boolean columnsSent;
        private final List<byte[]> pending = new ArrayList<>();
        private int pendingBytes;

        Session(HttpExchange.Stream stream, GenericStore store, Predicate<CachedObject> filter, Rendering rendering) {
            this.stream = stream;
            this.store = store;
            this.filter = filter;
            this.rendering = rendering;
        }

        /** Sends an event after applying selector transitions. */
        boolean send(CacheEvent e) {
            boolean now = filter.test(e.object());
            boolean before = e.prev() != null && filter.test(e.prev());
            if (e.type() == CacheEvent.Type.DELETE) {
                return !before || send("DELETED", e.object());
            }
            if (now && before) {
                return send("MODIFIED", e.object());
            }
            if (now) {
                return send("ADDED", e.object());
            }
            if (before) {
                // The object left the selection: the watcher sees it deleted.
                return send("DELETED", e.object());
            }
            return true;
        }

        boolean send(String type, CachedObject o) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(o.json().length + 64);
            buf.writeBytes(("{\"type\":\"" + type + "\",\"object\":").getBytes(StandardCharsets.UTF_8));
            switch (rendering.format()) {
                case OutputFormat.Table t -> {
                    ObjectNode table = ObjectWriter.table(t.version(), rendering.printer(),
                            List.of(served(o)), Json.object().put("resourceVersion", Long.toString(o.revision())),
                            rendering.includeObject(), clock.instant(), !columnsSent);
                    columnsSent = true;
                    buf.writeBytes(Json.bytes(table));
                }
                case OutputFormat.PartialMetadata p ->
                        buf.writeBytes(Json.bytes(ObjectWriter.partialMetadata(p.version(), o.object())));
                default -> buf.writeBytes(store.servedAsStored() ? o.json() : Json.bytes(served(o)));
            }
            buf.writeBytes("}\n".getBytes(StandardCharsets.UTF_8));
            return queue(buf.toByteArray());
        }

        /** Adds an event line to the pending batch; a large batch is written at once. */
        private boolean queue(byte[] line) {
            pending.add(line);
            pendingBytes += line.length;
            return pendingBytes < MAX_BATCH_BYTES && pending.size() < MAX_BATCH_EVENTS || flush();
        }

        /** Writes the pending batch with one flush. */
        boolean flush() {
            if (pending.isEmpty()) {
                return true;
            }
            boolean ok = pending.size() == 1 ? stream.write(pending.get(0), WRITE_TIMEOUT_MILLIS)
                    : stream.writeAll(List.copyOf(pending), WRITE_TIMEOUT_MILLIS);
            pending.clear();
            pendingBytes = 0;
            return ok;
        }

        private ObjectNode served(CachedObject o) {
            return store.servedAsStored() ? o.object() : store.toServed(o.object().deepCopy());
        }

        boolean bookmark(long revision, boolean initialEventsEnd) {
            ObjectNode obj = Json.object();
            var kind = store.registration().resource().kind();
            obj.put("kind", kind.kind());
            obj.put("apiVersion", kind.apiVersion());
            ObjectNode meta = obj.putObject("metadata");
            meta.put("resourceVersion", Long.toString(revision));
            meta.putNull("creationTimestamp");
            if (initialEventsEnd) {
                meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
            }
            ObjectNode event = Json.object();
            event.put("type", "BOOKMARK");
            event.set("object", obj);
            byte[] line = (Json.string(event) + "\n").getBytes(StandardCharsets.UTF_8);
            return queue(line);
        }
    }
}
