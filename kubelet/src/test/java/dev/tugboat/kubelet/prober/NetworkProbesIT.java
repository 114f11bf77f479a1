package dev.tugboat.kubelet.prober;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tugboat.kubelet.prober.health.v1.HealthCheckRequest;
import dev.tugboat.kubelet.prober.health.v1.HealthCheckResponse;
import dev.tugboat.kubelet.prober.health.v1.HealthGrpc;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** httpGet, tcpSocket and grpc probes against real servers on 127.0.0.1, which stands in for the pod IP. */
class NetworkProbesIT {

    private static final String POD_IP = "127.0.0.1";
    private final Prober prober = new Prober((id, cmd, t) -> {
        throw new AssertionError("no exec here");
    }, "v1.31.4");
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private HttpServer http;
    private Server grpc;
    private int httpPort;

    @BeforeEach
    void startHttp() throws Exception {
        http = HttpServer.create(new InetSocketAddress(POD_IP, 0), 0);
        http.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            seen.put("agent", String.valueOf(ex.getRequestHeaders().getFirst("User-Agent")));
            seen.put("accept", String.valueOf(ex.getRequestHeaders().getFirst("Accept")));
            seen.put("host", String.valueOf(ex.getRequestHeaders().getFirst("Host")));
            seen.put("x-probe", String.valueOf(ex.getRequestHeaders().getFirst("X-Probe")));
            seen.put("path", ex.getRequestURI().toString());
            int status = 200;
            String body = "fine";
            switch (path) {
                case "/fail" -> status = 500;
                case "/same-host" -> {
                    ex.getResponseHeaders().add("Location", "/healthz");
                    status = 302;
                }
                case "/loop" -> {
                    ex.getResponseHeaders().add("Location", "/loop");
                    status = 301;
                }
                case "/elsewhere" -> {
                    ex.getResponseHeaders().add("Location", "http://other.invalid/");
                    status = 302;
                    body = "moved";
                }
                case "/big" -> body = "x".repeat(100_000);
                case "/slow" -> sleep(3000);
                default -> { }
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, bytes.length);
            try (var out = ex.getResponseBody()) {
                out.write(bytes);
            } catch (java.io.IOException e) {
                // the prober stops reading after 10 KiB and closes
            }
        });
        http.start();
        httpPort = http.getAddress().getPort();
    }

    @AfterEach
    void stopServers() throws Exception {
        if (http != null) {
            http.stop(0);
        }
        if (grpc != null) {
            grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s);
    }

    private ProbeOutcome probe(String probeJson, String containerJson) throws Exception {
        return prober.probe(ProbeSpec.parse(json(probeJson)), json(containerJson), "cid", POD_IP);
    }

    private ProbeOutcome httpGet(String path) throws Exception {
        return probe("{\"httpGet\":{\"path\":\"" + path + "\",\"port\":" + httpPort + "},\"timeoutSeconds\":1}", "{\"name\":\"app\"}");
    }

    @Test
    void httpGetPassesOn2xxWithUpstreamsHeadersAndNamedPort() throws Exception {
        ProbeOutcome o = probe("""
                {"httpGet":{"path":"/healthz?x=1","port":"web","httpHeaders":[{"name":"X-Probe","value":"yes"}]}}""",
                "{\"name\":\"app\",\"ports\":[{\"name\":\"web\",\"containerPort\":" + httpPort + "}]}");
        assertThat(o).isEqualTo(ProbeOutcome.success("fine"));
        assertThat(seen).containsEntry("agent", "kube-probe/1.31").containsEntry("accept", "*/*")
                .containsEntry("host", POD_IP + ":" + httpPort).containsEntry("x-probe", "yes")
                .containsEntry("path", "/healthz?x=1");
    }

    @Test
    void httpGetHeadersOverrideAgentAndHostAndAnEmptyAcceptRemovesIt() throws Exception {
        probe("{\"httpGet\":{\"port\":" + httpPort + ",\"httpHeaders\":[{\"name\":\"User-Agent\",\"value\":\"mine\"},"
                + "{\"name\":\"Host\",\"value\":\"svc.example\"},{\"name\":\"Accept\",\"value\":\"\"}]}}", "{\"name\":\"app\"}");
        assertThat(seen).containsEntry("agent", "mine").containsEntry("host", "svc.example").containsEntry("accept", "null");
    }

    @Test
    void httpGetFailsOnErrorStatusWithUpstreamsMessage() throws Exception {
        assertThat(httpGet("/fail")).isEqualTo(ProbeOutcome.failure("HTTP probe failed with statuscode: 500"));
    }

    @Test
    void redirectsAreFollowedOnlyToTheSameHost() throws Exception {
        assertThat(httpGet("/same-host")).isEqualTo(ProbeOutcome.success("fine"));
        assertThat(seen).containsEntry("path", "/healthz");
        assertThat(httpGet("/elsewhere"))
                .isEqualTo(ProbeOutcome.warning("Probe terminated redirects, Response body: moved"));
        assertThat(httpGet("/loop")).isEqualTo(ProbeOutcome.failure(
                "Get \"http://127.0.0.1:" + httpPort + "/loop\": stopped after 10 redirects"));
    }

    @Test
    void onlyTenKibibytesOfTheBodyAreRead() throws Exception {
        ProbeOutcome o = httpGet("/big");
        assertThat(o.kind()).isEqualTo(ProbeOutcome.Kind.SUCCESS);
        assertThat(o.output()).hasSize(HttpProbe.MAX_BODY_BYTES);
    }

    @Test
    void httpGetTimesOutAndRefusedConnectionsFailLikeGo() throws Exception {
        long t0 = System.nanoTime();
        assertThat(httpGet("/slow")).isEqualTo(ProbeOutcome.failure("Get \"http://127.0.0.1:" + httpPort
                + "/slow\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(900L, 2500L);
        int closed = closedPort();
        assertThat(probe("{\"httpGet\":{\"path\":\"/\",\"port\":" + closed + "}}", "{\"name\":\"app\"}"))
                .isEqualTo(ProbeOutcome.failure("Get \"http://127.0.0.1:" + closed
                        + "/\": dial tcp 127.0.0.1:" + closed + ": connect: connection refused"));
    }

    @Test
    void tcpSocketPassesWhenSomethingListensAndFailsWithGosDialError() throws Exception {
        assertThat(probe("{\"tcpSocket\":{\"port\":" + httpPort + "}}", "{\"name\":\"app\"}"))
                .isEqualTo(ProbeOutcome.success(""));
        int closed = closedPort();
        assertThat(probe("{\"tcpSocket\":{\"port\":" + closed + "}}", "{\"name\":\"app\"}"))
                .isEqualTo(ProbeOutcome.failure("dial tcp 127.0.0.1:" + closed + ": connect: connection refused"));
    }

    @Test
    void grpcChecksTheHealthServiceForTheGivenService() throws Exception {
        Map<String, HealthCheckResponse.ServingStatus> statuses = Map.of(
                "", HealthCheckResponse.ServingStatus.SERVING,
                "db", HealthCheckResponse.ServingStatus.NOT_SERVING);
        grpc = NettyServerBuilder.forAddress(new InetSocketAddress(POD_IP, 0))
                .addService(new HealthGrpc.HealthImplBase() {
                    @Override
                    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
                        HealthCheckResponse.ServingStatus s = statuses.get(request.getService());
                        if (s == null) {
                            response.onError(Status.NOT_FOUND.withDescription("unknown service").asRuntimeException());
                            return;
                        }
                        response.onNext(HealthCheckResponse.newBuilder().setStatus(s).build());
                        response.onCompleted();
                    }
                }).build().start();
        int port = grpc.getPort();
        assertThat(probe("{\"grpc\":{\"port\":" + port + "}}", "{\"name\":\"app\"}"))
                .isEqualTo(ProbeOutcome.success("service healthy"));
        assertThat(probe("{\"grpc\":{\"port\":" + port + ",\"service\":\"db\"}}", "{\"name\":\"app\"}"))
                .isEqualTo(ProbeOutcome.failure("service unhealthy (responded with \"NOT_SERVING\")"));
        assertThat(probe("{\"grpc\":{\"port\":" + port + ",\"service\":\"cache\"}}", "{\"name\":\"app\"}"))
                .isEqualTo(ProbeOutcome.failure("error: health rpc probe failed: rpc error: code = NotFound desc = unknown service"));
        int closed = closedPort();
        assertThat(probe("{\"grpc\":{\"port\":" + closed + "},\"timeoutSeconds\":1}", "{\"name\":\"app\"}"))
                .isEqualTo(ProbeOutcome.failure("timeout: failed to connect service \"127.0.0.1:" + closed
                        + "\" within 1s: context deadline exceeded"));
    }

    @Test
    void grpcAgainstAServerWithoutTheHealthService() throws Exception {
        grpc = NettyServerBuilder.forAddress(new InetSocketAddress(POD_IP, 0)).build().start();
        ProbeOutcome o = probe("{\"grpc\":{\"port\":" + grpc.getPort() + "}}", "{\"name\":\"app\"}");
        assertThat(o.kind()).isEqualTo(ProbeOutcome.Kind.FAILURE);
        assertThat(o.output()).startsWith(
                "error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ");
    }

    /** A loopback port nothing listens on (bound, then released). */
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(POD_IP))) {
            return s.getLocalPort();
        }
    }

}
