package dev.tugboat.kubelet.prober;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.kubelet.pod.Expansion;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one probe of a container once: picks the probe kind, resolves ports and the host, and retries
 * up to three times while the probe cannot be run at all (an ERROR), as upstream's
 * runProbeWithRetries. Thread-safe; each call may block up to the probe's timeout per attempt.
 */
public final class Prober {

    static final int MAX_ATTEMPTS = 3;

    private final ExecProbe exec;
    private final HttpProbe http;
    private final TcpProbe tcp;
    private final GrpcProbe grpc;

    /**
     * @param kubeletVersion the version the User-Agent of HTTP and gRPC probes reports, e.g. v1.31.2
     */
    public Prober(ContainerExec exec, String kubeletVersion) {
        this.exec = new ExecProbe(exec);
        this.http = new HttpProbe(kubeletVersion);
        this.tcp = new TcpProbe();
        this.grpc = new GrpcProbe(kubeletVersion);
    }

    /**
     * @param container the container's spec (its ports resolve named ports, its literal env values
     *                  expand {@code $(VAR)} in an exec command)
     * @param podIp     the host when the probe names none; may be empty before the pod has one
     */
    public ProbeOutcome probe(ProbeSpec spec, JsonNode container, String containerId, String podIp) {
        ProbeOutcome outcome = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            outcome = once(spec, container, containerId, podIp);
            if (outcome.kind() != ProbeOutcome.Kind.ERROR) {
                return outcome;
            }
        }
        return outcome;
    }

    private ProbeOutcome once(ProbeSpec spec, JsonNode container, String containerId, String podIp) {
        try {
            return switch (spec.action()) {
                case ProbeSpec.Exec e -> exec.run(containerId, expand(e.command(), container), spec.timeout());
                case ProbeSpec.HttpGet h -> {
                    int port = ContainerPorts.resolve(h.port(), container);
                    String host = host(h.host(), podIp);
                    String scheme = h.scheme().isEmpty() ? "http" : h.scheme().toLowerCase(java.util.Locale.ROOT);
                    yield http.run(HttpProbe.url(scheme, host, port, h.path()), h.headers(), spec.timeout());
                }
                case ProbeSpec.TcpSocket t ->
                        tcp.run(host(t.host(), podIp), ContainerPorts.resolve(t.port(), container), spec.timeout());
                case ProbeSpec.Grpc g -> {
                    if (g.port() <= 0 || g.port() >= 65536) {
                        throw new ProbeSetupException("invalid port number: " + g.port());
                    }
                    yield grpc.run(host("", podIp), g.port(), g.service(), spec.timeout());
                }
                case ProbeSpec.Missing m -> ProbeOutcome.error("missing probe handler for container "
                        + container.path("name").asText());
            };
        } catch (ProbeSetupException e) {
            return ProbeOutcome.error(e.getMessage());
        }
    }

    private static String host(String fromProbe, String podIp) {
        if (!fromProbe.isEmpty()) {
            return fromProbe;
        }
        if (podIp == null || podIp.isEmpty()) {
            throw new ProbeSetupException("the pod has no IP address yet");
        }
        return podIp;
    }

    /** Upstream expands only variables with literal values; downward-API and secret values stay out. */
    private static List<String> expand(List<String> command, JsonNode container) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode e : container.path("env")) {
            if (e.has("value") || !e.has("valueFrom")) {
                env.put(e.path("name").asText(), e.path("value").asText(""));
            }
        }
        return command.stream().map(a -> Expansion.expand(a, env::get)).toList();
    }
}
