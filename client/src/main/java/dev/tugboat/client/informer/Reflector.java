package dev.tugboat.client.informer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.Status;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ListOptions;
import dev.tugboat.client.rest.ObjectList;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.client.rest.TransportException;
import dev.tugboat.client.rest.Watch;
import dev.tugboat.client.rest.WatchEvent;
import dev.tugboat.client.rest.WatchOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link Sink} in step with the server by list + watch (client-go's Reflector):
 * <ol>
 *   <li>list every page at one revision and hand the whole state to the sink;</li>
 *   <li>watch from that revision with bookmarks, applying each event and remembering the newest
 *       resourceVersion seen (events and bookmarks);</li>
 *   <li>when a watch ends (the server's timeout, a dropped connection), watch again from the remembered
 *       resourceVersion, so nothing is missed or repeated;</li>
 *   <li>when the server says that revision is too old (410, as a response or an ERROR event), list
 *       again;</li>
 *   <li>any other failure waits with exponential backoff (800 ms doubling to 30 s, jittered), then
 *       retries the step that failed.</li>
 * </ol>
 * Runs on one thread until {@link #stop()}.
 */
final class Reflector {

    private static final Logger LOG = LoggerFactory.getLogger(Reflector.class);
    private static final Duration BACKOFF_INITIAL = Duration.ofMillis(800);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(30);
    /** client-go's minimum watch timeout; each watch asks for between it and twice it. */
    private static final long MIN_WATCH_TIMEOUT_SECONDS = 300;
    /** A watch that ends sooner than this without any event counts as a failure (no hot loop). */
    private static final Duration SHORT_WATCH = Duration.ofSeconds(1);

    /** Where the state goes; called from the reflector thread only. */
    interface Sink {
        /** The complete state at a revision (after a list). */
        void replace(List<ObjectNode> items, String resourceVersion);

        /** One ADDED, MODIFIED or DELETED event. */
        void apply(WatchEvent event);
    }

    private final ListerWatcher lw;
    private final InformerOptions options;
    private final Clock clock;
    private final Sink sink;
    private final String name;
    private volatile boolean stopped;
    private volatile Watch current;
    private volatile String lastResourceVersion = "";
    private Thread thread;
    private int failures;

    Reflector(ListerWatcher lw, InformerOptions options, Clock clock, Sink sink, String name) {
        this.lw = lw;
        this.options = options;
        this.clock = clock;
        this.sink = sink;
        this.name = name;
    }

    void start() {
        thread = Thread.ofVirtual().name("reflector-" + name).start(this::run);
    }

    /** The newest resourceVersion applied ("" before the first list). */
    String lastResourceVersion() {
        return lastResourceVersion;
    }

    void stop() {
        stopped = true;
        Watch w = current;
        if (w != null) {
            w.close();
        }
        if (thread != null) {
            thread.interrupt();
        }
    }

    void join() throws InterruptedException {
        if (thread != null) {
            thread.join();
        }
    }

    private void run() {
        boolean needList = true;
        while (!stopped) {
            try {
                if (needList) {
                    list();
                    needList = false;
                }
                needList = !watchOnce();
            } catch (StatusException e) {
                if (e.isGone()) {
                    LOG.debug("{}: resourceVersion {} is too old, listing again", name, lastResourceVersion);
                    needList = true;
                    continue;
                }
                backoff(e);
            } catch (TransportException e) {
                backoff(e);
            } catch (RuntimeException e) {
                // A bug in a sink must not kill the informer silently.
                LOG.error("{}: unexpected failure", name, e);
                backoff(e);
            }
        }
    }

    /** Every page at one revision (the first page's), then the whole state to the sink. */
    private void list() {
        ListOptions opts = ListOptions.ALL
                .withLabelSelector(options.labelSelector())
                .withFieldSelector(options.fieldSelector())
                .withLimit(options.pageSize());
        ObjectList page = lw.list(opts);
        List<ObjectNode> items = new ArrayList<>(page.items());
        String rv = page.resourceVersion();
        while (!page.continueToken().isEmpty()) {
            page = lw.list(opts.withContinue(page.continueToken()));
            items.addAll(page.items());
        }
        sink.replace(items, rv);
        lastResourceVersion = rv;
        failures = 0;
    }

    /**
     * One watch until it ends. Returns false when the revision is gone and a list is needed.
     */
    private boolean watchOnce() {
        long timeout = MIN_WATCH_TIMEOUT_SECONDS + ThreadLocalRandom.current().nextLong(MIN_WATCH_TIMEOUT_SECONDS);
        long started = clock.nanoTime();
        int events = 0;
        try (Watch w = lw.watch(WatchOptions.DEFAULT
                .withLabelSelector(options.labelSelector())
                .withFieldSelector(options.fieldSelector())
                .withResourceVersion(lastResourceVersion)
                .withTimeoutSeconds(timeout)
                .withBookmarks(true))) {
            current = w;
            if (stopped) {
                return true;
            }
            WatchEvent ev;
            while ((ev = w.next()) != null) {
                events++;
                failures = 0;
                switch (ev.type()) {
                    case ERROR -> {
                        Status s = ApiClient.parseStatus(ev.object(), 500);
                        if (s.code() == 410) {
                            LOG.debug("{}: watch expired: {}", name, s.message());
                            return false;
                        }
                        throw new StatusException(s);
                    }
                    case BOOKMARK -> lastResourceVersion = Meta.resourceVersion(ev.object());
                    case ADDED, MODIFIED, DELETED -> {
                        sink.apply(ev);
                        lastResourceVersion = Meta.resourceVersion(ev.object());
                    }
                }
            }
        } finally {
            current = null;
        }
        if (!stopped && events == 0 && clock.nanoTime() - started < SHORT_WATCH.toNanos()) {
            throw new TransportException("watch ended at once without events", null);
        }
        return true;
    }

    private void backoff(RuntimeException cause) {
        if (stopped) {
            return;
        }
        long base = Math.min(BACKOFF_INITIAL.toMillis() << Math.min(failures, 10), BACKOFF_MAX.toMillis());
        long wait = Math.min(base + ThreadLocalRandom.current().nextLong(base + 1), BACKOFF_MAX.toMillis());
        failures++;
        LOG.warn("{}: list/watch failed ({}), retrying in {} ms", name, cause.getMessage(), wait);
        try {
            clock.sleep(Duration.ofMillis(wait));
        } catch (InterruptedException e) {
            // Only stop() interrupts this thread; the loop condition ends it.
        }
    }
}
