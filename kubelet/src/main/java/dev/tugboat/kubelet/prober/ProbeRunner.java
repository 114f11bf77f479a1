package dev.tugboat.kubelet.prober;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.tugboat.kubelet.cri.CriClient;
import dev.tugboat.kubelet.cri.CriException;
import dev.tugboat.kubelet.cri.v1.ExecSyncRequest;
import dev.tugboat.kubelet.cri.v1.ExecSyncResponse;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one probe against one container (upstream's prober handlers): exec runs the command in the
 * container through CRI ExecSync and succeeds on exit code 0; httpGet succeeds on a status from 200
 * to 399; tcpSocket succeeds when a connection opens; grpc calls the standard health service and
 * succeeds on SERVING. Each honours the probe's timeout. Ports may be named by the container's ports.
 */
public final class ProbeRunner {

    /** The kubelet's User-Agent on HTTP probes. */
    static final String USER_AGENT = "kube-probe/1.33";

    private final CriClient cri;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public ProbeRunner(CriClient cri) {
        this.cri = cri;
    }

    /**
     * @param container the container's spec (for named ports)
     * @param podIp     the pod's address (the default host of network probes)
     */
    public ProbeOutcome run(Probe probe, JsonNode container, String containerId, String podIp) {
        JsonNode h = probe.handler();
        if (h.has("exec")) {
            return exec(h.path("exec"), containerId, probe.timeout());
        }
        if (h.has("httpGet")) {
            return httpGet(h.path("httpGet"), container, podIp, probe.timeout());
        }
        if (h.has("tcpSocket")) {
            return tcp(h.path("tcpSocket"), container, podIp, probe.timeout());
        }
        if (h.has("grpc")) {
            return grpc(h.path("grpc"), podIp, probe.timeout());
        }
        return ProbeOutcome.failed("missing probe handler");
    }

    private ProbeOutcome exec(JsonNode exec, String containerId, Duration timeout) {
        List<String> cmd = new ArrayList<>();
        exec.path("command").forEach(c -> cmd.add(c.asText()));
        try {
            ExecSyncResponse r = cri.runtime(timeout.plusSeconds(5), rt -> rt.execSync(ExecSyncRequest.newBuilder()
                    .setContainerId(containerId).addAllCmd(cmd).setTimeout(timeout.toSeconds()).build()));
            if (r.getExitCode() == 0) {
                return ProbeOutcome.ok();
            }
            String output = (r.getStdout().toStringUtf8() + r.getStderr().toStringUtf8()).strip();
            return ProbeOutcome.failed(output.isEmpty() ? "command \"" + String.join(" ", cmd) + "\" exited with "
                    + r.getExitCode() : output);
        } catch (CriException e) {
            if (e.code() == io.grpc.Status.Code.DEADLINE_EXCEEDED) {
                return ProbeOutcome.failed("command \"" + String.join(" ", cmd) + "\" timed out");
            }
            return ProbeOutcome.failed(e.getMessage());
        }
    }

    private ProbeOutcome httpGet(JsonNode get, JsonNode container, String podIp, Duration timeout) {
        String host = get.path("host").asText("");
        host = host.isEmpty() ? podIp : host;
        int port = port(get.path("port"), container);
        if (port <= 0) {
            return ProbeOutcome.failed("invalid port " + get.path("port").asText());
        }
        String scheme = get.path("scheme").asText("HTTP").toLowerCase(java.util.Locale.ROOT);
        String path = get.path("path").asText("/");
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        URI uri = URI.create(scheme + "://" + host + ":" + port + path);
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout).GET().header("User-Agent", USER_AGENT)
                .header("Accept", "*/*");
        for (JsonNode hdr : get.path("httpHeaders")) {
            String name = hdr.path("name").asText();
            if (name.equalsIgnoreCase("host") || name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("content-length")) {
                continue;
            }
            req.setHeader(name, hdr.path("value").asText());
        }
        try {
            HttpResponse<InputStream> r = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                // Upstream reads at most 10 KiB of a probe's answer.
                in.readNBytes(10 * 1024);
            }
            if (r.statusCode() >= 200 && r.statusCode() < 400) {
                return ProbeOutcome.ok();
            }
            return ProbeOutcome.failed("HTTP probe failed with statuscode: " + r.statusCode());
        } catch (java.net.http.HttpTimeoutException e) {
            return ProbeOutcome.failed("Get \"" + uri + "\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        } catch (IOException e) {
            return ProbeOutcome.failed("Get \"" + uri + "\": dial tcp " + host + ":" + port + ": connect: connection refused");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeOutcome.failed("interrupted");
        }
    }

    private static ProbeOutcome tcp(JsonNode tcp, JsonNode container, String podIp, Duration timeout) {
        String host = tcp.path("host").asText("");
        host = host.isEmpty() ? podIp : host;
        int port = port(tcp.path("port"), container);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return ProbeOutcome.ok();
        } catch (java.net.SocketTimeoutException e) {
            return ProbeOutcome.failed("dial tcp " + host + ":" + port + ": i/o timeout");
        } catch (IOException e) {
            return ProbeOutcome.failed("dial tcp " + host + ":" + port + ": connect: connection refused");
        }
    }

    /** grpc.health.v1.Health/Check with raw protobuf bytes: request {service = 1}, response {status = 1}. */
    private static final MethodDescriptor<byte[], byte[]> HEALTH_CHECK = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("grpc.health.v1.Health/Check")
            .setRequestMarshaller(new Bytes()).setResponseMarshaller(new Bytes()).build();

    private static ProbeOutcome grpc(JsonNode grpc, String podIp, Duration timeout) {
        int port = grpc.path("port").asInt(0);
        String service = grpc.path("service").asText("");
        ManagedChannel ch = NettyChannelBuilder.forAddress(podIp, port).usePlaintext().build();
        try {
            ByteString s = ByteString.copyFromUtf8(service);
            byte[] req = service.isEmpty() ? new byte[0] : concat(new byte[] {0x0a, (byte) s.size()}, s.toByteArray());
            byte[] resp = ClientCalls.blockingUnaryCall(ch, HEALTH_CHECK,
                    CallOptions.DEFAULT.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS), req);
            int status = resp.length >= 2 && resp[0] == 0x08 ? resp[1] : 0;
            if (status == 1) {
                return ProbeOutcome.ok();
            }
            return ProbeOutcome.failed("service unhealthy (responded with \"" + switch (status) {
                case 2 -> "NOT_SERVING";
                case 3 -> "SERVICE_UNKNOWN";
                default -> "UNKNOWN";
            } + "\")");
        } catch (StatusRuntimeException e) {
            return ProbeOutcome.failed("timeout: failed to connect service \"" + podIp + ":" + port
                    + "\" within " + timeout.toSeconds() + "s: " + e.getStatus().getCode());
        } finally {
            ch.shutdownNow();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A port by number, or by the name of one of the container's ports. */
    static int port(JsonNode port, JsonNode container) {
        if (port.isInt() || port.canConvertToInt() && !port.isTextual()) {
            return port.asInt();
        }
        String name = port.asText();
        if (name.matches("\\d+")) {
            return Integer.parseInt(name);
        }
        for (JsonNode p : container.path("ports")) {
            if (name.equals(p.path("name").asText())) {
                return p.path("containerPort").asInt();
            }
        }
        return -1;
    }

    private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
