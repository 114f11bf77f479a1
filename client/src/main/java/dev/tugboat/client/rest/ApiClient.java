package dev.tugboat.client.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.Status;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A client of one API server over HTTP/1.1 with JSON bodies: the transport under {@link ResourceClient}
 * (typed verbs on one resource) and the discovery client. Errors arrive as {@link StatusException} (the
 * server answered with a Status) or {@link TransportException} (no usable answer).
 *
 * <p>Thread-safe; one instance is meant to be shared by every informer and controller of a process.
 * {@link #close()} aborts open watches.
 */
public final class ApiClient implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final ClientConfig config;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;

    private ApiClient(ClientConfig config) {
        this.config = config;
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor);
        config.sslContext().ifPresent(b::sslContext);
        this.http = b.build();
    }

    public static ApiClient create(ClientConfig config) {
        return new ApiClient(config);
    }

    public ClientConfig config() {
        return config;
    }

    /** The verbs of one resource at one version. */
    public ResourceClient resource(GroupVersionResource gvr) {
        return new ResourceClient(this, gvr, "", false);
    }

    /**
     * A GET of any path (e.g. {@code /version}, discovery documents) with the given Accept header.
     *
     * @throws StatusException on a non-2xx answer
     */
    public JsonNode get(String path, String accept) {
        return send("GET", path, accept, null, null);
    }

    /**
     * Sends a request and returns the parsed JSON body (an empty object for an empty body).
     *
     * @param pathAndQuery e.g. {@code /api/v1/namespaces/default/pods?limit=5}
     * @param contentType  null when there is no body
     */
    JsonNode send(String method, String pathAndQuery, String accept, String contentType, byte[] body) {
        HttpRequest.Builder rb = request(pathAndQuery, accept).timeout(config.requestTimeout());
        if (body == null) {
            rb.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            rb.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        HttpResponse<byte[]> resp = exchange(rb.build(), HttpResponse.BodyHandlers.ofByteArray(), method,
                pathAndQuery);
        if (resp.statusCode() / 100 != 2) {
            throw new StatusException(errorStatus(resp.statusCode(), resp.body()));
        }
        if (resp.body().length == 0) {
            return Json.object();
        }
        try {
            return Json.parse(resp.body());
        } catch (IOException e) {
            throw new TransportException(method + " " + pathAndQuery + ": unreadable response body", e);
        }
    }

    /** Starts a watch; the server's answer must be 200 with a stream of events. */
    Watch watch(String pathAndQuery, String accept) {
        HttpRequest req = request(pathAndQuery, accept).GET().build();
        HttpResponse<InputStream> resp = exchange(req, HttpResponse.BodyHandlers.ofInputStream(), "WATCH",
                pathAndQuery);
        if (resp.statusCode() != 200) {
            byte[] body;
            try (InputStream in = resp.body()) {
                body = in.readAllBytes();
            } catch (IOException e) {
                body = new byte[0];
            }
            throw new StatusException(errorStatus(resp.statusCode(), body));
        }
        return new HttpWatch(resp.body());
    }

    private HttpRequest.Builder request(String pathAndQuery, String accept) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(config.server() + pathAndQuery))
                .header("Accept", accept)
                .header("User-Agent", config.userAgent());
        config.credentials().apply(rb);
        return rb;
    }

    private <T> HttpResponse<T> exchange(HttpRequest req, HttpResponse.BodyHandler<T> handler, String method,
                                         String path) {
        try {
            return http.send(req, handler);
        } catch (IOException e) {
            throw new TransportException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(method + " " + path + ": interrupted", e);
        }
    }

    /** The Status in an error body, or one made from the HTTP code as client-go does for non-Status bodies. */
    static Status errorStatus(int code, byte[] body) {
        if (body != null && body.length > 0) {
            try {
                JsonNode n = Json.parse(body);
                if (n.isObject() && "Status".equals(n.path("kind").asText())) {
                    return parseStatus(n, code);
                }
            } catch (IOException e) {
                // Not JSON: fall through to a synthesized Status.
            }
        }
        String text = body == null ? "" : new String(body, java.nio.charset.StandardCharsets.UTF_8).trim();
        return Status.failure(code, reasonForCode(code), text.isEmpty()
                ? "the server responded with the status code " + code + " but did not return more information"
                : text, null);
    }

    /** Parses a {@code meta.k8s.io/v1 Status}; {@code fallbackCode} applies when it carries none. */
    public static Status parseStatus(JsonNode n, int fallbackCode) {
        int code = n.path("code").asInt(fallbackCode);
        Status.Details details = null;
        JsonNode d = n.get("details");
        if (d instanceof ObjectNode) {
            List<Status.Cause> causes = new ArrayList<>();
            for (JsonNode c : d.path("causes")) {
                causes.add(new Status.Cause(text(c, "reason"), text(c, "message"), text(c, "field")));
            }
            Integer retry = d.has("retryAfterSeconds") ? d.get("retryAfterSeconds").asInt() : null;
            details = new Status.Details(text(d, "name"), text(d, "group"), text(d, "kind"), text(d, "uid"), causes,
                    retry);
        }
        return new Status(n.path("status").asText("Failure"), code, n.path("reason").asText(""),
                n.path("message").asText(""), details);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String reasonForCode(int code) {
        return switch (code) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 406 -> "NotAcceptable";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 415 -> "UnsupportedMediaType";
            case 422 -> "Invalid";
            case 429 -> "TooManyRequests";
            case 503 -> "ServiceUnavailable";
            case 504 -> "Timeout";
            default -> code >= 500 ? "InternalError" : "Unknown";
        };
    }

    @Override
    public void close() {
        http.shutdownNow();
        executor.shutdownNow();
    }
}
