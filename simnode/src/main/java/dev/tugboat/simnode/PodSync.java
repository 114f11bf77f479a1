package dev.tugboat.simnode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Result;
import dev.tugboat.client.informer.Cache;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.DeleteOptions;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.kubelet.pod.RestartBackoff;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod half of a simulated kubelet, for every simulated node at once: reconciles one pod key by
 * starting the pod's simulation (with a pod IP from the node's podCIDR), advancing it to now, writing
 * the resulting status through {@code pods/status} when it differs from the stored one, and, once a
 * deleted pod's containers have stopped, deleting it with grace period 0 and a UID precondition. Pods on
 * nodes that are not managed, gone, or stopped are left alone. Thread-safe for distinct keys (the work
 * queue never hands one key to two workers).
 */
final class PodSync {

    private static final Logger LOG = LoggerFactory.getLogger(PodSync.class);
    static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    /** How soon a pod waiting for its node's podCIDR (or a free address) is looked at again. */
    static final Duration ADDRESS_RETRY = Duration.ofSeconds(1);

    /** The simulation of one pod and the address it was given. */
    private record Simulation(SimulatedPod sim, String nodeName, String podIp, boolean ownsAddress) {
    }

    private final Clock clock;
    private final Cache pods;
    private final Function<String, Optional<ManagedNode>> managedNode;
    private final Function<String, Optional<ObjectNode>> cachedNode;
    private final ResourceClient podClient;
    private final ResourceClient podStatus;
    private final RestartBackoff backoff;
    private final Map<ObjectKey, Simulation> running = new ConcurrentHashMap<>();

    PodSync(ApiClient api, Clock clock, Cache pods, Function<String, Optional<ManagedNode>> managedNode,
            Function<String, Optional<ObjectNode>> cachedNode, RestartBackoff backoff) {
        this.clock = clock;
        this.pods = pods;
        this.managedNode = managedNode;
        this.cachedNode = cachedNode;
        this.podClient = api.resource(PODS);
        this.podStatus = podClient.subresource("status");
        this.backoff = backoff;
    }

    Result reconcile(ObjectKey key) {
        Optional<ObjectNode> cached = pods.get(key);
        Simulation run = running.get(key);
        if (cached.isEmpty()) {
            forget(key, run);
            return Result.done();
        }
        ObjectNode pod = cached.get();
        PodFacts facts = PodFacts.of(pod);
        if (run != null && (!run.sim().uid().equals(facts.uid()) || !run.nodeName().equals(facts.nodeName()))) {
            forget(key, run);
            run = null;
        }
        Optional<ManagedNode> node = managedNode.apply(facts.nodeName());
        if (node.isEmpty()) {
            forget(key, run);
            return Result.done();
        }
        if (node.get().isStopped()) {
            return Result.done();
        }
        Instant now = clock.now();
        if (run == null) {
            String phase = pod.path("status").path("phase").asText("");
            if (phase.equals("Succeeded") || phase.equals("Failed")) {
                // Finished before this process took the node over: only a deletion is left to complete.
                return finishDeletion(pod, facts);
            }
            Optional<Simulation> started = start(key, pod, facts, node.get(), now);
            if (started.isEmpty()) {
                return Result.requeueAfter(ADDRESS_RETRY);
            }
            run = started.get();
        }
        Optional<Instant> next = run.sim().advance(facts, backoff, now);
        ObjectNode desired = PodStatusBuilder.build(facts, run.sim(), pod,
                node.get().identity().internalIp(), run.podIp(), now);
        if (!sameIgnoringNulls(pod.path("status"), desired)) {
            ObjectNode body = pod.deepCopy();
            body.set("status", desired);
            try {
                podStatus.update(facts.namespace(), body);
            } catch (StatusException e) {
                if (e.isNotFound()) {
                    return Result.done();
                }
                if (e.isConflict()) {
                    // The cache is behind; the newer pod is on its way and the simulation is kept.
                    return Result.backoff();
                }
                throw e;
            }
        }
        if (run.sim().isTerminal() && run.ownsAddress()) {
            // The sandbox is gone, and its address with it (the status keeps showing it, as upstream).
            releaseAddress(node.get(), facts.uid());
        }
        if (facts.deletionTimestamp().isPresent() && run.sim().isTerminal()) {
            return finishDeletion(pod, facts);
        }
        return next.map(t -> Result.requeueAfter(SimulatedPod.until(now, t))).orElse(Result.done());
    }

