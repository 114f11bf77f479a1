package dev.tugboat.kubelet.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.kubelet.prober.ProbeOutcome;
import dev.tugboat.kubelet.prober.ProbeSpec;
import dev.tugboat.kubelet.prober.Prober;
import java.time.Duration;
import java.util.Optional;

/**
 * A container's postStart and preStop hooks (exec in the container, httpGet against the pod, or sleep),
 * as upstream's handler runner: postStart runs right after the container starts, preStop before it is
 * stopped, within the termination grace period. The exec and HTTP handlers are the prober's.
 */
final class LifecycleHooks {

    private final Prober handlers;

    LifecycleHooks(Prober handlers) {
        this.handlers = handlers;
    }

    /**
     * Runs the container's {@code postStart} or {@code preStop} handler, if it has one.
     *
     * @return empty when there is none or it succeeded, else the failure as upstream reports it
     */
    Optional<String> run(String hook, JsonNode container, String containerId, String podIp, Duration timeout) {
        JsonNode handler = container.path("lifecycle").path(hook);
        if (!handler.isObject()) {
            return Optional.empty();
        }
        if (handler.has("sleep")) {
            long seconds = Math.min(handler.path("sleep").path("seconds").asLong(0), timeout.toSeconds());
            try {
                Thread.sleep(Duration.ofSeconds(Math.max(0, seconds)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }
        ObjectNode asProbe = handler.deepCopy();
        asProbe.put("timeoutSeconds", Math.max(1, timeout.toSeconds()));
        ProbeOutcome o = handlers.probe(ProbeSpec.parse(asProbe), container, containerId, podIp);
        if (o.kind() == ProbeOutcome.Kind.SUCCESS || o.kind() == ProbeOutcome.Kind.WARNING) {
            return Optional.empty();
        }
        String kind = handler.has("exec") ? "Exec lifecycle hook (" + String.join(" ", commandOf(handler)) + ")"
                : "HTTP lifecycle hook (" + handler.path("httpGet").path("path").asText("") + ")";
        return Optional.of(kind + " for Container \"" + container.path("name").asText() + "\" failed - error: "
                + o.output());
    }

    private static java.util.List<String> commandOf(JsonNode handler) {
        java.util.List<String> out = new java.util.ArrayList<>();
        handler.path("exec").path("command").forEach(c -> out.add(c.asText()));
        return out;
    }
}
