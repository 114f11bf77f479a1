package dev.tugboat.simnode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The node status a kubelet would report for a simulated node (upstream's nodestatus setters): capacity
 * and allocatable, the MemoryPressure, DiskPressure, PIDPressure and Ready conditions with the kubelet's
 * reasons and messages, addresses, nodeInfo and daemonEndpoints. Other status fields and conditions
 * (e.g. NetworkUnavailable, images) are kept from the current status. Pure.
 */
final class NodeStatusBuilder {

    static final String RUNTIME_VERSION = "simulated://0.1.0";

    /** The kubelet's conditions, in the order it writes them: type, reason, message. */
    private static final List<List<String>> CONDITIONS = List.of(
            List.of("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            List.of("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            List.of("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
            List.of("Ready", "True", "KubeletReady", "kubelet is posting ready status"));
    private static final Set<String> OWN = Set.of("MemoryPressure", "DiskPressure", "PIDPressure", "Ready");

    private NodeStatusBuilder() {
    }

    /**
     * @param current the node's current status (may be missing)
     * @param now     the heartbeat time, and the transition time of conditions that change
     */
    static ObjectNode build(NodeIdentity id, NodeCapacity capacity, JsonNode current, Instant now) {
        ObjectNode status = current instanceof ObjectNode o ? o.deepCopy() : Json.object();
        status.set("capacity", resources(capacity));
        status.set("allocatable", resources(capacity));
        status.set("conditions", conditions(current.path("conditions"), now));
        ArrayNode addresses = status.putArray("addresses");
        addresses.addObject().put("type", "InternalIP").put("address", id.internalIp());
        addresses.addObject().put("type", "Hostname").put("address", id.name());
        status.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", id.kubeletPort());
        ObjectNode info = status.putObject("nodeInfo");
        info.put("machineID", id.machineId());
        info.put("systemUUID", id.systemUuid());
        info.put("bootID", id.bootId());
        info.put("kernelVersion", "simulated");
        info.put("osImage", "Tugboat simulated node");
        info.put("containerRuntimeVersion", RUNTIME_VERSION);
        info.put("kubeletVersion", id.kubeletVersion());
        info.put("operatingSystem", "linux");
        info.put("architecture", "amd64");
        return status;
    }

    /** Whether {@code desired} says something {@code current} does not, heartbeat times aside. */
    static boolean changed(JsonNode current, ObjectNode desired) {
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

    private static ObjectNode resources(NodeCapacity c) {
        ObjectNode r = Json.object();
        r.put("cpu", c.cpu());
        r.put("ephemeral-storage", c.ephemeralStorage());
        r.put("hugepages-1Gi", "0");
        r.put("hugepages-2Mi", "0");
        r.put("memory", c.memory());
        r.put("pods", c.pods());
        return r;
    }

    private static ArrayNode conditions(JsonNode current, Instant now) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        String stamp = Timestamps.format(now);
        for (List<String> c : CONDITIONS) {
            JsonNode old = find(current, c.get(0));
            boolean same = old != null && c.get(1).equals(old.path("status").asText())
                    && old.path("lastTransitionTime").isTextual();
            ObjectNode o = out.addObject();
            o.put("type", c.get(0));
            o.put("status", c.get(1));
            o.put("lastHeartbeatTime", stamp);
            o.put("lastTransitionTime", same ? old.path("lastTransitionTime").asText() : stamp);
            o.put("reason", c.get(2));
            o.put("message", c.get(3));
        }
        for (JsonNode c : current) {
            if (!OWN.contains(c.path("type").asText())) {
                out.add(c.deepCopy());
            }
        }
        return out;
    }

    private static JsonNode find(JsonNode conditions, String type) {
        for (JsonNode c : conditions) {
            if (type.equals(c.path("type").asText())) {
                return c;
            }
        }
        return null;
    }
}
