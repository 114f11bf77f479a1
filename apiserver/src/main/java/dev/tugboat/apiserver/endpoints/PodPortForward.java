package dev.tugboat.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.apiserver.http.HttpExchange;
import dev.tugboat.apiserver.registry.GenericStore;
import java.util.function.Supplier;

/**
 * The {@code pods/portforward} subresource, as upstream's port-forward REST: checks the pod, then
 * proxies the client's upgrade request (SPDY, or SPDY tunnelled in WebSocket) to the kubelet's
 * {@code /portForward/{namespace}/{pod}} and relays bytes both ways once it switches protocols. The
 * ports travel in the client's streams; an answer other than 101 reaches the client as given (kubectl
 * then falls back from the WebSocket tunnel to plain SPDY).
 */
final class PodPortForward {

    private final Supplier<GenericStore> nodes;

    PodPortForward(Supplier<GenericStore> nodes) {
        this.nodes = nodes;
    }

    void serve(HttpExchange ex, GenericStore pods, String ns, String name) throws InterruptedException {
        ObjectNode pod = pods.get(ns, name, "");
        String nodeName = pod.path("spec").path("nodeName").asText("");
        if (nodeName.isEmpty()) {
            throw new ApiException.BadRequest("pod " + name + " does not have a host assigned");
        }
        if (!ex.isUpgrade()) {
            throw new ApiException.BadRequest("Upgrade request required");
        }
        PodExec.relay(ex, PodLogs.kubeletUri(nodes.get().get("", nodeName, ""),
                "/portForward/" + PodLogs.segment(ns) + "/" + PodLogs.segment(name), ""));
    }
}
