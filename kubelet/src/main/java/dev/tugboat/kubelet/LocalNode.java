package dev.tugboat.kubelet;

import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.events.ApiEventRecorder;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.kubelet.config.KubeletConfig;
import dev.tugboat.kubelet.containerd.Containerd;
import dev.tugboat.kubelet.containerd.ContainerdConfig;
import dev.tugboat.kubelet.containerd.RegistryHosts;
import dev.tugboat.kubelet.cri.CriRuntime;
import dev.tugboat.kubelet.images.OfflineImages;
import dev.tugboat.kubelet.images.RegistryMirror;
import dev.tugboat.kubelet.metrics.NodeResourceMetrics;
import dev.tugboat.kubelet.network.BridgeNetwork;
import dev.tugboat.kubelet.network.HostRoutes;
import dev.tugboat.kubelet.node.HostFacts;
import dev.tugboat.kubelet.node.NodeResources;
import dev.tugboat.kubelet.node.NodeStatus;
import dev.tugboat.kubelet.server.KubeletServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real node on this machine, which is the node (as with k3s): its own containerd with the offline
 * images imported and served as a loopback registry mirror, the single-node bridge network from the node's podCIDR, safety routes
 * for the cluster and service ranges, and the kubelet. {@link #close()} stops every pod of the node
 * and removes what was set up, in reverse order.
 */
public final class LocalNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalNode.class);
    public static final String SANDBOX_IMAGE = "registry.k8s.io/pause:3.9";

    /**
     * @param dataDir       the node's state (containerd, images, volumes, logs)
     * @param clusterCidr   pod addresses outside this node's /24 are unreachable from here
     * @param serviceCidr   the Service range, unreachable until kube-proxy programs it
     * @param kubeletVersion what the node reports as its kubelet version (the API server's)
     * @param images        the offline image archives, being built (see {@link #buildImages})
     */
    public record Options(String nodeName, String nodeIp, Path dataDir, String clusterCidr, String serviceCidr,
                          String kubeletVersion, CompletableFuture<List<Path>> images) {
    }

    /**
     * Starts building (or checking) the node's offline images under {@code dataDir} in the background,
     * so that a caller can overlap it with starting the control plane.
     */
    public static CompletableFuture<List<Path>> buildImages(Path dataDir) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new OfflineImages(dataDir.toAbsolutePath().resolve("images")).buildAll();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Thread.ofPlatform().name("offline-images").daemon()::start);
    }

    private final List<AutoCloseable> started = new ArrayList<>();
    private Kubelet kubelet;

    private LocalNode() {
    }

    /** Sets the node up and returns once it is Ready (or fails after {@code readyTimeout}). */
    public static LocalNode start(ApiClient api, Clock clock, Options o, Duration readyTimeout)
            throws IOException, InterruptedException {
        LocalNode n = new LocalNode();
        try {
            n.startAll(api, clock, o, readyTimeout);
            return n;
        } catch (IOException | InterruptedException | RuntimeException e) {
            n.close();
            throw e;
        }
    }

    private void startAll(ApiClient api, Clock clock, Options o, Duration readyTimeout)
            throws IOException, InterruptedException {
        Path dir = o.dataDir().toAbsolutePath();
        Instant t0 = clock.now();
        List<Path> images;
        try {
            images = o.images().join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
        }
        // The node's images are also served as a registry mirror on loopback (as k3s's embedded mirror),
        // so that pulls (imagePullPolicy Always, e.g. nginx:latest) find them without a registry.
        RegistryMirror mirror = RegistryMirror.start(images);
        started.add(mirror);
        Path hostsDir = new RegistryHosts(mirror.registries(), mirror.endpoint())
                .writeTo(dir.resolve("containerd").resolve("certs.d"));
        Path cniConf = dir.resolve("cni").resolve("net.d");
        ContainerdConfig cc = ContainerdConfig.under(dir.resolve("containerd"), SANDBOX_IMAGE, cniConf)
                .withRegistryConfigDir(hostsDir);
        Containerd containerd;
        Path pidFile = dir.resolve("containerd").resolve("containerd.pid");
        if (Containerd.listening(cc.socket())) {
            // The containerd this node started before it was killed still runs its pods: adopt it, as a
            // restarted kubelet does, and stop it (by the PID it recorded) when the node goes away.
            containerd = Containerd.existing(cc.socket(), Duration.ofSeconds(30));
            Containerd adopted = containerd;
            started.add(() -> {
                adopted.close();
                stopRecorded(pidFile);
            });
        } else {
            containerd = Containerd.start(cc, dir.resolve("containerd"), Optional.empty(), Duration.ofSeconds(30));
            java.nio.file.Files.writeString(pidFile, Long.toString(containerd.pid().orElseThrow()));
            started.add(containerd::close);
        }
        for (Path image : images) {
            containerd.importImage(image);
        }
        HostRoutes routes = HostRoutes.unreachable(List.of(o.clusterCidr(), o.serviceCidr()));
        started.add(routes);
        started.add(() -> BridgeNetwork.removeBridge());
        KubeletConfig config = KubeletConfig.defaults(o.nodeName(), dir.resolve("kubelet"), o.nodeIp());
        HostFacts host = HostFacts.ofThisMachine(dir);
        CriRuntime runtime = new CriRuntime(containerd.cri(), o.nodeName());
        ApiEventRecorder events = new ApiEventRecorder(api, clock, "kubelet", o.nodeName());
        started.add(events);
        String runtimeVersion = containerd.version().getRuntimeName() + "://" + containerd.version().getRuntimeVersion();
        Kubelet.RuntimeState state = new Kubelet.RuntimeState() {
            @Override
            public NodeStatus.Readiness readiness() {
                Containerd.Readiness r = containerd.readiness();
                if (!r.runtimeReady()) {
                    return new NodeStatus.Readiness(false, "container runtime is down: " + r.runtimeMessage());
                }
                if (!r.networkReady()) {
                    return new NodeStatus.Readiness(false, "container runtime network not ready: NetworkReady=false "
                            + r.networkMessage());
                }
                return NodeStatus.Readiness.READY;
            }

            @Override
            public String version() {
                return runtimeVersion;
            }
        };
        NodeStatus.Info info = new NodeStatus.Info(host.machineId(), host.systemUuid(), host.bootId(),
                host.kernelVersion(), host.osImage(), runtimeVersion, o.kubeletVersion());
        kubelet = new Kubelet(api, clock, config, runtime, state, NodeResources.of(host, config.maxPods()), info,
                events, cidr -> {
                    try {
                        BridgeNetwork.write(cniConf, cidr, dir.resolve("cni").resolve("ipam"));
                        LOG.info("node {}: pod network {} on bridge {}", o.nodeName(), cidr, BridgeNetwork.BRIDGE);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        started.add(() -> {
            // The kubelet's loops stop first, so that nothing starts a pod while the node's pods go.
            kubelet.close();
            kubelet.stopAllPods();
        });
        NodeResourceMetrics metrics = new NodeResourceMetrics(containerd.cri(), o.nodeName(), Path.of("/proc"),
                java.time.Clock.systemUTC());
        KubeletServer server = new KubeletServer(kubelet.containerLogs(), kubelet.containerExec(),
                java.time.Clock.systemUTC(), Duration.ofMillis(200), KubeletServer.ConnectionSecurity.PLAIN)
                .withResourceMetrics(metrics::render);
        server.start(o.nodeIp(), config.kubeletPort());
        started.add(server);
        kubelet.start();
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        while (!kubelet.isReady()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("node " + o.nodeName() + " did not become Ready within " + readyTimeout);
            }
            Thread.sleep(20);
        }
        LOG.info("node {} ready in {} ms", o.nodeName(), java.time.Duration.between(t0, clock.now()).toMillis());
    }

    /** Stops the containerd whose PID a previous run of this node recorded, if it is still that process. */
    private static void stopRecorded(Path pidFile) throws Exception {
        if (!java.nio.file.Files.exists(pidFile)) {
            return;
        }
        long pid = Long.parseLong(java.nio.file.Files.readString(pidFile).strip());
        Optional<ProcessHandle> p = ProcessHandle.of(pid)
                .filter(h -> h.info().command().map(c -> c.endsWith("containerd")).orElse(false));
        if (p.isPresent()) {
            p.get().destroy();
            p.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        List<AutoCloseable> reversed = new ArrayList<>(started);
        Collections.reverse(reversed);
        for (AutoCloseable c : reversed) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", c, e.getMessage());
            }
        }
        started.clear();
    }
}
