package dev.tugboat.kubelet.prober;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * One probe of a container as the pod spec declares it, with upstream's defaults: period 10 s,
 * timeout 1 s, success threshold 1, failure threshold 3, no initial delay.
 *
 * @param kind    liveness, readiness or startup
 * @param handler the probe's exec, httpGet, tcpSocket or grpc member
 */
public record Probe(Kind kind, JsonNode handler, Duration initialDelay, Duration period, Duration timeout,
                    int successThreshold, int failureThreshold) {

    /** The three probe kinds, with their spec field and their name in messages. */
    public enum Kind {
        LIVENESS("livenessProbe", "Liveness"), READINESS("readinessProbe", "Readiness"), STARTUP("startupProbe", "Startup");

        final String field;
        final String display;

        Kind(String field, String display) {
            this.field = field;
            this.display = display;
        }
    }

    /** The container's probe of this kind, if it has one. */
    public static java.util.Optional<Probe> of(JsonNode container, Kind kind) {
        JsonNode p = container.get(kind.field);
        if (p == null || !p.isObject()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Probe(kind, p,
                Duration.ofSeconds(Math.max(0, p.path("initialDelaySeconds").asLong(0))),
                Duration.ofSeconds(Math.max(1, p.path("periodSeconds").asLong(10))),
                Duration.ofSeconds(Math.max(1, p.path("timeoutSeconds").asLong(1))),
                Math.max(1, p.path("successThreshold").asInt(1)),
                Math.max(1, p.path("failureThreshold").asInt(3))));
    }
}
