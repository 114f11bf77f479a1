package dev.tugboat.controllers.nodelifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Controller;
import dev.tugboat.client.controller.Result;
import dev.tugboat.client.events.ApiEventRecorder;
import dev.tugboat.client.events.EventRecorder;
import dev.tugboat.client.informer.HandlerRegistration;
import dev.tugboat.client.informer.InformerFactory;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.informer.ResourceEventHandler;
import dev.tugboat.client.informer.SharedInformer;
import dev.tugboat.client.queue.WorkQueue;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.controllers.common.InformerIndexes;
import dev.tugboat.controllers.common.NodeEvents;
import dev.tugboat.controllers.common.Pods;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node lifecycle controller (upstream's pkg/controller/nodelifecycle with taint-based eviction).
 * Every {@code nodeMonitorPeriod} one pass over all nodes:
 * <ol>
 *   <li>heartbeats: a node whose Lease renewTime and Ready lastHeartbeatTime have not changed for
 *       {@code nodeMonitorGracePeriod} gets its kubelet conditions set to Unknown
 *       ({@code NodeStatusUnknown}, "Kubelet stopped posting node status.");</li>
 *   <li>pods on a node that is not Ready are marked not Ready (upstream's MarkPodsNotReady), and a node
 *       leaving Ready gets a {@code NodeNotReady} event;</li>
 *   <li>zones: upstream's disruption states decide the rate of new NoExecute taints per zone; when every
 *       zone is fully disrupted (the control plane is more likely cut off than all nodes dead) no node is
 *       NoExecute-tainted and such taints are removed;</li>
 *   <li>taints: {@code not-ready}/{@code unreachable} NoExecute taints follow the Ready condition (new ones
 *       within the zone's rate limit, swaps and removals at once) and the NoSchedule taints follow the
 *       conditions and {@code spec.unschedulable}.</li>
 * </ol>
 * The pods are deleted by the {@link TaintEvictionController}, not here. One worker runs the pass, so
 * the bookkeeping below needs no locks.
 */
public final class NodeLifecycleController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeLifecycleController.class);
    static final GroupVersionResource NODES = new GroupVersionResource("", "v1", "nodes");
    static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    static final GroupVersionResource LEASES = new GroupVersionResource("coordination.k8s.io", "v1", "leases");
    static final String LEASE_NAMESPACE = "kube-node-lease";
    static final String BY_NODE = InformerIndexes.PODS_BY_NODE;
    /** The key of the periodic pass over all nodes; not a valid node name, so no node's key. */
    private static final String MONITOR = "<monitor>";

    private final NodeLifecycleConfig config;
    private final Clock clock;
    private final ResourceClient nodes;
    private final ResourceClient pods;
    private final InformerFactory informers;
    private final boolean ownsInformers;
    private final SharedInformer nodeInformer;
    private final SharedInformer leaseInformer;
    private final SharedInformer podInformer;
    private final List<HandlerRegistration> registrations;
    private final WorkQueue<String> queue;
    private final ApiEventRecorder events;
    private final Controller<String> controller;

    // Worker-only state.
    private final Map<String, NodeHealth.Observed> health = new HashMap<>();
    private final Map<String, String> lastReady = new HashMap<>();
    private final Map<String, TokenBucket> zoneTainters = new HashMap<>();
    private boolean allZonesDisrupted;

    /** With informers of its own. */
    public NodeLifecycleController(ApiClient api, Clock clock, NodeLifecycleConfig config) {
        this(api, clock, config, new InformerFactory(api, clock), true);
    }

    /** With the node, node-lease and pod informers of a shared factory (which the caller starts and closes). */
    public NodeLifecycleController(ApiClient api, Clock clock, NodeLifecycleConfig config, InformerFactory informers) {
        this(api, clock, config, informers, false);
    }

    private NodeLifecycleController(ApiClient api, Clock clock, NodeLifecycleConfig config,
                                    InformerFactory informers, boolean ownsInformers) {
        this.config = config;
        this.clock = clock;
        this.nodes = api.resource(NODES);
        this.pods = api.resource(PODS);
        this.informers = informers;
        this.ownsInformers = ownsInformers;
        this.nodeInformer = informers.informer(NODES);
        // The shared informer of every namespace's leases (read by key in kube-node-lease only): the leases
        // elsewhere are few (leader election), and the garbage collector shares this cache too.
        this.leaseInformer = informers.informer(LEASES);
        this.podInformer = informers.informer(PODS);
        InformerIndexes.ensurePodsByNode(podInformer);
        this.queue = WorkQueue.withDefaultRateLimiter(clock);
        this.events = new ApiEventRecorder(api, clock, "node-controller");
        this.registrations = List.of(
                nodeInformer.addEventHandler(new ResourceEventHandler() {
                    @Override
                    public void onAdd(ObjectNode node, boolean initialList) {
                        queue.add(Meta.name(node));
                    }

                    @Override
                    public void onUpdate(ObjectNode oldNode, ObjectNode newNode) {
                        // The taints follow conditions and unschedulable at once, not at the next period;
                        // only this node is looked at (a full pass per update would be quadratic).
                        if (!NodeTaints.desiredNoSchedule(oldNode).equals(NodeTaints.desiredNoSchedule(newNode))
                                || !NodeHealth.readyStatus(oldNode).equals(NodeHealth.readyStatus(newNode))) {
                            queue.add(Meta.name(newNode));
                        }
                    }

                    @Override
                    public void onDelete(ObjectNode node, boolean finalStateUnknown) {
                        queue.add(MONITOR);
                    }
                }),
                leaseInformer.addEventHandler(ResourceEventHandler.onAnyChange(l -> { })),
                podInformer.addEventHandler(ResourceEventHandler.onAnyChange(p -> { })));
        this.controller = new Controller<>("node-lifecycle-controller", queue,
                k -> MONITOR.equals(k) ? monitor() : reconcileNode(k), 1,
                registrations.stream().<BooleanSupplier>map(r -> r::hasSynced).toList());
    }

    private Result monitor() {
        Instant now = clock.now();
        List<ObjectNode> all = nodeInformer.cache().list();
        Set<String> names = new HashSet<>();
        Map<String, int[]> zoneCounts = new HashMap<>();
        Map<String, ObjectNode> current = new HashMap<>();
        for (ObjectNode node : all) {
            String name = Meta.name(node);
            names.add(name);
            ObjectNode updated = guarded(name, node, () -> updateHealth(node, now));
            current.put(name, updated);
            guarded(name, updated, () -> {
                reactToReadiness(updated);
                return updated;
            });
            int[] counts = zoneCounts.computeIfAbsent(Zones.zoneOf(updated), z -> new int[2]);
            counts["True".equals(NodeHealth.readyStatus(updated)) ? 0 : 1]++;
        }
        health.keySet().retainAll(names);
        lastReady.keySet().retainAll(names);
        updateZones(zoneCounts, now);
        for (ObjectNode node : current.values()) {
            guarded(Meta.name(node), node, () -> {
                updateTaints(node, now);
                return node;
            });
        }
        return Result.requeueAfter(config.nodeMonitorPeriod());
    }

    /**
     * One node between periodic passes (added, or its readiness or NoSchedule taints changed): the
     * readiness reaction and its taints. Heartbeat timeouts and zone states stay with the periodic pass.
     */
    private Result reconcileNode(String name) {
        nodeInformer.cache().get(new ObjectKey("", name)).ifPresent(node -> {
            Instant now = clock.now();
            reactToReadiness(node);
            updateTaints(node, now);
        });
        return Result.done();
    }

    /** Runs one node's step; a failure is logged and the node is looked at again next period. */
    private ObjectNode guarded(String name, ObjectNode fallback, Supplier<ObjectNode> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            LOG.warn("node-lifecycle-controller: node {}: {}", name, e.toString());
            return fallback;
        }
    }

    /** Step 1: the heartbeat check; returns the node as it is now (with Unknown conditions if set). */
    private ObjectNode updateHealth(ObjectNode node, Instant now) {
        String name = Meta.name(node);
        Optional<ObjectNode> lease = leaseInformer.cache().get(new ObjectKey(LEASE_NAMESPACE, name));
        NodeHealth.Observed seen = NodeHealth.observe(health.get(name), node, lease, now);
        health.put(name, seen);
        if (!NodeHealth.timedOut(seen, config.nodeMonitorGracePeriod(), config.nodeStartupGracePeriod(), now)) {
            return node;
        }
        try {
            return nodes.subresource("status").modify("", name, fresh -> {
                // A heartbeat that arrived since the cache was read wins over the timeout.
                NodeHealth.Observed again = NodeHealth.observe(seen, fresh, lease, now);
                if (!again.probeTime().equals(seen.probeTime())) {
                    return null;
                }
                return NodeHealth.markUnknown(fresh, now) ? fresh : null;
            });
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return node;
            }
            throw e;
        }
    }

    /** Step 2: the NodeNotReady event on leaving Ready, and pods of a not-Ready node marked not Ready. */
    private void reactToReadiness(ObjectNode node) {
        String name = Meta.name(node);
        String ready = NodeHealth.readyStatus(node);
        String before = lastReady.put(name, ready);
        if ("True".equals(before) && !"True".equals(ready)) {
            NodeEvents.recordStatusChange(events, node, "NodeNotReady");
        }
        if (ready.isEmpty() || "True".equals(ready)) {
            return;
        }
        for (ObjectNode pod : podInformer.cache().byIndex(BY_NODE, name)) {
            if (Pods.isReady(pod)) {
                markPodNotReady(pod, name);
            }
        }
    }

    private void markPodNotReady(ObjectNode pod, String nodeName) {
        String time = Timestamps.format(clock.now());
        try {
            pods.subresource("status").modify(Meta.namespace(pod), Meta.name(pod), fresh -> {
                if (!Meta.uid(fresh).equals(Meta.uid(pod)) || !nodeName.equals(Pods.nodeName(fresh))) {
                    return null;
                }
                boolean changed = false;
                for (JsonNode c : fresh.path("status").path("conditions")) {
                    if ("Ready".equals(c.path("type").asText()) && !"False".equals(c.path("status").asText())) {
                        ((ObjectNode) c).put("status", "False").put("lastTransitionTime", time);
                        changed = true;
                    }
                }
                return changed ? fresh : null;
            });
            events.record(new EventRecorder.ObjectRef("v1", "Pod", Meta.namespace(pod), Meta.name(pod),
                    Meta.uid(pod)), EventRecorder.WARNING, "NodeNotReady", "Node is not ready");
        } catch (StatusException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }

    /** Step 3: zone states, the disruption mode and the per-zone taint rates. */
    private void updateZones(Map<String, int[]> zoneCounts, Instant now) {
        Map<String, Zones.State> states = new HashMap<>();
        zoneCounts.forEach((zone, c) -> states.put(zone, Zones.state(c[0], c[1], config.unhealthyZoneThreshold())));
        boolean allDisrupted = !states.isEmpty()
                && states.values().stream().allMatch(s -> s == Zones.State.FULL_DISRUPTION);
        if (allDisrupted && !allZonesDisrupted) {
            LOG.warn("node-lifecycle-controller: no node is Ready; entering master disruption mode");
        }
        if (!allDisrupted && allZonesDisrupted) {
            LOG.info("node-lifecycle-controller: leaving master disruption mode");
            // Nodes get a full grace period again, as upstream resets their probe times.
            health.replaceAll((n, o) -> new NodeHealth.Observed(o.hasReady(), o.readyHeartbeat(),
                    o.leaseRenewTime(), now));
        }
        allZonesDisrupted = allDisrupted;
        zoneTainters.keySet().retainAll(states.keySet());
        states.forEach((zone, state) -> {
            int size = zoneCounts.get(zone)[0] + zoneCounts.get(zone)[1];
            double rate = Zones.taintRate(state, size, config);
            zoneTainters.computeIfAbsent(zone, z -> new TokenBucket(clock, rate)).setQps(rate);
        });
    }

    /** Step 4: the controller's taints on one node. */
    private void updateTaints(ObjectNode node, Instant now) {
        Optional<Taint> noExecute = allZonesDisrupted ? Optional.empty()
                : NodeTaints.desiredNoExecute(NodeHealth.readyStatus(node));
        boolean mayAdd = false;
        if (NodeTaints.needsNewNoExecute(node, noExecute)) {
            TokenBucket bucket = zoneTainters.get(Zones.zoneOf(node));
            mayAdd = bucket != null && bucket.tryAcquire();
        }
        if (NodeTaints.reconcile(node, NodeTaints.desiredNoSchedule(node), noExecute, mayAdd,
                Timestamps.format(now)).isEmpty()) {
            return;
        }
        boolean allowAdd = mayAdd;
        try {
            nodes.modify("", Meta.name(node), fresh -> {
                Optional<Taint> want = allZonesDisrupted ? Optional.empty()
                        : NodeTaints.desiredNoExecute(NodeHealth.readyStatus(fresh));
                Optional<ArrayNode> taints = NodeTaints.reconcile(fresh, NodeTaints.desiredNoSchedule(fresh), want,
                        allowAdd, Timestamps.format(now));
                if (taints.isEmpty()) {
                    return null;
                }
                fresh.withObjectProperty("spec").set("taints", taints.get());
                return fresh;
            });
        } catch (StatusException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }

    public void start() {
        if (ownsInformers) {
            informers.start();
        }
        controller.start();
        queue.add(MONITOR);
    }

    /** True once nodes, node leases and pods are cached. */
    public boolean isSynced() {
        return registrations.stream().allMatch(HandlerRegistration::hasSynced);
    }

    @Override
    public void close() {
        controller.close();
        if (ownsInformers) {
            informers.close();
        }
        events.close();
    }
}
