package dev.tugboat.kubelet.server;

import static dev.tugboat.upgrade.testing.StandInBackend.read;
import static dev.tugboat.upgrade.testing.StandInBackend.readHead;
import static dev.tugboat.upgrade.testing.StandInBackend.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.upgrade.testing.StandInBackend;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kubelet's {@code /exec} over real sockets: the upgrade request goes to a stand-in for the
 * runtime's streaming server, and after its 101 bytes pass both ways unchanged.
 */
class KubeletExecIT {

    private static final String SPDY_UPGRADE = "Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
            + "X-Stream-Protocol-Version: v5.channel.k8s.io\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\n";

    private static final ContainerLogs NO_LOGS = new ContainerLogs() {
        @Override
        public Lookup find(String namespace, String pod, String container, boolean previous) {
            return new Unavailable(Reason.POD_NOT_FOUND, "pod does not exist");
        }

        @Override
        public boolean isRunning(String containerId) {
            return false;
        }
    };

    private StandInBackend runtime;
    private KubeletServer server;
    private int port;
    private final AtomicReference<ContainerExec.Command> asked = new AtomicReference<>();

    /** Starts the kubelet in front of a runtime streaming server that answers {@code answer}. */
    private void start(String answer) throws Exception {
        runtime = new StandInBackend(answer);
        URI url = URI.create("http://127.0.0.1:" + runtime.port() + "/exec/tok3n");
        ContainerExec exec = (ns, pod, container, command) -> {
            if (!pod.equals("web")) {
                return new ContainerExec.Unavailable(404, "pod does not exist");
            }
            if (!container.equals("nginx")) {
                return new ContainerExec.Unavailable(500, "container not found (\"" + container + "\")");
            }
            asked.set(command);
            return new ContainerExec.Prepared(url);
        };
        server = new KubeletServer(NO_LOGS, exec, Clock.systemUTC(), Duration.ofMillis(20),
                KubeletServer.ConnectionSecurity.PLAIN);
        port = server.start("127.0.0.1", 0).getPort();
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void anUpgradeIsProxiedToTheRuntimeAndBytesAreRelayedBothWays() throws Exception {
        start("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                + "X-Stream-Protocol-Version: v4.channel.k8s.io\r\n\r\nsettings");
        try (Socket client = connect()) {
            send(client, "POST /exec/default/web/nginx?command=sh&command=-c&command=echo%20hi&stdin=1&stdout=1"
                    + "&stderr=1&tty=1 HTTP/1.1\r\nHost: node:10250\r\nAuthorization: Bearer secret\r\n"
                    + SPDY_UPGRADE + "Content-Length: 0\r\n\r\n");
            String head = readHead(client.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                    .contains("X-Stream-Protocol-Version: v4.channel.k8s.io");
            assertThat(read(client, 8)).isEqualTo("settings");
            send(client, "frames");
            assertThat(read(client, 6)).isEqualTo("FRAMES");
        }
        assertThat(runtime.requestHead()).startsWith("POST /exec/tok3n HTTP/1.1\r\n")
                .contains("Upgrade: SPDY/3.1", "X-Stream-Protocol-Version: v5.channel.k8s.io",
                        "X-Stream-Protocol-Version: v4.channel.k8s.io", "host: 127.0.0.1:" + runtime.port())
                .doesNotContain("Authorization");
        // With a terminal, stderr is merged into stdout, as upstream's kubelet does.
        assertThat(asked.get()).isEqualTo(new ContainerExec.Command(List.of("sh", "-c", "echo hi"), true, true,
                false, true));
    }

    @Test
    void theRuntimesRefusalReachesTheClient() throws Exception {
        start("HTTP/1.1 403 Forbidden\r\n\r\n");
        try (Socket client = connect()) {
            send(client, "GET /exec/default/web/nginx?command=date&stdout=1 HTTP/1.1\r\nHost: n\r\n"
                    + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n");
            assertThat(readHead(client.getInputStream())).startsWith("HTTP/1.1 403 Forbidden\r\n");
        }
        assertThat(runtime.requestHead()).contains("Sec-WebSocket-Protocol: v5.channel.k8s.io",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");
    }

    @Test
    void badRequestsGetUpstreamsMessages() throws Exception {
        start("HTTP/1.1 500 Internal Server Error\r\n\r\n");
        assertThat(exchange("/exec/default/web/nginx?command=date")).startsWith("HTTP/1.1 400 ")
                .endsWith("you must specify at least 1 of stdin, stdout, stderr");
        assertThat(exchange("/exec/default/web/nginx?stdout=1")).startsWith("HTTP/1.1 400 ")
                .endsWith("you must specify at least 1 command");
        assertThat(exchange("/exec/default/gone/nginx?command=date&stdout=1")).startsWith("HTTP/1.1 404 ")
                .endsWith("pod does not exist");
        assertThat(exchange("/exec/default/web/other?command=date&stdout=1")).startsWith("HTTP/1.1 500 ")
                .endsWith("container not found (\"other\")");
    }

    private String exchange(String target) throws IOException {
        try (Socket client = connect()) {
            send(client, "POST " + target + " HTTP/1.1\r\nHost: n\r\n" + SPDY_UPGRADE + "Connection: close\r\n\r\n");
            return new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(10_000);
        return s;
    }
}
