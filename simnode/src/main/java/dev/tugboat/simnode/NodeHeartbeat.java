package dev.tugboat.simnode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Conditions;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.kubelet.node.NodeLease;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A simulated kubelet's two heartbeats, as upstream's node lease controller and node status loop do
 * them: the node's Lease in {@code kube-node-lease} (holder = node name, owned by the Node) renewed on
 * every beat, and the node status written when it changed or when the report frequency has passed.
 * Stateless apart from what it records on the {@link ManagedNode}; thread-safe.
 */
final class NodeHeartbeat {

    static final String LEASE_NAMESPACE = NodeLease.NAMESPACE;
    static final GroupVersionResource LEASES = NodeLease.LEASES;
    static final GroupVersionResource NODES = new GroupVersionResource("", "v1", "nodes");

    private final NodeLease lease;
    private final ResourceClient nodes;
    private final ResourceClient nodeStatus;
    private final NodeCapacity capacity;
    private final Duration reportFrequency;

    NodeHeartbeat(ApiClient api, NodeCapacity capacity, Duration leaseDuration, Duration reportFrequency) {
        this.lease = new NodeLease(api, leaseDuration);
        this.nodes = api.resource(NODES);
        this.nodeStatus = nodes.subresource("status");
        this.capacity = capacity;
        this.reportFrequency = reportFrequency;
    }

    /** Renews (or creates) the node's Lease with renewTime {@code now}. */
    void renewLease(ManagedNode node, Instant now) {
        node.setLease(lease.renew(node.lease().orElse(null), node.name(), node.uid(), now));
    }

    /**
     * Writes the node status if it changed or was last reported a report period ago.
     *
     * @param cached the Node as the informer has it
     * @return whether status was written
     */
    boolean reportStatus(ManagedNode node, ObjectNode cached, Instant now) {
        ObjectNode desired = NodeStatusBuilder.build(node.identity(), capacity, cached.path("status"), now);
        boolean due = node.lastStatusReport()
                .map(last -> !Duration.between(last, now).minus(reportFrequency).isNegative()).orElse(true);
        if (!due && !NodeStatusBuilder.changed(cached.path("status"), desired)) {
            return false;
        }
        ObjectNode body = cached.deepCopy();
        body.set("status", desired);
        try {
            nodeStatus.update("", body);
        } catch (StatusException e) {
            if (!e.isConflict()) {
                throw e;
            }
            // Someone else (the node lifecycle controller) wrote first: recompute from the fresh node.
            ObjectNode fresh = nodes.get("", node.name());
            fresh.set("status", NodeStatusBuilder.build(node.identity(), capacity, fresh.path("status"), now));
            nodeStatus.update("", fresh);
        }
        node.setLastStatusReport(now);
        return true;
    }

    /** When the node's status was last reported by a kubelet: the Ready condition's heartbeat. */
    static Optional<Instant> lastHeartbeat(JsonNode node) {
        return Conditions.find(node, "Ready").flatMap(c -> Timestamps.parse(c.path("lastHeartbeatTime").asText("")));
    }
}
