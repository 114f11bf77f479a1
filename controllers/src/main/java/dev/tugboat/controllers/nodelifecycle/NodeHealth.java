package dev.tugboat.controllers.nodelifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Conditions;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The heartbeat bookkeeping of upstream's tryUpdateNodeHealth. A node's heartbeats are judged by when
 * this controller <em>saw them change</em> (the probe time), not by the timestamps the node wrote, so
 * that clock skew between node and controller does not matter. Pure.
 */
final class NodeHealth {

    static final String READY = "Ready";
    /** The conditions the kubelet owns and that go Unknown with it. */
    static final List<String> KUBELET_CONDITIONS = List.of(READY, "MemoryPressure", "DiskPressure", "PIDPressure");

    /**
     * What was last seen of a node's heartbeats.
     *
     * @param hasReady       whether the node had a Ready condition
     * @param readyHeartbeat its lastHeartbeatTime as written ("" when none)
     * @param leaseRenewTime the node Lease's renewTime ("" when none)
     * @param probeTime      when this controller last saw either change
     */
    record Observed(boolean hasReady, String readyHeartbeat, String leaseRenewTime, Instant probeTime) {
    }

    private NodeHealth() {
    }

    /** The bookkeeping after looking at {@code node} and its lease at {@code now}; {@code saved} may be null. */
    static Observed observe(Observed saved, JsonNode node, Optional<? extends JsonNode> lease, Instant now) {
        Optional<JsonNode> ready = condition(node, READY);
        String heartbeat = ready.map(c -> c.path("lastHeartbeatTime").asText("")).orElse("");
        String renew = lease.map(l -> l.path("spec").path("renewTime").asText("")).orElse("");
        if (saved == null) {
            return new Observed(ready.isPresent(), heartbeat, renew, now);
        }
        Instant probe = saved.probeTime();
        if (ready.isPresent() != saved.hasReady() || !heartbeat.equals(saved.readyHeartbeat())) {
            probe = now;
        }
        String keptRenew = saved.leaseRenewTime();
        if (isLater(renew, keptRenew)) {
            probe = now;
            keptRenew = renew;
        }
        return new Observed(ready.isPresent(), heartbeat, keptRenew, probe);
    }

    /**
     * Whether the node has missed its heartbeats: nothing new for the monitor grace period, or, for a
     * node that never posted a Ready condition, for the startup grace period.
     */
    static boolean timedOut(Observed o, Duration monitorGrace, Duration startupGrace, Instant now) {
        Duration grace = o.hasReady() ? monitorGrace : startupGrace;
        return now.isAfter(o.probeTime().plus(grace));
    }

    /**
     * The node's kubelet conditions set to Unknown as upstream does ("Kubelet stopped posting node
     * status.", or "never posted" for missing ones), in place; false when they all were Unknown already.
     */
    static boolean markUnknown(ObjectNode node, Instant now) {
        String time = Timestamps.format(now);
        ArrayNode conditions = node.withObjectProperty("status").withArrayProperty("conditions");
        boolean changed = false;
        for (String type : KUBELET_CONDITIONS) {
            ObjectNode c = null;
            for (JsonNode existing : conditions) {
                if (type.equals(existing.path("type").asText())) {
                    c = (ObjectNode) existing;
                }
            }
            if (c == null) {
                conditions.addObject().put("type", type).put("status", "Unknown")
                        .put("lastHeartbeatTime", Meta.creationTimestamp(node)).put("lastTransitionTime", time)
                        .put("reason", "NodeStatusNeverUpdated").put("message", "Kubelet never posted node status.");
                changed = true;
            } else if (!"Unknown".equals(c.path("status").asText())) {
                c.put("status", "Unknown").put("reason", "NodeStatusUnknown")
                        .put("message", "Kubelet stopped posting node status.").put("lastTransitionTime", time);
                changed = true;
            }
        }
        return changed;
    }

    /** The Ready condition's status: True, False, Unknown, or "" when the node has none. */
    static String readyStatus(JsonNode node) {
        return condition(node, READY).map(c -> c.path("status").asText("")).orElse("");
    }

    static Optional<JsonNode> condition(JsonNode node, String type) {
        return Conditions.find(node, type);
    }

    private static boolean isLater(String candidate, String than) {
        if (candidate.isEmpty()) {
            return false;
        }
        if (than.isEmpty()) {
            return true;
        }
        Optional<Instant> a = Timestamps.parse(candidate);
        Optional<Instant> b = Timestamps.parse(than);
        return a.isPresent() && b.isPresent() ? a.get().isAfter(b.get()) : !candidate.equals(than);
    }
}
