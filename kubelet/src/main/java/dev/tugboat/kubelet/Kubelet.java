package dev.tugboat.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Controller;
import dev.tugboat.client.events.EventRecorder;
import dev.tugboat.client.informer.HandlerRegistration;
import dev.tugboat.client.informer.InformerOptions;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.informer.ResourceEventHandler;
import dev.tugboat.client.informer.SharedInformer;
import dev.tugboat.client.queue.WorkQueue;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.kubelet.config.KubeletConfig;
import dev.tugboat.kubelet.cri.CriException;
import dev.tugboat.kubelet.cri.CriRuntime;
import dev.tugboat.kubelet.cri.SandboxConfigs;
import dev.tugboat.kubelet.cri.v1.DNSConfig;
import dev.tugboat.kubelet.node.Cgroups;
import dev.tugboat.kubelet.node.NodeLease;
import dev.tugboat.kubelet.node.NodeResources;
import dev.tugboat.kubelet.node.NodeStatus;
import dev.tugboat.kubelet.pod.EnvResolver;
import dev.tugboat.kubelet.pod.RestartBackoff;
import dev.tugboat.kubelet.pod.ServiceEnv;
import dev.tugboat.kubelet.prober.CriContainerExec;
import dev.tugboat.kubelet.prober.ProbeManager;
import dev.tugboat.kubelet.prober.Prober;
import dev.tugboat.kubelet.runtime.ContainerRecord;
import dev.tugboat.kubelet.runtime.RuntimePod;
import dev.tugboat.kubelet.runtime.SandboxStatus;
import dev.tugboat.kubelet.sync.PodSync;
import dev.tugboat.kubelet.volume.Mounter;
import dev.tugboat.kubelet.volume.PodVolumes;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent. It registers its Node and keeps it alive (Lease renewals, status with the
 * runtime's readiness), watches the pods bound to its node and syncs each through {@link PodSync}
 * from a work queue, notices container changes by relisting the runtime every second (upstream's
 * PLEG), and cleans up what the runtime still has of pods the API no longer knows.
 *
 * <p>Lifecycle: construct, {@link #start()}, then {@link #stopAllPods()} if the node is going away,
 * and {@link #close()}. Closing alone leaves containers running, as a restarting kubelet does.
 */
public final class Kubelet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Kubelet.class);
    static final GroupVersionResource NODES = new GroupVersionResource("", "v1", "nodes");
    static final GroupVersionResource SERVICES = new GroupVersionResource("", "v1", "services");
    static final GroupVersionResource CONFIGMAPS = new GroupVersionResource("", "v1", "configmaps");
    static final GroupVersionResource SECRETS = new GroupVersionResource("", "v1", "secrets");
    static final GroupVersionResource PVCS = new GroupVersionResource("", "v1", "persistentvolumeclaims");
    static final GroupVersionResource PVS = new GroupVersionResource("", "v1", "persistentvolumes");
    static final Duration STATUS_REPORT_FREQUENCY = Duration.ofMinutes(5);
    /** Upstream's nodeStatusMaxImages. */
    static final int MAX_NODE_IMAGES = 50;

    /** What the runtime says about itself, for the Node's Ready condition and nodeInfo. */
    public interface RuntimeState {
        NodeStatus.Readiness readiness();

        String version();
    }

    private final ApiClient api;
    private final Clock clock;
    private final KubeletConfig config;
    private final CriRuntime runtime;
    private final RuntimeState runtimeState;
    private final NodeResources resources;
    private final NodeStatus.Info info;
    private final ProbeManager probes;
    private final EventRecorder events;
    private final Consumer<String> podCidrReady;
    private final ResourceClient nodes;
    private final NodeLease lease;
    private final SharedInformer podInformer;
    private final SharedInformer serviceInformer;
    private final HandlerRegistration podRegistration;
    private final WorkQueue<ObjectKey> queue;
    private final PodSync podSync;
    private final Controller<ObjectKey> controller;
    private final PodVolumes volumes;
    private final Cgroups cgroups = Cgroups.ofThisMachine();
    private final Map<String, ObjectKey> keyOfUid = new ConcurrentHashMap<>();
    private final Map<String, String> lastSeen = new HashMap<>();
    private volatile ObjectNode lastLease;
    private volatile Instant lastStatusReport = Instant.EPOCH;
    private volatile String nodeUid = "";
    private volatile String podCidr = "";
    private volatile boolean closed;
    private Thread heartbeat;
    private Thread pleg;

    /**
     * @param podCidrReady called with the node's podCIDR once the controller manager assigned it (the
     *                     node's network is set up from it)
     */
    public Kubelet(ApiClient api, Clock clock, KubeletConfig config, CriRuntime runtime, RuntimeState runtimeState,
                   NodeResources resources, NodeStatus.Info info, EventRecorder events,
                   Consumer<String> podCidrReady) throws IOException {
        this.api = api;
        this.clock = clock;
        this.config = config;
        this.runtime = runtime;
        this.runtimeState = runtimeState;
        this.resources = resources;
        this.info = info;
        this.events = events;
        this.podCidrReady = podCidrReady;
        this.nodes = api.resource(NODES);
        this.lease = new NodeLease(api, config.nodeLeaseDuration());
        this.podInformer = new SharedInformer(api.resource(PodSync.PODS), InformerOptions.ALL
                .withFieldSelector("spec.nodeName=" + config.nodeName())
                .withTransform(InformerOptions.STRIP_MANAGED_FIELDS), clock);
        this.serviceInformer = new SharedInformer(api.resource(SERVICES), InformerOptions.ALL
                .withTransform(InformerOptions.STRIP_MANAGED_FIELDS), clock);
        this.queue = WorkQueue.withDefaultRateLimiter(clock);
        this.probes = ProbeManager.overCri(runtime.client(), clock, events, info.kubeletVersion());
        // A probe result that flips changes what the pod's sync does (kill, readiness): sync it.
        probes.addListener((pod, container, type, result) -> queue.add(ObjectKey.of(pod)));
        ApiObjects objects = new ApiObjects(api);
        this.volumes = new PodVolumes(config, objects, new Mounter());
        String resolv = Files.isReadable(config.resolvConf()) ? Files.readString(config.resolvConf()) : "";
        DNSConfig hostResolv = SandboxConfigs.parseResolvConf(resolv);
        Supplier<JsonNode> allocatable = resources::allocatable;
        this.podSync = new PodSync(config, clock, api, podInformer.cache(), runtime, volumes, new EnvResolver(objects),
                probes, events, RestartBackoff.KUBELET, hostResolv, allocatable, this::serviceEnv,
                new Prober(new CriContainerExec(runtime.client()), info.kubeletVersion()));
        this.podRegistration = podInformer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode pod, boolean initialList) {
                keyOfUid.put(Meta.uid(pod), ObjectKey.of(pod));
                queue.add(ObjectKey.of(pod));
            }

            @Override
            public void onUpdate(ObjectNode oldPod, ObjectNode newPod) {
                queue.add(ObjectKey.of(newPod));
            }

            @Override
            public void onDelete(ObjectNode pod, boolean finalStateUnknown) {
                queue.add(ObjectKey.of(pod));
            }
        });
        HandlerRegistration services = serviceInformer.addEventHandler(ResourceEventHandler.onAnyChange(s -> { }));
        this.controller = new Controller<>("kubelet-pods", queue, podSync::reconcile, 4,
                List.of(podRegistration::hasSynced, services::hasSynced));
    }

    private Map<String, String> serviceEnv(String namespace) {
        List<ObjectNode> services = new ArrayList<>(serviceInformer.cache().list(namespace));
        serviceInformer.cache().get(new ObjectKey("default", "kubernetes")).ifPresent(services::add);
        return ServiceEnv.of(namespace, services);
    }

    /** Registers the node and starts syncing; returns at once. */
    public synchronized void start() {
        registerNode();
        podInformer.start();
        serviceInformer.start();
        controller.start();
        heartbeat = Thread.ofPlatform().name("kubelet-heartbeat").daemon().start(this::heartbeatLoop);
        pleg = Thread.ofPlatform().name("kubelet-pleg").daemon().start(this::relistLoop);
    }

    /** Creates the Node (or takes over an existing one), as upstream's registerWithAPIServer. */
    private void registerNode() {
        ObjectNode node = Json.object();
        node.put("apiVersion", "v1").put("kind", "Node");
        ObjectNode meta = node.putObject("metadata");
        meta.put("name", config.nodeName());
        ObjectNode labels = meta.putObject("labels");
        labels.put("beta.kubernetes.io/arch", "amd64");
        labels.put("beta.kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", "amd64");
        labels.put("kubernetes.io/hostname", config.nodeName());
        labels.put("kubernetes.io/os", "linux");
        node.putObject("spec");
        ObjectNode created;
        try {
            created = nodes.create("", node);
            events.record(nodeRef(created), EventRecorder.NORMAL, "Starting", "Starting kubelet.");
        } catch (StatusException e) {
            if (!e.isAlreadyExists()) {
                throw e;
            }
            created = nodes.get("", config.nodeName());
        }
        nodeUid = Meta.uid(created);
        notePodCidr(created);
        reportStatus(created, true);
    }

    private EventRecorder.ObjectRef nodeRef(JsonNode node) {
        return new EventRecorder.ObjectRef("v1", "Node", "", config.nodeName(), Meta.uid(node));
    }

    private void notePodCidr(JsonNode node) {
        String cidr = node.path("spec").path("podCIDR").asText("");
        if (!cidr.isEmpty() && !cidr.equals(podCidr)) {
            podCidr = cidr;
            podCidrReady.accept(cidr);
        }
    }

    private void heartbeatLoop() {
        while (!closed) {
            try {
                // Until the controller manager has assigned the pod CIDR, look often: the node waits for it to be Ready.
                Thread.sleep(podCidr.isEmpty() ? 100 : config.nodeStatusUpdateFrequency().toMillis());
                lastLease = lease.renew(lastLease, config.nodeName(), nodeUid, clock.now());
                ObjectNode node = nodes.get("", config.nodeName());
                notePodCidr(node);
                reportStatus(node, false);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warn("node heartbeat failed: {}", e.getMessage());
                }
            }
        }
    }

    private void reportStatus(JsonNode node, boolean force) {
        Instant now = clock.now();
        ObjectNode desired = NodeStatus.build(node.path("status"), resources.capacity(), resources.allocatable(),
                new NodeStatus.Endpoint(config.nodeIp(), config.nodeName(), config.kubeletPort()), withRuntime(info),
                readiness(), now);
        try {
            desired.set("images", runtime.nodeImages(MAX_NODE_IMAGES));
        } catch (CriException e) {
            // The runtime is down: the Ready condition says so; the last image list stays.
        }
        boolean due = !Duration.between(lastStatusReport, now).minus(STATUS_REPORT_FREQUENCY).isNegative();
        if (!force && !due && !NodeStatus.changed(node.path("status"), desired)) {
            return;
        }
        ObjectNode body = (ObjectNode) node.deepCopy();
        body.set("status", desired);
        try {
            nodes.subresource("status").update("", body);
            lastStatusReport = now;
        } catch (StatusException e) {
            if (!e.isConflict()) {
                throw e;
            }
        }
    }

    private NodeStatus.Info withRuntime(NodeStatus.Info i) {
        return new NodeStatus.Info(i.machineId(), i.systemUuid(), i.bootId(), i.kernelVersion(), i.osImage(),
                runtimeState.version(), i.kubeletVersion());
    }

    /** Ready once the runtime and its network are, and the node has its pod CIDR. */
    private NodeStatus.Readiness readiness() {
        NodeStatus.Readiness r = runtimeState.readiness();
        if (!r.ready()) {
            return r;
        }
        if (podCidr.isEmpty()) {
            return new NodeStatus.Readiness(false, "node has no pod CIDR yet");
        }
        return r;
    }

    /**
     * Relists the runtime every period: a pod whose sandboxes or containers changed state is synced
     * (upstream's PLEG); a pod the API no longer has is stopped and removed.
     */
    private void relistLoop() {
        while (!closed) {
            try {
                Thread.sleep(config.relistPeriod().toMillis());
                relist();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warn("relisting the runtime failed: {}", e.getMessage());
                }
            }
        }
    }

    private void relist() {
        Map<String, RuntimePod> all = runtime.pods();
        Map<String, String> seen = new HashMap<>();
        all.forEach((uid, pod) -> seen.put(uid, signature(pod)));
        for (Map.Entry<String, String> e : seen.entrySet()) {
            if (!e.getValue().equals(lastSeen.get(e.getKey()))) {
                ObjectKey key = keyOfUid.get(e.getKey());
                if (key != null) {
                    queue.add(key);
                }
            }
        }
        lastSeen.clear();
        lastSeen.putAll(seen);
        if (!podRegistration.hasSynced()) {
            return;
        }
        java.util.Set<String> known = new java.util.HashSet<>();
        podInformer.cache().list().forEach(p -> known.add(Meta.uid(p)));
        for (Map.Entry<String, RuntimePod> e : all.entrySet()) {
            if (!known.contains(e.getKey())) {
                removeOrphan(e.getKey(), e.getValue());
            }
        }
        keyOfUid.keySet().retainAll(known);
    }

    private static String signature(RuntimePod pod) {
        StringBuilder b = new StringBuilder();
        for (SandboxStatus s : pod.sandboxes()) {
            b.append(s.id()).append(s.ready()).append(';');
        }
        pod.containers().stream().map(c -> c.id() + c.state()).sorted().forEach(s -> b.append(s).append(';'));
        return b.toString();
    }

    /** Stops and removes what the runtime has of a pod the API does not know (any more). */
    private void removeOrphan(String uid, RuntimePod pod) {
        LOG.info("removing pod {} from the runtime: the API no longer has it", uid);
        try {
            for (ContainerRecord c : pod.containers()) {
                if (c.isRunning()) {
                    runtime.stopContainer(c.id(), 0);
                }
            }
            for (SandboxStatus s : pod.sandboxes()) {
                runtime.stopSandbox(s.id());
                runtime.removeSandbox(s.id());
            }
            volumes.tearDown(uid);
            cgroups.remove(SandboxConfigs.cgroupParent(config, uid));
            probes.forget(uid);
        } catch (CriException | IOException e) {
            LOG.warn("removing pod {} failed: {}", uid, e.getMessage());
        }
    }

    /** Stops every container and removes every sandbox and volume of this node's pods (the node is going away). */
    public void stopAllPods() {
        Map<String, RuntimePod> all = runtime.pods();
        all.forEach(this::removeOrphan);
        cgroups.remove(config.cgroupParent());
        String parent = config.cgroupParent().substring(0, Math.max(0, config.cgroupParent().lastIndexOf('/')));
        if (!parent.isEmpty()) {
            // The directory all nodes of this machine share goes once no node uses it.
            cgroups.remove(parent);
        }
    }

    /** Where the kubelet's log endpoint finds its pods' container logs. */
    public dev.tugboat.kubelet.server.ContainerLogs containerLogs() {
        return new PodContainerLogs(config, podInformer.cache(), runtime);
    }

    /** Where the kubelet's exec endpoint starts commands in its pods' containers. */
    public dev.tugboat.kubelet.server.ContainerExec containerExec() {
        return new PodContainerExec(podInformer.cache(), runtime);
    }

    /** The Node's name. */
    public String nodeName() {
        return config.nodeName();
    }

    /** Whether the node reports Ready (runtime, network and pod CIDR). */
    public boolean isReady() {
        return readiness().ready();
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Thread t : new Thread[] {heartbeat, pleg}) {
            if (t != null) {
                t.interrupt();
                try {
                    t.join(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        controller.close();
        probes.close();
        podInformer.close();
        serviceInformer.close();
    }

    /** ConfigMaps, Secrets and volumes' claims read straight from the API when a pod needs them. */
    private static final class ApiObjects implements PodVolumes.Objects {
        private final ResourceClient configMaps;
        private final ResourceClient secrets;
        private final ResourceClient claims;
        private final ResourceClient volumes;

        ApiObjects(ApiClient api) {
            this.configMaps = api.resource(CONFIGMAPS);
            this.secrets = api.resource(SECRETS);
            this.claims = api.resource(PVCS);
            this.volumes = api.resource(PVS);
        }

        private static Optional<JsonNode> get(ResourceClient c, String ns, String name) {
            try {
                return Optional.of(c.get(ns, name));
            } catch (StatusException e) {
                if (e.isNotFound()) {
                    return Optional.empty();
                }
                throw e;
            }
        }

        @Override
        public Optional<JsonNode> configMap(String namespace, String name) {
            return get(configMaps, namespace, name);
        }

        @Override
        public Optional<JsonNode> secret(String namespace, String name) {
            return get(secrets, namespace, name);
        }

        @Override
        public Optional<JsonNode> persistentVolumeClaim(String namespace, String name) {
            return get(claims, namespace, name);
        }

        @Override
        public Optional<JsonNode> persistentVolume(String name) {
            return get(volumes, "", name);
        }
    }
}
