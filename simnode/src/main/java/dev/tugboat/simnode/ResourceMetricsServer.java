package dev.tugboat.simnode;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tugboat.kubelet.metrics.ResourceMetricsText;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP endpoint that stands in for every simulated node's kubelet, as KWOK's metrics service
 * does: {@code GET /metrics/nodes/<node>/metrics/resource} answers that node's resource metrics, and each
 * simulated Node advertises this server's address and port as its InternalIP and kubelet endpoint, with
 * the path in {@link #PATH_ANNOTATION} (metrics-server 0.7+ scrapes the annotated path). Bound to loopback.
 * Requests are served on virtual threads.
 */
final class ResourceMetricsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceMetricsServer.class);

    /** Where a Node says its resource metrics are, instead of the kubelet's {@code /metrics/resource}. */
    static final String PATH_ANNOTATION = "metrics.k8s.io/resource-metrics-path";

    private static final String PREFIX = "/metrics/nodes/";
    private static final String SUFFIX = "/metrics/resource";

    private final HttpServer server;
    private final ExecutorService executor;

    private ResourceMetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving.
     *
     * @param port    0 for any free port
     * @param metrics a node's metrics text, or empty when the node is not served (unknown, or dead)
     */
    static ResourceMetricsServer start(int port, Function<String, Optional<String>> metrics) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            server.createContext(PREFIX, ex -> serve(ex, metrics));
            server.start();
            return new ResourceMetricsServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the simulated nodes' metrics endpoint on port " + port, e);
        }
    }

    /** The path a node's metrics are served at. */
    static String pathOf(String node) {
        return PREFIX + node + SUFFIX;
    }

    String host() {
        return server.getAddress().getAddress().getHostAddress();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void serve(HttpExchange ex, Function<String, Optional<String>> metrics) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!path.startsWith(PREFIX) || !path.endsWith(SUFFIX) || path.length() <= PREFIX.length() + SUFFIX.length()) {
                respond(ex, 404, "404 page not found\n");
                return;
            }
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(ex, 405, "method not allowed\n");
                return;
            }
            String node = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
            Optional<String> text;
            try {
                text = metrics.apply(node);
            } catch (RuntimeException e) {
                LOG.warn("resource metrics of node {} failed", node, e);
                respond(ex, 500, "internal error\n");
                return;
            }
            if (text.isEmpty()) {
                respond(ex, 404, "node " + node + " is not a running simulated node\n");
                return;
            }
            ex.getResponseHeaders().set("Content-Type", ResourceMetricsText.CONTENT_TYPE);
            byte[] body = text.get().getBytes(StandardCharsets.UTF_8);
            boolean head = ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static void respond(HttpExchange ex, int code, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(code, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