    /** Starts the pod's simulation, or empty when it must wait for an address. */
    private Optional<Simulation> start(ObjectKey key, ObjectNode pod, PodFacts facts, ManagedNode node, Instant now) {
        String ip;
        boolean owns = !facts.hostNetwork();
        if (facts.hostNetwork()) {
            ip = node.identity().internalIp();
        } else {
            Optional<AddressPool> pool = podAddresses(node);
            if (pool.isEmpty()) {
                LOG.debug("pod {} waits for node {} to get a podCIDR", key, node.name());
                return Optional.empty();
            }
            String existing = pod.path("status").path("podIP").asText("");
            Optional<String> got = !existing.isEmpty() && pool.get().reserve(facts.uid(), existing)
                    ? Optional.of(existing) : pool.get().allocate(facts.uid());
            if (got.isEmpty()) {
                LOG.warn("node {} has no free pod address in {} for pod {}", node.name(), pool.get().cidr(), key);
                return Optional.empty();
            }
            ip = got.get();
        }
        SimulatedPod sim = PodStatusReader.resume(facts, pod.path("status")).orElseGet(() -> SimulatedPod.start(facts,
                now));
        Simulation run = new Simulation(sim, facts.nodeName(), ip, owns);
        running.put(key, run);
        return Optional.of(run);
    }

    /**
     * The node's pod address pool, made on first use from its podCIDR with the addresses of the pods
     * already on it reserved (so a takeover never hands out an address in use).
     */
    private Optional<AddressPool> podAddresses(ManagedNode node) {
        Optional<ObjectNode> n = cachedNode.apply(node.name());
        Optional<Ipv4Cidr> cidr = n.flatMap(PodSync::ipv4PodCidr);
        if (cidr.isEmpty()) {
            return Optional.empty();
        }
        ManagedNode.Pool pool = node.podAddresses(cidr.get());
        if (pool.fresh()) {
            for (ObjectNode p : pods.byIndex(SimulatedNodes.BY_NODE, node.name())) {
                String phase = p.path("status").path("phase").asText("");
                String ip = p.path("status").path("podIP").asText("");
                if (!ip.isEmpty() && !p.path("spec").path("hostNetwork").asBoolean(false)
                        && !phase.equals("Succeeded") && !phase.equals("Failed")) {
                    pool.addresses().reserve(Meta.uid(p), ip);
                }
            }
        }
        return Optional.of(pool.addresses());
    }

    static Optional<Ipv4Cidr> ipv4PodCidr(JsonNode node) {
        for (JsonNode c : node.path("spec").path("podCIDRs")) {
            Optional<Ipv4Cidr> v4 = Ipv4Cidr.parse(c.asText());
            if (v4.isPresent()) {
                return v4;
            }
        }
        return Ipv4Cidr.parse(node.path("spec").path("podCIDR").asText(""));
    }

    /** The kubelet's last step for a deleted pod whose containers have stopped: remove it for good. */
    private Result finishDeletion(ObjectNode pod, PodFacts facts) {
        if (facts.deletionTimestamp().isEmpty()) {
            return Result.done();
        }
        try {
            podClient.delete(facts.namespace(), facts.name(),
                    DeleteOptions.DEFAULT.withGracePeriodSeconds(0).withPreconditionUid(facts.uid()));
        } catch (StatusException e) {
            if (!e.isNotFound() && !e.isConflict()) {
                throw e;
            }
        }
        return Result.done();
    }

    private void forget(ObjectKey key, Simulation run) {
        if (run == null) {
            return;
        }
        running.remove(key, run);
        if (run.ownsAddress()) {
            managedNode.apply(run.nodeName()).ifPresent(n -> releaseAddress(n, run.sim().uid()));
        }
    }

    private static void releaseAddress(ManagedNode node, String uid) {
        node.podAddresses().ifPresent(p -> p.release(uid));
    }

    /** Drops every simulation on a node that is no longer managed, releasing nothing (its pool is gone). */
    void forgetNode(String nodeName) {
        for (Iterator<Simulation> it = running.values().iterator(); it.hasNext(); ) {
            if (it.next().nodeName().equals(nodeName)) {
                it.remove();
            }
        }
    }

    int simulatedPods() {
        return running.size();
    }

    /** Structural equality with null-valued fields treated as absent (the server may drop them). */
    static boolean sameIgnoringNulls(JsonNode a, JsonNode b) {
        return withoutNulls(a).equals(withoutNulls(b));
    }

    private static JsonNode withoutNulls(JsonNode n) {
        if (n.isObject()) {
            ObjectNode out = Json.object();
            n.properties().forEach(e -> {
                if (!e.getValue().isNull()) {
                    out.set(e.getKey(), withoutNulls(e.getValue()));
                }
            });
            return out;
        }
        if (n.isArray()) {
            var out = Json.MAPPER.createArrayNode();
            n.forEach(x -> out.add(withoutNulls(x)));
            return out;
        }
        return n.isMissingNode() ? Json.object() : n;
    }

    static Optional<Instant> timestamp(JsonNode n) {
        return Timestamps.parse(n.asText(""));
    }
}
