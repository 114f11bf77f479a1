package dev.tugboat.simnode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.kubelet.node.NodeStatus;
import java.time.Instant;

/**
 * The node status a kubelet would report for a simulated node: {@link NodeStatus} with the simulated
 * identity and capacity (nothing is reserved, so allocatable is capacity) and a node that is always
 * ready while it heartbeats. Pure.
 */
final class NodeStatusBuilder {

    static final String RUNTIME_VERSION = "simulated://0.1.0";

    private NodeStatusBuilder() {
    }

    /**
     * @param current the node's current status (may be missing)
     * @param now     the heartbeat time, and the transition time of conditions that change
     */
    static ObjectNode build(NodeIdentity id, NodeCapacity capacity, JsonNode current, Instant now) {
        return NodeStatus.build(current, resources(capacity), resources(capacity),
                new NodeStatus.Endpoint(id.internalIp(), id.name(), id.kubeletPort()),
                new NodeStatus.Info(id.machineId(), id.systemUuid(), id.bootId(), "simulated", "Tugboat simulated node",
                        RUNTIME_VERSION, id.kubeletVersion()),
                NodeStatus.Readiness.READY, now);
    }

    /** Whether {@code desired} says something {@code current} does not, heartbeat times aside. */
    static boolean changed(JsonNode current, ObjectNode desired) {
        return NodeStatus.changed(current, desired);
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
}
