package dev.tugboat.client.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.tugboat.api.meta.GroupVersionResource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the client puts on the wire and how it reads answers that are not Status objects. */
class ApiClientWireTest {

    private HttpServer http;
    private final Map<String, List<String>> lastHeaders = new ConcurrentHashMap<>();
    private volatile int code = 200;
    private volatile String body = "{}";

    @BeforeEach
    void start() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", ex -> {
            lastHeaders.clear();
            ex.getRequestHeaders().forEach((k, v) -> lastHeaders.put(k.toLowerCase(), v));
            lastHeaders.put(":path", List.of(ex.getRequestURI().toString()));
            lastHeaders.put(":method", List.of(ex.getRequestMethod()));
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(code, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private ApiClient client(Credentials credentials) {
        return ApiClient.create(ClientConfig.forUrl("http://127.0.0.1:" + http.getAddress().getPort() + "/",
                "wire-test/1.0").withCredentials(credentials));
    }

    @Test
    void requestsCarryUserAgentAcceptAndCredentials() {
        try (ApiClient c = client(Credentials.bearer("s3cret"))) {
            c.resource(new GroupVersionResource("apps", "v1", "deployments")).metadataOnly().get("ns", "d");
        }

        assertThat(lastHeaders.get(":path")).containsExactly("/apis/apps/v1/namespaces/ns/deployments/d");
        assertThat(lastHeaders.get("user-agent")).containsExactly("wire-test/1.0");
        assertThat(lastHeaders.get("authorization")).containsExactly("Bearer s3cret");
        assertThat(lastHeaders.get("accept").get(0)).startsWith("application/json;as=PartialObjectMetadata;v=v1");
    }

    @Test
    void writeOptionsAndDeleteOptionsReachTheServer() {
        try (ApiClient c = client(Credentials.NONE)) {
            ResourceClient pods = c.resource(new GroupVersionResource("", "v1", "pods"));
            pods.patch("ns", "p", PatchType.APPLY, dev.tugboat.api.meta.Json.object(),
                    WriteOptions.fieldManager("me").withForce(true).withDryRun(true));
            assertThat(lastHeaders.get(":method")).containsExactly("PATCH");
            assertThat(lastHeaders.get(":path")).containsExactly(
                    "/api/v1/namespaces/ns/pods/p?fieldManager=me&dryRun=All&force=true");
            assertThat(lastHeaders.get("content-type")).containsExactly("application/apply-patch+yaml");
            assertThat(lastHeaders).doesNotContainKey("authorization");
        }
    }

    @Test
    void anErrorWithoutAStatusBodyBecomesAStatusFromTheCode() {
        code = 503;
        body = "upstream connect error";
        try (ApiClient c = client(Credentials.NONE)) {
            assertThatThrownBy(() -> c.get("/version", "application/json"))
                    .isInstanceOfSatisfying(StatusException.class, e -> {
                        assertThat(e.code()).isEqualTo(503);
                        assertThat(e.reason()).isEqualTo("ServiceUnavailable");
                        assertThat(e.getMessage()).isEqualTo("upstream connect error");
                    });
        }
    }

    @Test
    void anErrorStatusBodyIsReadAsIs() {
        code = 410;
        body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"too old resource "
                + "version: 5 (10)\",\"reason\":\"Expired\",\"code\":410}";
        try (ApiClient c = client(Credentials.NONE)) {
            assertThatThrownBy(() -> c.resource(new GroupVersionResource("", "v1", "pods"))
                    .list("", ListOptions.ALL.withResourceVersion("5").withResourceVersionMatch("Exact")))
                    .isInstanceOfSatisfying(StatusException.class, e -> {
                        assertThat(e.isGone()).isTrue();
                        assertThat(e.reason()).isEqualTo("Expired");
                        assertThat(e.getMessage()).isEqualTo("too old resource version: 5 (10)");
                    });
        }
        assertThat(lastHeaders.get(":path")).containsExactly(
                "/api/v1/pods?resourceVersion=5&resourceVersionMatch=Exact");
    }
}
