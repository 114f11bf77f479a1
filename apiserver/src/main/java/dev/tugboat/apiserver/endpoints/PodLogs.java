package dev.tugboat.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.core.PodLogOptions;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.apiserver.http.HttpExchange;
import dev.tugboat.apiserver.http.HttpRequest;
import dev.tugboat.apiserver.registry.GenericStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The {@code pods/log} subresource, as upstream's pod log REST: checks the options, the pod and its
 * container, finds the kubelet of the pod's node from the Node's status and streams that kubelet's
 * {@code /containerLogs} answer back as it comes, so {@code kubectl logs -f} sees lines as they are
 * written. The kubelet's errors keep its message.
 */
final class PodLogs {

    /** Upstream's kubelet port, for nodes that do not advertise theirs. */
    static final int DEFAULT_KUBELET_PORT = 10250;
    /** How long a reader may leave its socket full before the stream is given up. */
    private static final long WRITE_TIMEOUT_MILLIS = 60_000;
    /** The most of a kubelet's error body kept for the message. */
    private static final int MAX_ERROR_BYTES = 4096;

    private final Supplier<GenericStore> nodes;
    private final HttpClient kubelets;

    /**
     * @param nodes    the Node store (looked up late: it is registered after the handlers are built)
     * @param kubelets the client for kubelet connections (plain HTTP until kubelets serve TLS)
     */
    PodLogs(Supplier<GenericStore> nodes, HttpClient kubelets) {
        this.nodes = nodes;
        this.kubelets = kubelets;
    }

    static HttpClient defaultClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    void serve(HttpRequest req, HttpExchange ex, GenericStore pods, String ns, String name) throws InterruptedException {
        PodLogOptions options = PodLogOptions.fromQuery(req::param);
        List<FieldError> invalid = options.validate();
        if (!invalid.isEmpty()) {
            throw new ApiException.Invalid("", "PodLogOptions", name, invalid);
        }
        ObjectNode pod = pods.get(ns, name, "");
        String container = container(pod, options.container());
        String nodeName = pod.path("spec").path("nodeName").asText("");
        if (nodeName.isEmpty()) {
            // Not scheduled yet, so nothing has run: upstream answers with no content.
            ex.respond(204, null, new byte[0]);
            return;
        }
        URI uri = kubeletUri(nodes.get().get("", nodeName, ""), ns, name, container, options);
        java.net.http.HttpRequest call = java.net.http.HttpRequest.newBuilder(uri).GET().build();
        HttpResponse<InputStream> resp;
        try {
            resp = kubelets.send(call, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new ApiException.Internal("Get \"" + uri + "\": " + describe(e));
        }
        try (InputStream body = resp.body()) {
            if (resp.statusCode() < 200 || resp.statusCode() > 206) {
                throw kubeletError(resp.statusCode(), readError(body));
            }
            copy(body, ex.startStream(200, "text/plain"));
        } catch (IOException e) {
            // The status is sent; the stream just ends early (the client sees a short body).
        }
    }

    /**
     * The container to show, as upstream picks it: the one named, which must be one of the pod's
     * (init, app or ephemeral) containers, or the only app container when none is named.
     */
    static String container(JsonNode pod, String requested) {
        List<String> all = new ArrayList<>();
        for (String field : List.of("initContainers", "containers", "ephemeralContainers")) {
            pod.path("spec").path(field).forEach(c -> all.add(c.path("name").asText()));
        }
        String name = Meta.name(pod);
        if (!requested.isEmpty()) {
            if (!all.contains(requested)) {
                throw new ApiException.BadRequest("container " + requested + " is not valid for pod " + name);
            }
            return requested;
        }
        JsonNode containers = pod.path("spec").path("containers");
        return switch (containers.size()) {
            case 1 -> containers.get(0).path("name").asText();
            case 0 -> throw new ApiException.BadRequest("a container name must be specified for pod " + name);
            default -> throw new ApiException.BadRequest("a container name must be specified for pod " + name
                    + ", choose one of: [" + String.join(" ", all) + "]");
        };
    }

    /** The kubelet's {@code /containerLogs} URL for a container of a pod on {@code node}. */
    static URI kubeletUri(JsonNode node, String ns, String pod, String container, PodLogOptions options) {
        String query = options.kubeletQuery().entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return kubeletUri(node, "containerLogs", ns, pod, container, query);
    }

    /**
     * A kubelet URL {@code /{endpoint}/{ns}/{pod}/{container}?{query}} on {@code node}, at the port the
     * node advertises (upstream's default otherwise).
     *
     * @param query already encoded, or empty
     */
    static URI kubeletUri(JsonNode node, String endpoint, String ns, String pod, String container, String query) {
        return kubeletUri(node, "/" + endpoint + "/" + segment(ns) + "/" + segment(pod) + "/" + segment(container),
                query);
    }

    /**
     * A kubelet URL {@code {path}?{query}} on {@code node}, at the port the node advertises (upstream's
     * default otherwise).
     *
     * @param path  already encoded, starting with a slash
     * @param query already encoded, or empty
     */
    static URI kubeletUri(JsonNode node, String path, String query) {
        String host = nodeAddress(node);
        int port = node.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(0);
        if (port <= 0 || port > 65535) {
            port = DEFAULT_KUBELET_PORT;
        }
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + path
                + (query.isEmpty() ? "" : "?" + query));
    }

    /** The node's address to reach its kubelet at: InternalIP, else ExternalIP, else Hostname. */
    private static String nodeAddress(JsonNode node) {
        for (String type : List.of("InternalIP", "ExternalIP", "Hostname")) {
            for (JsonNode a : node.path("status").path("addresses")) {
                if (type.equals(a.path("type").asText()) && !a.path("address").asText("").isEmpty()) {
                    return a.path("address").asText();
                }
            }
        }
        throw new ApiException.BadRequest("node " + Meta.name(node) + " has no address to reach its kubelet at");
    }

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The kubelet's error as the API server's Status, with the kubelet's message. */
    private static ApiException kubeletError(int status, String message) {
        return switch (status) {
            case 400 -> new ApiException.BadRequest(message);
            case 404 -> new ApiException.NotFound(message);
            case 422 -> new ApiException.Invalid(message);
            default -> new ApiException.Internal(message.isEmpty() ? "the kubelet answered " + status : message);
        };
    }

    private static String readError(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_ERROR_BYTES);
        return new String(bytes, StandardCharsets.UTF_8).strip();
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Copies the kubelet's body as it arrives, one chunk per read, until it ends or the client leaves.
     * A client that leaves while the kubelet is quiet (a followed log with no new lines) is noticed by
     * the connection closing, which interrupts the blocked read.
     */
    private static void copy(InputStream body, HttpExchange.Stream out) throws IOException {
        Thread reader = Thread.currentThread();
        AtomicBoolean copying = new AtomicBoolean(true);
        out.onClose(() -> {
            if (copying.get()) {
                reader.interrupt();
            }
        });
        byte[] buf = new byte[32 * 1024];
        try {
            for (int n; (n = body.read(buf)) >= 0; ) {
                if (n > 0 && !out.write(Arrays.copyOf(buf, n), WRITE_TIMEOUT_MILLIS)) {
                    return;
                }
            }
        } finally {
            copying.set(false);
            Thread.interrupted();
            out.end();
        }
    }
}
