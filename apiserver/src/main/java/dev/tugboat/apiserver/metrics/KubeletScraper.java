package dev.tugboat.apiserver.metrics;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the resource metrics of many nodes at once (metrics-server's scraper and kubelet client): one
 * {@link HttpGetClient} whose connections are reused across scrapes, at most {@code parallelism} requests
 * in flight, each bounded by a timeout and a body size. A node that does not answer, answers with an
 * error or with text that does not parse is left out of the result (logged at debug): a scrape never
 * fails as a whole. Thread-safe.
 */
public final class KubeletScraper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubeletScraper.class);
    /** More than any kubelet writes for 110 pods; a body beyond it is not read. */
    static final int MAX_BODY_BYTES = 16 << 20;

    /** Where one node's metrics are. */
    public record Target(String node, URI uri) {
    }

    private final HttpGetClient http;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight;
    private final Clock clock;

    public KubeletScraper(Duration timeout, int parallelism, Clock clock) {
        this.clock = clock;
        this.inFlight = new Semaphore(parallelism);
        this.http = new HttpGetClient(timeout, MAX_BODY_BYTES, "tugboat-metrics-scraper");
    }

    /** Scrapes every target; returns the batches of those that answered, in no particular order. */
    public List<NodeMetricsBatch> scrape(List<Target> targets) throws InterruptedException {
        List<Future<Optional<NodeMetricsBatch>>> pending = new ArrayList<>(targets.size());
        for (Target t : targets) {
            pending.add(threads.submit(() -> scrapeOne(t)));
        }
        List<NodeMetricsBatch> out = new ArrayList<>(targets.size());
        for (Future<Optional<NodeMetricsBatch>> f : pending) {
            try {
                f.get().ifPresent(out::add);
            } catch (ExecutionException e) {
                LOG.debug("scrape failed", e.getCause());
            }
        }
        return out;
    }

    private Optional<NodeMetricsBatch> scrapeOne(Target t) throws InterruptedException {
        inFlight.acquire();
        try {
            Instant requested = clock.instant();
            HttpGetClient.Response resp = http.get(t.uri());
            if (resp.status() != 200) {
                LOG.debug("node {}: {} answered {}", t.node(), t.uri(), resp.status());
                return Optional.empty();
            }
            String body = new String(resp.body(), StandardCharsets.UTF_8);
            return Optional.of(NodeMetricsBatch.decode(t.node(), PrometheusText.parse(body), requested));
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("node {}: scraping {} failed: {}", t.node(), t.uri(), e.toString());
            return Optional.empty();
        } finally {
            inFlight.release();
        }
    }

    /** Abandons requests in flight. */
    @Override
    public void close() {
        threads.shutdownNow();
        http.close();
    }
}
