package dev.tugboat.kubelet.prober;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** The tcpSocket probe: a connection opened within the timeout passes; nothing is sent. */
final class TcpProbe {

    ProbeOutcome run(String host, int port, Duration timeout) {
        String address = GoText.hostPort(host, port);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            return ProbeOutcome.success("");
        } catch (IOException e) {
            return ProbeOutcome.failure(GoText.dialError(address, e));
        }
    }
}
