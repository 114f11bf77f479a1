package dev.tugboat.simnode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Controller;
import dev.tugboat.client.controller.Result;
import dev.tugboat.client.informer.HandlerRegistration;
import dev.tugboat.client.informer.InformerOptions;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.informer.ResourceEventHandler;
import dev.tugboat.client.informer.SharedInformer;
import dev.tugboat.client.queue.WorkQueue;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.PatchType;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.kubelet.metrics.ResourceMetricsText;
import dev.tugboat.kubelet.pod.RestartBackoff;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KWOK-like simulated nodes in this process: registers {@code config.nodeCount()} Nodes named
 * {@code <prefix>0…}, manages every Node annotated {@code tugboat.dev/simulated: "true"} (also ones
 * created later, by anyone), heartbeats each through its Lease and status, and drives the pods bound to
 * them as a kubelet would (see {@link PodSync}). Everything goes through the API, except the resource
 * metrics, which one loopback HTTP endpoint serves for every node ({@link ResourceMetricsServer}), as
 * KWOK does: each Node's InternalIP and kubelet port are that endpoint's.
 *
 * <p>Shape: a node informer → node queue → {@link #syncNode} (adopt, forget, stop or revive); one
 * {@link HeartbeatScheduler} for every node's Lease and status; one pod informer of bound pods (indexed
 * by node) → pod queue → {@link PodSync}, and → the {@link ResourceMeter} (usage changes). A node's
 * heartbeat is stopped by the annotation {@code tugboat.dev/heartbeat: "stopped"} or by
 * {@link #stopHeartbeat}; a stopped node's metrics are not served either.
 *
 * <p>Lifecycle: construct, {@link #start()}, {@link #close()}. Thread-safe.
 */
public final class SimulatedNodes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedNodes.class);
    static final String BY_NODE = "spec.nodeName";

    private final ApiClient api;
    private final Clock clock;
    private final SimNodeConfig config;
    private final ResourceClient nodes;
    private final SharedInformer nodeInformer;
    private final SharedInformer podInformer;
    private final HandlerRegistration nodeRegistration;
    private final HandlerRegistration podRegistration;
    private final WorkQueue<String> nodeQueue;
    private final WorkQueue<ObjectKey> podQueue;
    private final Controller<String> nodeController;
    private final Controller<ObjectKey> podController;
    private final HeartbeatScheduler heartbeats;
    private final NodeHeartbeat heartbeat;
    private final PodSync podSync;
    private final ResourceMeter meter;
    private final Map<String, ManagedNode> managed = new ConcurrentHashMap<>();
    private final Set<String> stoppedByCall = ConcurrentHashMap.newKeySet();
    private final CountDownLatch registered = new CountDownLatch(1);
    private final Instant bootTime;
    private volatile ResourceMetricsServer metricsServer;
    private volatile String kubeletVersion = "v0.0.0";
    private volatile boolean closed;

    public SimulatedNodes(ApiClient api, Clock clock, SimNodeConfig config) {
        this(api, clock, config, RestartBackoff.KUBELET);
    }

    /** With another restart backoff than the kubelet's (tests that cannot wait 10 s). */
    SimulatedNodes(ApiClient api, Clock clock, SimNodeConfig config, RestartBackoff restartBackoff) {
        this.api = api;
        this.clock = clock;
        this.config = config;
        this.bootTime = clock.now();
        this.nodes = api.resource(NodeHeartbeat.NODES);
        this.nodeInformer = new SharedInformer(nodes, InformerOptions.ALL
                .withTransform(InformerOptions.STRIP_MANAGED_FIELDS), clock);
        // One informer for the pods of every simulated node: only bound pods, like the kubelet's.
        this.podInformer = new SharedInformer(api.resource(PodSync.PODS), InformerOptions.ALL
                .withFieldSelector("spec.nodeName!=").withTransform(InformerOptions.STRIP_MANAGED_FIELDS), clock);
        podInformer.addIndex(BY_NODE, p -> List.of(p.path("spec").path("nodeName").asText("")));
        this.nodeQueue = WorkQueue.withDefaultRateLimiter(clock);
        this.podQueue = WorkQueue.withDefaultRateLimiter(clock);
        this.heartbeat = new NodeHeartbeat(api, config.capacity(), config.leaseDuration(),
                config.statusReportFrequency());
        this.heartbeats = new HeartbeatScheduler(clock, config.leaseRenewInterval(), config.workers(),
                this::beat);
        this.podSync = new PodSync(api, clock, podInformer.cache(), name -> Optional.ofNullable(managed.get(name)),
                name -> nodeInformer.cache().get(new ObjectKey("", name)), restartBackoff);
        this.nodeRegistration = nodeInformer.addEventHandler(
                ResourceEventHandler.onAnyChange(n -> nodeQueue.add(Meta.name(n))));
        this.podRegistration = podInformer.addEventHandler(ResourceEventHandler.onAnyChange(this::enqueuePod));
        this.meter = new ResourceMeter(bootTime);
        podInformer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode pod, boolean initialList) {
                meter.observe(null, pod, clock.now());
            }

            @Override
            public void onUpdate(ObjectNode oldPod, ObjectNode newPod) {
                meter.observe(oldPod, newPod, clock.now());
            }

            @Override
            public void onDelete(ObjectNode pod, boolean finalStateUnknown) {
                meter.podGone(pod);
            }
        });
        this.nodeController = new Controller<>("simnode-nodes", nodeQueue, this::syncNode, 2,
                List.of(nodeRegistration::hasSynced, podRegistration::hasSynced));
        this.podController = new Controller<>("simnode-pods", podQueue, podSync::reconcile, config.workers(),
                List.of(nodeRegistration::hasSynced, podRegistration::hasSynced));
    }

    /**
     * Starts the metrics endpoint, the informers and workers, and registers the configured nodes in the
     * background.
     */
    public void start() {
        metricsServer = ResourceMetricsServer.start(config.metricsPort(), this::resourceMetrics);
        try {
            kubeletVersion = api.get("/version", "application/json").path("gitVersion").asText(kubeletVersion);
        } catch (RuntimeException e) {
            LOG.warn("could not read the API server's version; simulated kubelets report {}", kubeletVersion, e);
        }
        nodeInformer.start();
        podInformer.start();
        nodeController.start();
        podController.start();
        Thread.ofVirtual().name("simnode-register").start(this::registerConfiguredNodes);
    }

    /** True once the caches have synced and the configured nodes are registered. */
    public boolean isSynced() {
        return registered.getCount() == 0 && nodeRegistration.hasSynced() && podRegistration.hasSynced();
    }

    /**
     * Registers one more simulated node (or takes over an existing Node of that name). Blocking: returns
     * when the Node exists.
     */
    public void addNode(String name) {
        register(name);
    }

    /** Makes the node go silent, like a dead machine: no Lease renewals, no status, no pod updates. */
    public void stopHeartbeat(String node) {
        stoppedByCall.add(node);
        nodeQueue.add(node);
    }

    /** Revives a node stopped by {@link #stopHeartbeat} (the annotation, if set, still keeps it stopped). */
    public void resumeHeartbeat(String node) {
        stoppedByCall.remove(node);
        nodeQueue.add(node);
    }

    /** The names of the nodes managed now. */
    public Set<String> nodeNames() {
        return Set.copyOf(managed.keySet());
    }

    // ------------------------------------------------------------------ registration

    private void registerConfiguredNodes() {
        Semaphore permits = new Semaphore(config.workers());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < config.nodeCount() && !closed; i++) {
            String name = config.namePrefix() + i;
            threads.add(Thread.ofVirtual().name("simnode-register-" + name).start(() -> {
                try {
                    permits.acquire();
                    try {
                        registerWithRetry(name);
                    } finally {
                        permits.release();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        registered.countDown();
    }

    private void registerWithRetry(String name) throws InterruptedException {
        for (long delayMs = 100; !closed; delayMs = Math.min(delayMs * 2, 7_000)) {
            try {
                register(name);
                return;
            } catch (RuntimeException e) {
                LOG.debug("registering node {} failed, retrying: {}", name, e.toString());
                Thread.sleep(delayMs);
            }
        }
    }

    /** Creates the Node as the kubelet registers itself; an existing one is taken over. */
    private void register(String name) {
        NodeIdentity id = identity(name);
        ObjectNode node = Json.object();
        node.put("apiVersion", "v1");
        node.put("kind", "Node");
        ObjectNode meta = node.putObject("metadata");
        meta.put("name", name);
        meta.set("labels", defaultLabels(name));
        meta.set("annotations", defaultAnnotations(name));
        node.putObject("spec");
        node.set("status", NodeStatusBuilder.build(id, config.capacity(), Json.object(), clock.now()));
        try {
            nodes.create("", node);
        } catch (StatusException e) {
            if (!e.isAlreadyExists()) {
                throw e;
            }
            ObjectNode patch = Json.object();
            ObjectNode pm = patch.putObject("metadata");
            pm.set("labels", defaultLabels(name));
            pm.set("annotations", defaultAnnotations(name));
            nodes.patch("", name, PatchType.MERGE, patch);
        }
    }

    /** The node's identity: its addresses are the metrics endpoint's, which stands in for its kubelet. */
    private NodeIdentity identity(String name) {
        ResourceMetricsServer endpoint = metricsServer;
        if (endpoint == null) {
            throw new IllegalStateException("simulated nodes are not started");
        }
        return NodeIdentity.of(name, endpoint.host(), endpoint.port(), kubeletVersion, bootTime);
    }

    private static ObjectNode defaultAnnotations(String name) {
        ObjectNode annotations = Json.object();
        annotations.put(SimAnnotations.SIMULATED, "true");
        annotations.put(ResourceMetricsServer.PATH_ANNOTATION, ResourceMetricsServer.pathOf(name));
        return annotations;
    }

    private static ObjectNode defaultLabels(String name) {
        ObjectNode labels = Json.object();
        labels.put("beta.kubernetes.io/arch", "amd64");
        labels.put("beta.kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", "amd64");
        labels.put("kubernetes.io/hostname", name);
        labels.put("kubernetes.io/os", "linux");
        labels.put("type", "simulated");
        return labels;
    }

    // ------------------------------------------------------------------ nodes

    private static boolean isSimulated(JsonNode node) {
        return "true".equals(Meta.annotations(node).get(SimAnnotations.SIMULATED));
    }

    /** Adopts, updates or forgets one node, level-triggered from the node cache. */
    private Result syncNode(String name) {
        Optional<ObjectNode> cached = nodeInformer.cache().get(new ObjectKey("", name));
        if (cached.isEmpty() || !isSimulated(cached.get())) {
            ManagedNode gone = managed.remove(name);
            if (gone != null) {
                heartbeats.remove(name);
                meter.removeNode(name);
                podSync.forgetNode(name);
                LOG.info("simulated node {} is no longer managed", name);
            }
            return Result.done();
        }
        ObjectNode node = cached.get();
        ManagedNode m = managed.computeIfAbsent(name, n -> adopt(node));
        m.setUid(Meta.uid(node));
        boolean stopped = SimAnnotations.HEARTBEAT_STOPPED.equals(Meta.annotations(node).get(SimAnnotations.HEARTBEAT))
                || stoppedByCall.contains(name);
        if (stopped != m.isStopped()) {
            m.setStopped(stopped);
            LOG.info("simulated node {}: heartbeat {}", name, stopped ? "stopped" : "resumed");
        }
        if (stopped) {
            return Result.done();
        }
        ObjectNode missing = missingMetadata(node);
        if (!missing.isEmpty()) {
            ObjectNode patch = Json.object();
            patch.set("metadata", missing);
            nodes.patch("", name, PatchType.MERGE, patch);
        }
        ObjectNode desired = NodeStatusBuilder.build(m.identity(), config.capacity(), node.path("status"),
                clock.now());
        if (NodeStatusBuilder.changed(node.path("status"), desired) || m.lease().isEmpty()) {
            // A new node, a revived one, or status someone else changed (e.g. Ready=Unknown): beat now.
            heartbeats.beatNow(name);
        }
        // Pods may be waiting for this node: a podCIDR, or a revival.
        podInformer.cache().byIndex(BY_NODE, name).forEach(p -> podQueue.add(ObjectKey.of(p)));
        return Result.done();
    }

    private ManagedNode adopt(ObjectNode node) {
        String name = Meta.name(node);
        ManagedNode m = new ManagedNode(identity(name), Meta.uid(node));
        NodeHeartbeat.lastHeartbeat(node).ifPresent(m::setLastStatusReport);
        meter.addNode(name);
        heartbeats.add(name);
        LOG.info("managing simulated node {}", name);
        return m;
    }

    /**
     * The labels the kubelet sets that the node lacks, and the metrics path annotation if it is missing
     * or wrong (a node taken over from another simulator), as a merge patch of metadata; empty if none.
     */
    private static ObjectNode missingMetadata(JsonNode node) {
        Map<String, String> labels = Meta.labels(node);
        ObjectNode missing = Json.object();
        defaultLabels(Meta.name(node)).properties().forEach(e -> {
            if (!labels.containsKey(e.getKey())) {
                missing.withObjectProperty("labels").set(e.getKey(), e.getValue());
            }
        });
        String path = ResourceMetricsServer.pathOf(Meta.name(node));
        if (!path.equals(Meta.annotations(node).get(ResourceMetricsServer.PATH_ANNOTATION))) {
            missing.putObject("annotations").put(ResourceMetricsServer.PATH_ANNOTATION, path);
        }
        return missing;
    }

    /** A node's resource metrics, as its kubelet would serve them; empty when it is not managed or is dead. */
    private Optional<String> resourceMetrics(String name) {
        ManagedNode m = managed.get(name);
        if (m == null || m.isStopped() || closed) {
            return Optional.empty();
        }
        return meter.sample(name, podInformer.cache().byIndex(BY_NODE, name), clock.now())
                .map(ResourceMetricsText::render);
    }

    /** One heartbeat of one node: renew its Lease, report its status if changed or due. */
    private void beat(String name) {
        ManagedNode m = managed.get(name);
        if (m == null || m.isStopped() || closed) {
            return;
        }
        Instant now = clock.now();
        heartbeat.renewLease(m, now);
        nodeInformer.cache().get(new ObjectKey("", name)).ifPresent(n -> heartbeat.reportStatus(m, n, now));
    }

    // ------------------------------------------------------------------ pods

    private void enqueuePod(ObjectNode pod) {
        String node = pod.path("spec").path("nodeName").asText("");
        if (managed.containsKey(node)) {
            podQueue.add(ObjectKey.of(pod));
        }
    }

    @Override
    public void close() {
        closed = true;
        ResourceMetricsServer endpoint = metricsServer;
        if (endpoint != null) {
            endpoint.close();
        }
        heartbeats.close();
        podController.close();
        nodeController.close();
        podInformer.close();
        nodeInformer.close();
        registered.countDown();
    }
}
