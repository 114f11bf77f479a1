package dev.tugboat.apiserver.http;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as the API layer sees it: method, decoded path, query parameters, headers and
 * the whole body (bodies are bounded by the server's size limit before they reach here).
 */
public record HttpRequest(String method, String path, Map<String, List<String>> query, HttpHeaders headers,
                          byte[] body, InetSocketAddress remote) {

    /** The first value of a query parameter, or null. */
    public String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** All values of a query parameter (possibly empty). */
    public List<String> params(String name) {
        return query.getOrDefault(name, List.of());
    }

    public String header(String name) {
        return headers.get(name);
    }

    public boolean hasBody() {
        return body != null && body.length > 0;
    }
}
