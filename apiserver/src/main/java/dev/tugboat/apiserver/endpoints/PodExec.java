package dev.tugboat.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.apiserver.http.HttpExchange;
import dev.tugboat.apiserver.http.HttpRequest;
import dev.tugboat.upgrade.UpgradeProxy;
import dev.tugboat.apiserver.registry.GenericStore;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@code pods/exec} subresource, as upstream's exec REST: checks the pod, its container and the
 * command, then proxies the client's upgrade request (WebSocket or SPDY) to the kubelet of the pod's
 * node and, once the kubelet switches protocols, relays bytes both ways without reading the frames, as
 * upstream's upgrade-aware proxy does. An answer other than 101 from the kubelet reaches the client as
 * the kubelet gave it (kubectl then falls back from WebSocket to SPDY, or shows the message).
 */
final class PodExec {

    /** How long the kubelet (and the runtime behind it) may take to answer the upgrade request. */
    private static final long UPGRADE_TIMEOUT_SECONDS = 60;

    private final Supplier<GenericStore> nodes;

    /** @param nodes the Node store (looked up late: it is registered after the handlers are built) */
    PodExec(Supplier<GenericStore> nodes) {
        this.nodes = nodes;
    }

    void serve(HttpRequest req, HttpExchange ex, GenericStore pods, String ns, String name)
            throws InterruptedException {
        List<String> command = req.params("command");
        if (command.isEmpty()) {
            throw new ApiException.BadRequest("you must specify at least 1 command");
        }
        serve(req, ex, pods, ns, name, "exec", command);
    }

    /** {@code pods/attach}: the same, to the container's main process instead of a new command. */
    void serveAttach(HttpRequest req, HttpExchange ex, GenericStore pods, String ns, String name)
            throws InterruptedException {
        serve(req, ex, pods, ns, name, "attach", List.of());
    }

    private void serve(HttpRequest req, HttpExchange ex, GenericStore pods, String ns, String name, String endpoint,
                       List<String> command) throws InterruptedException {
        ObjectNode pod = pods.get(ns, name, "");
        String container = PodLogs.container(pod, nz(req.param("container")));
        String nodeName = pod.path("spec").path("nodeName").asText("");
        if (nodeName.isEmpty()) {
            throw new ApiException.BadRequest("pod " + name + " does not have a host assigned");
        }
        if (!ex.isUpgrade()) {
            throw new ApiException.BadRequest("Upgrade request required");
        }
        relay(ex, PodLogs.kubeletUri(nodes.get().get("", nodeName, ""), endpoint, ns, name, container,
                kubeletQuery(req, command)));
    }

    /**
     * Proxies the client's upgrade request to the kubelet and relays the connection; an answer other
     * than 101 reaches the client as the kubelet gave it.
     */
    static void relay(HttpExchange ex, URI kubelet) throws InterruptedException {
        UpgradeProxy.Outcome outcome;
        try {
            outcome = ex.proxyUpgrade(kubelet, UPGRADE_TIMEOUT_SECONDS);
        } catch (IOException e) {
            throw new ApiException.Internal("error dialing backend: " + e.getMessage());
        }
        if (outcome instanceof UpgradeProxy.Refused refused) {
            ex.respond(refused.status(), refused.contentType(), refused.body());
        }
    }

    /**
     * The kubelet's query, as upstream's API server builds it: each stream flag as {@code 1} when set
     * (a boolean is false only for {@code false} or {@code 0}, as upstream's parameter codec reads it),
     * then one {@code command} per argument.
     */
    private static String kubeletQuery(HttpRequest req, List<String> command) {
        List<String> params = new ArrayList<>();
        for (String stream : List.of("stdin", "stdout", "stderr", "tty")) {
            if (bool(req.param(stream))) {
                params.add(stream + "=1");
            }
        }
        command.forEach(c -> params.add("command=" + URLEncoder.encode(c, StandardCharsets.UTF_8)));
        return String.join("&", params);
    }

    private static boolean bool(String v) {
        return v != null && !v.equals("0") && !v.equalsIgnoreCase("false");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
