package dev.tugboat.kubelet.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The node status a kubelet reports (upstream's nodestatus setters): capacity and allocatable, the
 * MemoryPressure, DiskPressure, PIDPressure and Ready conditions with the kubelet's reasons and
 * messages, addresses, nodeInfo and daemonEndpoints. Other status fields and conditions (e.g.
 * NetworkUnavailable, images) are kept from the current status. Shared by the kubelet and the
 * simulated nodes. Pure.
 */
public final class NodeStatus {

    /** nodeInfo's fields. */
    public record Info(String machineId, String systemUuid, String bootId, String kernelVersion, String osImage,
                       String containerRuntimeVersion, String kubeletVersion) {
    }

    /** The Ready condition: ready, or not with the kubelet's message (e.g. the runtime's network is not ready). */
    public record Readiness(boolean ready, String message) {
        public static final Readiness READY = new Readiness(true, "kubelet is posting ready status");
    }

    /** Where the node is reached: its InternalIP, its hostname, the kubelet's port. */
    public record Endpoint(String internalIp, String hostname, int kubeletPort) {
    }

    private static final List<List<String>> PRESSURE = List.of(
            List.of("MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            List.of("DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            List.of("PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available"));
    private static final Set<String> OWN = Set.of("MemoryPressure", "DiskPressure", "PIDPressure", "Ready");

    private NodeStatus() {
    }

    /**
     * @param current the node's current status (may be missing)
     * @param now     the heartbeat time, and the transition time of conditions that change
     */
    public static ObjectNode build(JsonNode current, ObjectNode capacity, ObjectNode allocatable, Endpoint endpoint,
                                   Info info, Readiness readiness, Instant now) {
        ObjectNode status = current instanceof ObjectNode o ? o.deepCopy() : Json.object();
        status.set("capacity", capacity);
        status.set("allocatable", allocatable);
        status.set("conditions", conditions(current.path("conditions"), readiness, now));
        ArrayNode addresses = status.putArray("addresses");
        addresses.addObject().put("type", "InternalIP").put("address", endpoint.internalIp());
        addresses.addObject().put("type", "Hostname").put("address", endpoint.hostname());
        status.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", endpoint.kubeletPort());
        ObjectNode i = status.putObject("nodeInfo");
        i.put("machineID", info.machineId());
        i.put("systemUUID", info.systemUuid());
        i.put("bootID", info.bootId());
        i.put("kernelVersion", info.kernelVersion());
        i.put("osImage", info.osImage());
        i.put("containerRuntimeVersion", info.containerRuntimeVersion());
        i.put("kubeletVersion", info.kubeletVersion());
        i.put("kubeProxyVersion", "");
        i.put("operatingSystem", "linux");
        i.put("architecture", "amd64");
        return status;
    }

    /** Whether {@code desired} says something {@code current} does not, heartbeat times aside. */
    public static boolean changed(JsonNode current, ObjectNode desired) {
        return !withoutHeartbeats(current).equals(withoutHeartbeats(desired));
    }

    private static JsonNode withoutHeartbeats(JsonNode status) {
        if (!(status instanceof ObjectNode o)) {
            return Json.object();
        }
        ObjectNode copy = o.deepCopy();
        for (JsonNode c : copy.path("conditions")) {
            if (c instanceof ObjectNode co) {
                co.remove("lastHeartbeatTime");
            }
        }
        return copy;
    }

    private static ArrayNode conditions(JsonNode current, Readiness readiness, Instant now) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (List<String> c : PRESSURE) {
            add(out, current, c.get(0), "False", c.get(1), c.get(2), now);
        }
        add(out, current, "Ready", readiness.ready() ? "True" : "False",
                readiness.ready() ? "KubeletReady" : "KubeletNotReady", readiness.message(), now);
        for (JsonNode c : current) {
            if (!OWN.contains(c.path("type").asText())) {
                out.add(c.deepCopy());
            }
        }
        return out;
    }

    private static void add(ArrayNode out, JsonNode current, String type, String status, String reason, String message,
                            Instant now) {
        String stamp = Timestamps.format(now);
        JsonNode old = null;
        for (JsonNode c : current) {
            if (type.equals(c.path("type").asText())) {
                old = c;
            }
        }
        boolean same = old != null && status.equals(old.path("status").asText()) && old.path("lastTransitionTime").isTextual();
        ObjectNode o = out.addObject();
        o.put("type", type);
        o.put("status", status);
        o.put("lastHeartbeatTime", stamp);
        o.put("lastTransitionTime", same ? old.path("lastTransitionTime").asText() : stamp);
        o.put("reason", reason);
        o.put("message", message);
    }
}
