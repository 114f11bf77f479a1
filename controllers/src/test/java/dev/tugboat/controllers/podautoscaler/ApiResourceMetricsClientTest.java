package dev.tugboat.controllers.podautoscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ClientConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real metrics client asks the API server for PodMetrics the way upstream's does. */
class ApiResourceMetricsClientTest {

    HttpServer server;
    ApiClient api;
    final List<URI> requests = new CopyOnWriteArrayList<>();
    volatile int code = 200;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI());
            byte[] body = (code == 200 ? ResourceMetricsTest.LIST
                    : "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":404,\"reason\":\"NotFound\","
                    + "\"message\":\"the server could not find the requested resource\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(code, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        api = ApiClient.create(ClientConfig.forUrl("http://127.0.0.1:" + server.getAddress().getPort(), "test"));
    }

    @AfterEach
    void stop() {
        api.close();
        server.stop(0);
    }

    @Test
    void listsPodMetricsOfTheNamespaceBySelector() {
        List<PodMetrics> items = new ApiResourceMetricsClient(api).podMetrics("ns", "app=web,tier in (a,b)");
        assertThat(requests).hasSize(1);
        assertThat(requests.getFirst().getPath()).isEqualTo("/apis/metrics.k8s.io/v1beta1/namespaces/ns/pods");
        assertThat(URLDecoder.decode(requests.getFirst().getRawQuery(), StandardCharsets.UTF_8))
                .isEqualTo("labelSelector=app=web,tier in (a,b)");
        assertThat(items).extracting(PodMetrics::name).containsExactly("web-1", "web-2", "web-3");
        assertThat(items.getFirst().window()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void anUnservedMetricsApiIsReportedAsUpstreamDoes() {
        code = 404;
        ApiResourceMetricsClient client = new ApiResourceMetricsClient(api);
        assertThatThrownBy(() -> ResourceMetrics.fetch(client, "cpu", "ns", "app=web", ""))
                .isInstanceOf(MetricException.class).hasMessage("unable to fetch metrics from resource metrics API: "
                        + "the server could not find the requested resource");
    }
}
