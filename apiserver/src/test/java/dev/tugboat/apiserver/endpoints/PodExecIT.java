package dev.tugboat.apiserver.endpoints;

import static dev.tugboat.upgrade.testing.StandInBackend.read;
import static dev.tugboat.upgrade.testing.StandInBackend.readHead;
import static dev.tugboat.upgrade.testing.StandInBackend.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.apiserver.testing.TestServer;
import dev.tugboat.upgrade.testing.StandInBackend;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pods/exec subresource over real sockets: upstream's checks, then the upgrade request proxied to a
 * stand-in for the node's kubelet, and after its 101 bytes relayed both ways unchanged.
 */
class PodExecIT {

    private static final String PODS = "/api/v1/namespaces/default/pods";
    private static final String SPDY = "Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
            + "X-Stream-Protocol-Version: v5.channel.k8s.io\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\n";

    private TestServer s;
    private StandInBackend kubelet;

    /** Starts the API server with a node whose kubelet answers exec with {@code kubeletAnswer}. */
    private void start(String kubeletAnswer) throws Exception {
        s = new TestServer();
        s.post("/api/v1/namespaces/default/serviceaccounts", "{\"metadata\":{\"name\":\"default\"}}");
        kubelet = new StandInBackend(kubeletAnswer);
        assertThat(s.post("/api/v1/nodes", "{\"metadata\":{\"name\":\"n1\"}}").status()).isEqualTo(201);
        TestServer.Response r = s.patch("/api/v1/nodes/n1/status", "application/merge-patch+json", """
                {"status":{"addresses":[{"type":"InternalIP","address":"127.0.0.1"}],
                 "daemonEndpoints":{"kubeletEndpoint":{"Port":%d}}}}""".formatted(kubelet.port()));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        pod("duo", "\"nodeName\":\"n1\",", "[{\"name\":\"a\",\"image\":\"busybox\"},{\"name\":\"b\",\"image\":\"busybox\"}]");
        pod("pending", "", "[{\"name\":\"c\",\"image\":\"busybox\"}]");
    }

    @AfterEach
    void stop() throws Exception {
        if (kubelet != null) {
            kubelet.close();
        }
        if (s != null) {
            s.close();
        }
    }

    private void pod(String name, String nodeName, String containers) throws Exception {
        TestServer.Response r = s.post(PODS, """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},"spec":{%s"containers":%s}}"""
                .formatted(name, nodeName, containers));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void discoveryListsExecWithUpstreamsVerbs() throws Exception {
        start("HTTP/1.1 500 Internal Server Error\r\n\r\n");
        for (JsonNode r : s.get("/api/v1").json().path("resources")) {
            if (r.path("name").asText().equals("pods/exec")) {
                assertThat(r.path("kind").asText()).isEqualTo("PodExecOptions");
                assertThat(r.path("verbs").toString()).isEqualTo("[\"create\",\"get\"]");
                return;
            }
        }
        throw new AssertionError("pods/exec is not in /api/v1's discovery");
    }

    @Test
    void anUpgradeIsProxiedToTheKubeletAndBytesAreRelayedBothWays() throws Exception {
        start("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                + "X-Stream-Protocol-Version: v4.channel.k8s.io\r\n\r\nsettings");
        try (Socket client = connect()) {
            send(client, "POST " + PODS + "/duo/exec?command=sh&command=-c&command=echo+hi%26&container=b&stdin=true"
                    + "&stdout=true&stderr=false&tty=true HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer user-token\r\n"
                    + SPDY + "Content-Length: 0\r\n\r\n");
            assertThat(readHead(client.getInputStream())).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                    .contains("X-Stream-Protocol-Version: v4.channel.k8s.io");
            assertThat(read(client, 8)).isEqualTo("settings");
            send(client, "frames");
            assertThat(read(client, 6)).isEqualTo("FRAMES");
        }
        String seen = kubelet.requestHead();
        // As upstream's API server: the stream flags as 1, each argument as its own command parameter.
        assertThat(seen).startsWith("POST /exec/default/duo/b?stdin=1&stdout=1&tty=1&command=sh&command=-c"
                        + "&command=echo+hi%26 HTTP/1.1\r\n")
                .contains("X-Stream-Protocol-Version: v5.channel.k8s.io", "X-Stream-Protocol-Version: v4.channel.k8s.io")
                .doesNotContain("user-token");
    }

    @Test
    void theKubeletsRefusalReachesTheClient() throws Exception {
        start("HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: 27\r\n\r\ncontainer not found (\"a\")\r\n");
        String answer = exchange("GET", PODS + "/duo/exec?command=date&container=a&stdout=true", SPDY);
        assertThat(answer).startsWith("HTTP/1.1 500 ").endsWith("container not found (\"a\")\r\n");
    }

    @Test
    void badRequestsGetUpstreamsMessages() throws Exception {
        start("HTTP/1.1 500 Internal Server Error\r\n\r\n");
        assertThat(exchange("POST", PODS + "/duo/exec?container=a&stdout=true", SPDY))
                .startsWith("HTTP/1.1 400 ").contains("you must specify at least 1 command");
        assertThat(exchange("POST", PODS + "/duo/exec?command=date&stdout=true", SPDY))
                .startsWith("HTTP/1.1 400 ")
                .contains("a container name must be specified for pod duo, choose one of: [a b]");
        assertThat(exchange("POST", PODS + "/duo/exec?command=date&container=z&stdout=true", SPDY))
                .startsWith("HTTP/1.1 400 ").contains("container z is not valid for pod duo");
        assertThat(exchange("POST", PODS + "/pending/exec?command=date&stdout=true", SPDY))
                .startsWith("HTTP/1.1 400 ").contains("pod pending does not have a host assigned");
        assertThat(exchange("POST", PODS + "/gone/exec?command=date&stdout=true", SPDY))
                .startsWith("HTTP/1.1 404 ").contains("pods \\\"gone\\\" not found");
        assertThat(exchange("POST", PODS + "/duo/exec?command=date&container=a&stdout=true", ""))
                .startsWith("HTTP/1.1 400 ").contains("Upgrade request required");
        assertThat(exchange("PUT", PODS + "/duo/exec?command=date&container=a&stdout=true", SPDY))
                .startsWith("HTTP/1.1 405 ");
    }

    private String exchange(String method, String target, String upgrade) throws IOException {
        try (Socket client = connect()) {
            send(client, method + " " + target + " HTTP/1.1\r\nHost: x\r\n" + upgrade
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n");
            return new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Socket connect() throws IOException {
        URI url = URI.create(s.server().url());
        Socket c = new Socket(url.getHost(), url.getPort());
        c.setSoTimeout(10_000);
        return c;
    }
}
