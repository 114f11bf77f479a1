package dev.tugboat.simnode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * What this process keeps about one simulated node it manages: identity, whether its heartbeat is
 * stopped, the last Lease written, when status was last reported, and the pod address pool of its
 * podCIDR. Thread-safe (heartbeats, node syncs and pod workers share it).
 */
final class ManagedNode {

    private final NodeIdentity identity;
    private volatile String uid;
    private volatile boolean stopped;
    private volatile ObjectNode lease;
    private volatile Instant lastStatusReport;
    private AddressPool podAddresses;

    ManagedNode(NodeIdentity identity, String uid) {
        this.identity = identity;
        this.uid = uid;
    }

    NodeIdentity identity() {
        return identity;
    }

    String name() {
        return identity.name();
    }

    String uid() {
        return uid;
    }

    /** A node re-created under the same name: the Lease must point at the new one. */
    void setUid(String uid) {
        if (!uid.equals(this.uid)) {
            this.uid = uid;
            this.lease = null;
        }
    }

    boolean isStopped() {
        return stopped;
    }

    void setStopped(boolean stopped) {
        this.stopped = stopped;
    }

    Optional<ObjectNode> lease() {
        return Optional.ofNullable(lease);
    }

    void setLease(ObjectNode lease) {
        this.lease = lease;
    }

    Optional<Instant> lastStatusReport() {
        return Optional.ofNullable(lastStatusReport);
    }

    void setLastStatusReport(Instant t) {
        this.lastStatusReport = t;
    }

    synchronized Optional<AddressPool> podAddresses() {
        return Optional.ofNullable(podAddresses);
    }

    /**
     * The pool for {@code cidr}, made (empty) if the node had none or had another CIDR.
     *
     * @return the pool and whether it was just made
     */
    synchronized Pool podAddresses(Ipv4Cidr cidr) {
        if (podAddresses != null && podAddresses.cidr().equals(cidr)) {
            return new Pool(podAddresses, false);
        }
        podAddresses = new AddressPool(cidr);
        return new Pool(podAddresses, true);
    }

    record Pool(AddressPool addresses, boolean fresh) {
    }
}
