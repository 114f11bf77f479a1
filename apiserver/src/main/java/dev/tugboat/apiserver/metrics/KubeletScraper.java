package dev.tugboat.apiserver.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the resource metrics of many nodes at once (metrics-server's scraper and kubelet client): one
 * HTTP/1.1 client whose connections are reused across scrapes, at most {@code parallelism} requests in
 * flight, each bounded by a timeout and a body size. A node that does not answer, answers with an error
 * or with text that does not parse is left out of the result (logged at debug): a scrape never fails as a
 * whole. Thread-safe.
 */
public final class KubeletScraper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubeletScraper.class);
    /** More than any kubelet writes for 110 pods; a body beyond it is not read. */
    static final int MAX_BODY_BYTES = 16 << 20;

    /** Where one node's metrics are. */
    public record Target(String node, URI uri) {
    }

    private final HttpClient http;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight;
    private final Duration timeout;
    private final Clock clock;

    public KubeletScraper(Duration timeout, int parallelism, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        this.inFlight = new Semaphore(parallelism);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).executor(threads).build();
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
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.debug("scrape failed", e.getCause());
            }
        }
        return out;
    }

    private Optional<NodeMetricsBatch> scrapeOne(Target t) throws InterruptedException {
        inFlight.acquire();
        try {
            Instant requested = clock.instant();
            HttpRequest req = HttpRequest.newBuilder(t.uri()).timeout(timeout).GET()
                    .header("Accept", "text/plain").build();
            HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = resp.body()) {
                byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
                if (bytes.length > MAX_BODY_BYTES) {
                    LOG.debug("node {}: metrics at {} exceed {} bytes", t.node(), t.uri(), MAX_BODY_BYTES);
                    return Optional.empty();
                }
                body = new String(bytes, StandardCharsets.UTF_8);
            }
            if (resp.statusCode() != 200) {
                LOG.debug("node {}: {} answered {}", t.node(), t.uri(), resp.statusCode());
                return Optional.empty();
            }
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
        http.shutdownNow();
        threads.shutdownNow();
    }
}
