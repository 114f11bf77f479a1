package dev.tugboat.kubelet.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import java.time.Duration;
import java.time.Instant;

/**
 * A node's heartbeat Lease in {@code kube-node-lease}, as upstream's node lease controller keeps it:
 * holder = the node's name, owned by the Node (so it goes with it), renewTime moved on every beat.
 * Shared by the kubelet and the simulated nodes. Stateless; thread-safe.
 */
public final class NodeLease {

    public static final String NAMESPACE = "kube-node-lease";
    public static final GroupVersionResource LEASES = new GroupVersionResource("coordination.k8s.io", "v1", "leases");

    private final ResourceClient leases;
    private final Duration leaseDuration;

    public NodeLease(ApiClient api, Duration leaseDuration) {
        this.leases = api.resource(LEASES);
        this.leaseDuration = leaseDuration;
    }

    /**
     * Renews the node's Lease with renewTime {@code now}, creating it if needed.
     *
     * @param last the Lease this caller wrote last, or null; an update from it saves a read
     * @return the Lease as written
     */
    public ObjectNode renew(ObjectNode last, String nodeName, String nodeUid, Instant now) {
        if (last != null) {
            try {
                return leases.update(NAMESPACE, renewed(last, nodeName, nodeUid, now));
            } catch (StatusException e) {
                if (!e.isConflict() && !e.isNotFound()) {
                    throw e;
                }
            }
        }
        ObjectNode current;
        try {
            current = leases.get(NAMESPACE, nodeName);
        } catch (StatusException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            ObjectNode lease = Json.object();
            lease.put("apiVersion", "coordination.k8s.io/v1");
            lease.put("kind", "Lease");
            lease.putObject("metadata").put("name", nodeName).put("namespace", NAMESPACE);
            return leases.create(NAMESPACE, renewed(lease, nodeName, nodeUid, now));
        }
        return leases.update(NAMESPACE, renewed(current, nodeName, nodeUid, now));
    }

    private ObjectNode renewed(ObjectNode lease, String nodeName, String nodeUid, Instant now) {
        ObjectNode copy = lease.deepCopy();
        ObjectNode owner = Meta.mutableMetadata(copy).putArray("ownerReferences").addObject();
        owner.put("apiVersion", "v1");
        owner.put("kind", "Node");
        owner.put("name", nodeName);
        owner.put("uid", nodeUid);
        ObjectNode spec = copy.withObjectProperty("spec");
        spec.put("holderIdentity", nodeName);
        spec.put("leaseDurationSeconds", leaseDuration.toSeconds());
        spec.put("renewTime", Timestamps.formatMicro(now));
        return copy;
    }
}
