package dev.tugboat.kubelet.prober;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A container's probe as the pod spec gives it: what to run and when. Zero or missing timing fields
 * take the API's defaults (timeout 1s, period 10s, success threshold 1, failure threshold 3), as the
 * API server's defaulting would have filled them in.
 */
public record ProbeSpec(Action action, int initialDelaySeconds, int timeoutSeconds, int periodSeconds,
                        int successThreshold, int failureThreshold) {

    /** How the probe checks the container. */
    public sealed interface Action permits Exec, HttpGet, TcpSocket, Grpc, Missing {
    }

    /** Runs {@code command} in the container; exit code 0 passes. */
    public record Exec(List<String> command) implements Action {
        public Exec {
            command = List.copyOf(command);
        }
    }

    /** One header of an httpGet probe; names may repeat. */
    public record Header(String name, String value) {
    }

    /**
     * GETs {@code scheme://host:port/path}; a status from 200 to 399 passes.
     *
     * @param host empty for the pod's IP
     */
    public record HttpGet(String scheme, String host, Port port, String path, List<Header> headers) implements Action {
        public HttpGet {
            headers = List.copyOf(headers);
        }
    }

    /** Opens a TCP connection; connecting passes. {@code host} empty means the pod's IP. */
    public record TcpSocket(String host, Port port) implements Action {
    }

    /** Calls grpc.health.v1.Health/Check for {@code service} (empty: the server) at the pod's IP. */
    public record Grpc(int port, String service) implements Action {
    }

    /** A probe without a handler; running it is an error, as upstream. */
    public record Missing() implements Action {
    }

    /** A port by number or by the name of one of the container's ports (an IntOrString). */
    public record Port(int number, String name) {
        public static Port of(int number) {
            return new Port(number, "");
        }

        public static Port named(String name) {
            return new Port(0, name);
        }

        @Override
        public String toString() {
            return name.isEmpty() ? Integer.toString(number) : name;
        }
    }

    public ProbeSpec {
        Objects.requireNonNull(action, "action");
        initialDelaySeconds = Math.max(0, initialDelaySeconds);
        timeoutSeconds = timeoutSeconds > 0 ? timeoutSeconds : 1;
        periodSeconds = periodSeconds > 0 ? periodSeconds : 10;
        successThreshold = successThreshold > 0 ? successThreshold : 1;
        failureThreshold = failureThreshold > 0 ? failureThreshold : 3;
    }

    public Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    public Duration period() {
        return Duration.ofSeconds(periodSeconds);
    }

    public Duration initialDelay() {
        return Duration.ofSeconds(initialDelaySeconds);
    }

    /** The container's probe of {@code type}, if it has one. */
    public static Optional<ProbeSpec> of(JsonNode container, ProbeType type) {
        JsonNode probe = container.path(type.field());
        if (!probe.isObject()) {
            return Optional.empty();
        }
        return Optional.of(parse(probe));
    }

    /** Reads a core/v1 Probe object. */
    public static ProbeSpec parse(JsonNode probe) {
        return new ProbeSpec(action(probe),
                probe.path("initialDelaySeconds").asInt(0),
                probe.path("timeoutSeconds").asInt(0),
                probe.path("periodSeconds").asInt(0),
                probe.path("successThreshold").asInt(0),
                probe.path("failureThreshold").asInt(0));
    }

    private static Action action(JsonNode probe) {
        JsonNode exec = probe.path("exec");
        if (exec.isObject()) {
            List<String> command = new ArrayList<>();
            exec.path("command").forEach(a -> command.add(a.asText()));
            return new Exec(command);
        }
        JsonNode http = probe.path("httpGet");
        if (http.isObject()) {
            List<Header> headers = new ArrayList<>();
            http.path("httpHeaders").forEach(h -> headers.add(new Header(h.path("name").asText(), h.path("value").asText())));
            return new HttpGet(http.path("scheme").asText("HTTP"), http.path("host").asText(""),
                    port(http.path("port")), http.path("path").asText(""), headers);
        }
        JsonNode tcp = probe.path("tcpSocket");
        if (tcp.isObject()) {
            return new TcpSocket(tcp.path("host").asText(""), port(tcp.path("port")));
        }
        JsonNode grpc = probe.path("grpc");
        if (grpc.isObject()) {
            return new Grpc(grpc.path("port").asInt(0), grpc.path("service").asText(""));
        }
        return new Missing();
    }

    private static Port port(JsonNode port) {
        return port.isTextual() ? Port.named(port.asText()) : Port.of(port.asInt(0));
    }
}
