package dev.tugboat.apiserver.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Conditions;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.apiserver.registry.GenericStore;
import dev.tugboat.apiserver.registry.ListOptions;
import dev.tugboat.apiserver.registry.ResourceRegistry;
import dev.tugboat.apiserver.watchcache.CachedObject;
import dev.tugboat.apiserver.watchcache.ResourceCache;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server's own metrics-server: every {@code metricResolution} it scrapes the resource metrics of
 * every Ready node that advertises a kubelet endpoint ({@code http://<InternalIP>:<kubelet port><path>},
 * the path from the {@link #PATH_ANNOTATION} annotation, else the kubelet's {@code /metrics/resource}),
 * drops the pods the watch cache does not know, and stores the points for {@link MetricsApi}. Nodes and
 * pods are read from the watch cache, not over HTTP. Scrapes take at most nine tenths of the period, as
 * metrics-server's do, so they never overlap.
 */
public final class ResourceMetricsCollector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceMetricsCollector.class);
    /** metrics-server's annotation for where a node's resource metrics are served. */
    public static final String PATH_ANNOTATION = "metrics.k8s.io/resource-metrics-path";
    static final String DEFAULT_PATH = "/metrics/resource";
    /** Requests in flight at once: enough for thousands of nodes per period on loopback, few connections. */
    static final int PARALLELISM = 32;
    private static final ListOptions CACHED = new ListOptions(0, "", "0", "");

    private final ResourceRegistry registry;
    private final Duration resolution;
    private final MetricsStorage storage;
    private final KubeletScraper scraper;
    /** A node's endpoint as of one revision of the Node: nodes are parsed again only when they change. */
    private record KnownTarget(long revision, Optional<KubeletScraper.Target> target) {
    }

    /** Only the scrape loop's thread touches it. */
    private Map<String, KnownTarget> knownTargets = Map.of();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("metrics-scraper").daemon().factory());

    public ResourceMetricsCollector(ResourceRegistry registry, Duration resolution, Clock clock) {
        if (!resolution.isPositive()) {
            throw new IllegalArgumentException("metric resolution must be positive");
        }
        this.registry = registry;
        this.resolution = resolution;
        this.storage = new MetricsStorage(resolution);
        Duration timeout = Duration.ofNanos(resolution.toNanos() / 10 * 9);
        this.scraper = new KubeletScraper(timeout, PARALLELISM, clock);
    }

    public MetricsStorage storage() {
        return storage;
    }

    /** Scrapes now and then every period. */
    public void start() {
        loop.scheduleAtFixedRate(this::scrapeSafely, 0, resolution.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void scrapeSafely() {
        try {
            scrapeOnce();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("scraping resource metrics failed", e);
        }
    }

    /** One scrape of every node, stored. */
    void scrapeOnce() throws InterruptedException {
        Optional<GenericStore> nodes = registry.store("", "v1", "nodes");
        Optional<GenericStore> pods = registry.store("", "v1", "pods");
        if (nodes.isEmpty() || pods.isEmpty()) {
            return;
        }
        List<KubeletScraper.Target> targets = new ArrayList<>();
        Map<String, KnownTarget> known = new HashMap<>();
        for (CachedObject n : nodes.get().list("", ResourceCache.ALL, CACHED).items()) {
            KnownTarget t = knownTargets.get(n.name());
            if (t == null || t.revision() != n.revision()) {
                t = new KnownTarget(n.revision(), target(n.object()));
            }
            known.put(n.name(), t);
            t.target().ifPresent(targets::add);
        }
        knownTargets = known;
        List<NodeMetricsBatch> batches = new ArrayList<>(targets.size());
        for (NodeMetricsBatch b : scraper.scrape(targets)) {
            batches.add(knownPodsOnly(b, pods.get()));
        }
        storage.store(batches);
        LOG.debug("scraped {} of {} nodes", batches.size(), targets.size());
    }

    /** A node's metrics endpoint, if it is Ready and advertises one. */
    static Optional<KubeletScraper.Target> target(JsonNode node) {
        if (!Conditions.isTrue(node, "Ready")) {
            return Optional.empty();
        }
        int port = node.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(0);
        String ip = "";
        for (JsonNode a : node.path("status").path("addresses")) {
            if ("InternalIP".equals(a.path("type").asText())) {
                ip = a.path("address").asText("");
                break;
            }
        }
        if (port <= 0 || port > 65535 || ip.isEmpty()) {
            return Optional.empty();
        }
        String path = Meta.annotations(node).getOrDefault(PATH_ANNOTATION, DEFAULT_PATH);
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        try {
            return Optional.of(new KubeletScraper.Target(Meta.name(node), URI.create("http://" + host + ":" + port + path)));
        } catch (IllegalArgumentException e) {
            LOG.debug("node {}: no valid metrics URL from {}:{}{}", Meta.name(node), ip, port, path);
            return Optional.empty();
        }
    }

    /** The batch without pods the cache does not hold (gone, or never there), as metrics-server drops them. */
    private static NodeMetricsBatch knownPodsOnly(NodeMetricsBatch b, GenericStore pods) {
        Map<NodeMetricsBatch.PodRef, Map<String, MetricsPoint>> known = new HashMap<>(b.pods());
        known.keySet().removeIf(ref -> pods.peekCached(ref.namespace(), ref.name()).isEmpty());
        return known.size() == b.pods().size() ? b : new NodeMetricsBatch(b.node(), b.nodePoint(), known);
    }

    @Override
    public void close() {
        loop.shutdownNow();
        scraper.close();
    }
}
