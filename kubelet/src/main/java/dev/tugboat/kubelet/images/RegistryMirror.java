package dev.tugboat.kubelet.images;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-only OCI distribution (registry v2) server on 127.0.0.1 that serves the images of the
 * node's offline archives, so that containerd, configured to use it as a mirror (see
 * {@code dev.tugboat.kubelet.containerd.RegistryHosts}), can pull {@code nginx:latest} or
 * {@code registry.k8s.io/pause:3.9} without a registry, and falls back to the real registry for
 * anything else. This is what k3s does with its embedded registry mirror.
 *
 * <p>containerd tells a mirror which registry it stands in for with the query parameter
 * {@code ns} (e.g. {@code ?ns=docker.io}); that picks the registry here, so docker.io's
 * {@code library/nginx} and another registry's repository of the same name never mix. A request
 * without {@code ns} means docker.io, the registry mirrors have traditionally served.
 */
public final class RegistryMirror implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryMirror.class);
    /** The registry a request without {@code ns} is about. */
    public static final String DEFAULT_REGISTRY = "docker.io";
    static final String API_VERSION_HEADER = "Docker-Distribution-API-Version";
    static final String DIGEST_HEADER = "Docker-Content-Digest";
    private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final int CHUNK = 64 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final MirroredImages images;

    private RegistryMirror(HttpServer server, ExecutorService executor, MirroredImages images) {
        this.server = server;
        this.executor = executor;
        this.images = images;
    }

    /** Serves {@code archives} (made by {@link OciArchive}) on a port the system picks. */
    public static RegistryMirror start(List<Path> archives) throws IOException {
        return start(archives, 0);
    }

    /** Serves {@code archives} on 127.0.0.1:{@code port}; port 0 lets the system pick one. */
    public static RegistryMirror start(List<Path> archives, int port) throws IOException {
        MirroredImages images = MirroredImages.load(archives);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            HttpServer server = HttpServer.create(
                    new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 64);
            RegistryMirror mirror = new RegistryMirror(server, executor, images);
            server.createContext("/", mirror::handle);
            server.setExecutor(executor);
            server.start();
            LOG.info("registry mirror for {} listening on {}", images.registries(), mirror.endpoint());
            return mirror;
        } catch (IOException | RuntimeException e) {
            executor.close();
            images.close();
            throw e;
        }
    }

    /** The port the mirror listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The mirror's base URL, as a containerd hosts.toml names it: {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The registry hosts the archives name images in, e.g. docker.io and registry.k8s.io. */
    public SortedSet<String> registries() {
        return images.registries();
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        executor.close();
        images.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set(API_VERSION_HEADER, "registry/2.0");
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                error(exchange, head, 405, "UNSUPPORTED", "this mirror is read-only; " + method + " is not supported");
                return;
            }
            String registry = queryParameter(exchange.getRequestURI().getRawQuery(), "ns").orElse(DEFAULT_REGISTRY);
            RegistryRequest request = RegistryRequest.parse(exchange.getRequestURI().getPath());
            LOG.debug("{} {} (registry {}) -> {}", method, exchange.getRequestURI(), registry, request);
            switch (request) {
                case RegistryRequest.ApiVersion v -> json(exchange, head, 200, Json.object());
                case RegistryRequest.ManifestRequest m -> manifest(exchange, head, registry, m);
                case RegistryRequest.BlobRequest b -> blob(exchange, head, registry, b);
                case RegistryRequest.TagsRequest t -> tags(exchange, head, registry, t);
                case RegistryRequest.Invalid i -> error(exchange, head, 400, i.code(), i.message());
                case RegistryRequest.NotAnEndpoint n ->
                        error(exchange, head, 404, "UNSUPPORTED", n.path() + " is not an endpoint of this read-only mirror");
            }
        } catch (IOException | RuntimeException e) {
            // The client went away mid-blob, typically; nothing more can be sent on this exchange.
            LOG.debug("registry mirror request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        }
    }

    private void manifest(HttpExchange exchange, boolean head, String registry, RegistryRequest.ManifestRequest m)
            throws IOException {
        MirroredImages.Repository repository = new MirroredImages.Repository(registry, m.repository());
        if (!images.hasRepository(repository)) {
            nameUnknown(exchange, head, repository);
            return;
        }
        Optional<MirroredImages.Manifest> manifest = images.manifest(repository, m.reference());
        if (manifest.isEmpty()) {
            error(exchange, head, 404, "MANIFEST_UNKNOWN", "manifest " + m.reference() + " of "
                    + registry + "/" + m.repository() + " is not in this mirror");
            return;
        }
        byte[] content = manifest.get().content();
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", manifest.get().mediaType());
        headers.set(DIGEST_HEADER, manifest.get().digest());
        send(exchange, head, 200, content);
    }

    private void blob(HttpExchange exchange, boolean head, String registry, RegistryRequest.BlobRequest b)
            throws IOException {
        MirroredImages.Repository repository = new MirroredImages.Repository(registry, b.repository());
        if (!images.hasRepository(repository)) {
            nameUnknown(exchange, head, repository);
            return;
        }
        Optional<MirroredImages.Blob> found = images.blob(repository, b.digest());
        if (found.isEmpty()) {
            error(exchange, head, 404, "BLOB_UNKNOWN", "blob " + b.digest() + " of "
                    + registry + "/" + b.repository() + " is not in this mirror");
            return;
        }
        MirroredImages.Blob blob = found.get();
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/octet-stream");
        headers.set(DIGEST_HEADER, blob.digest());
        headers.set("Accept-Ranges", "bytes");
        long start = 0;
        long length = blob.size();
        int status = 200;
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range != null) {
            Matcher matcher = SINGLE_RANGE.matcher(range.strip());
            if (matcher.matches()) {
                Optional<long[]> satisfiable = byteRange(matcher.group(1), matcher.group(2), blob.size());
                if (satisfiable.isEmpty()) {
                    headers.set("Content-Range", "bytes */" + blob.size());
                    error(exchange, head, 416, "SIZE_INVALID", "range " + range + " is outside the blob's "
                            + blob.size() + " bytes");
                    return;
                }
                start = satisfiable.get()[0];
                length = satisfiable.get()[1] - start + 1;
                status = 206;
                headers.set("Content-Range", "bytes " + start + "-" + (start + length - 1) + "/" + blob.size());
            }
            // Other forms (several ranges) are answered with the whole blob, which HTTP allows.
        }
        headers.set("Content-Length", Long.toString(length));
        if (head || length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, length);
        OutputStream body = exchange.getResponseBody();
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, length));
        long at = blob.offset() + start;
        long left = length;
        while (left > 0) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), left));
            int n = blob.archive().read(buffer, at);
            if (n < 0) {
                throw new IOException("archive ended inside blob " + blob.digest());
            }
            body.write(buffer.array(), 0, n);
            at += n;
            left -= n;
        }
    }

    /** First and last byte of {@code bytes=FIRST-LAST} (either may be empty), or empty if unsatisfiable. */
    static Optional<long[]> byteRange(String first, String last, long size) {
        try {
            if (first.isEmpty()) {
                if (last.isEmpty()) {
                    return Optional.empty();
                }
                long suffix = Math.min(Long.parseLong(last), size);
                return suffix == 0 ? Optional.empty() : Optional.of(new long[] {size - suffix, size - 1});
            }
            long from = Long.parseLong(first);
            long to = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            return from >= size || to < from ? Optional.empty() : Optional.of(new long[] {from, to});
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void tags(HttpExchange exchange, boolean head, String registry, RegistryRequest.TagsRequest t)
            throws IOException {
        MirroredImages.Repository repository = new MirroredImages.Repository(registry, t.repository());
        if (!images.hasRepository(repository)) {
            nameUnknown(exchange, head, repository);
            return;
        }
        ObjectNode list = Json.object();
        list.put("name", t.repository());
        images.tags(repository).forEach(list.putArray("tags")::add);
        json(exchange, head, 200, list);
    }

    private static void nameUnknown(HttpExchange exchange, boolean head, MirroredImages.Repository repository)
            throws IOException {
        error(exchange, head, 404, "NAME_UNKNOWN", "repository " + repository.name() + " of registry "
                + repository.registry() + " is not in this mirror");
    }

    /** The spec's error body: {@code {"errors":[{"code":..., "message":..., "detail":...}]}}. */
    private static void error(HttpExchange exchange, boolean head, int status, String code, String message)
            throws IOException {
        ObjectNode body = Json.object();
        ObjectNode error = body.putArray("errors").addObject();
        error.put("code", code);
        error.put("message", message);
        error.putObject("detail");
        json(exchange, head, status, body);
    }

    private static void json(HttpExchange exchange, boolean head, int status, ObjectNode document) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, head, status, Json.bytes(document));
    }

    private static void send(HttpExchange exchange, boolean head, int status, byte[] content) throws IOException {
        // The JDK server sends no Content-Length for HEAD unless it is set by hand, and a HEAD's
        // length must be the GET's, which is how containerd learns a manifest's size.
        exchange.getResponseHeaders().set("Content-Length", Integer.toString(content.length));
        if (head || content.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, content.length);
        exchange.getResponseBody().write(content);
    }

    /** The first value of {@code name} in a raw query string, percent-decoded. */
    static Optional<String> queryParameter(String rawQuery, String name) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return Optional.of(equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
