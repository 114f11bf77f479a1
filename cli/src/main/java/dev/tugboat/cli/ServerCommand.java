package dev.tugboat.cli;

import dev.tugboat.apiserver.ApiServer;
import dev.tugboat.apiserver.ApiServerConfig;
import dev.tugboat.apiserver.StandardComponents;
import dev.tugboat.controllers.ControllerManagerConfig;
import dev.tugboat.simnode.NodeCapacity;
import dev.tugboat.simnode.SimNodeConfig;
import dev.tugboat.store.Store;
import dev.tugboat.store.etcd.EtcdStore;
import dev.tugboat.store.sqlite.SqliteStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tugboat server}: runs the API server in the foreground until SIGTERM/SIGINT. The flags are a
 * stable contract (tests outside the project use them).
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the Kubernetes API server in the foreground.")
class ServerCommand implements Callable<Integer> {

    /** The datastores the server can use. */
    enum Datastore { sqlite, etcd }

    @Option(names = "--data-dir", description = "State directory (default: ${DEFAULT-VALUE}).",
            defaultValue = "${sys:user.home}/.tugboat/server")
    Path dataDir;

    @Option(names = "--port", description = "API port (default: ${DEFAULT-VALUE}; 0 picks a free port).",
            defaultValue = "6443")
    int port;

    @Option(names = "--bind-address", description = "Listen address (default: ${DEFAULT-VALUE}).",
            defaultValue = "127.0.0.1")
    String bindAddress;

    @Option(names = "--write-kubeconfig",
            description = "Write a kubeconfig here once the server is ready (default: <data-dir>/kubeconfig).")
    Path kubeconfig;

    @Option(names = "--datastore", description = "sqlite (embedded, default) or etcd.", defaultValue = "sqlite")
    Datastore datastore;

    @Option(names = "--etcd-endpoints", split = ",", description = "etcd client URLs, comma-separated.")
    List<String> etcdEndpoints;

    @Option(names = "--disable-controller-manager",
            description = "Do not run the controller manager in this process.")
    boolean disableControllerManager;

    @Option(names = "--disable-scheduler", description = "Do not run the scheduler in this process.")
    boolean disableScheduler;

    @Option(names = "--simulated-nodes", defaultValue = "0",
            description = "Run this many simulated nodes (KWOK-like, no containers) in this process.")
    int simulatedNodes;

    @Option(names = "--simulated-node-capacity", split = ",", mapFallbackValue = "",
            description = "Capacity of each simulated node, e.g. cpu=32,memory=256Gi,pods=110,ephemeral-storage=100Gi.")
    Map<String, String> simulatedNodeCapacity = new LinkedHashMap<>();

    @Option(names = "--cluster-cidr", defaultValue = "10.244.0.0/16",
            description = "The range node pod CIDRs are allocated from (default: ${DEFAULT-VALUE}).")
    String clusterCidr;

    @Option(names = "--node-cidr-mask-size", defaultValue = "24",
            description = "The prefix length of each node's pod CIDR (default: ${DEFAULT-VALUE}).")
    int nodeCidrMaskSize;

    @Option(names = "--node-monitor-grace-period", defaultValue = "40s", converter = GoDurationConverter.class,
            description = "How long a node may miss heartbeats before it is marked unhealthy (default: ${DEFAULT-VALUE}).")
    Duration nodeMonitorGracePeriod;

    @Option(names = "--horizontal-pod-autoscaler-sync-period", defaultValue = "15s",
            converter = GoDurationConverter.class,
            description = "How often each HorizontalPodAutoscaler is reconciled (default: ${DEFAULT-VALUE}).")
    Duration hpaSyncPeriod;

    @Option(names = "--default-not-ready-toleration-seconds", defaultValue = "300",
            description = "tolerationSeconds new pods get for the not-ready NoExecute taint (default: ${DEFAULT-VALUE}).")
    long notReadyTolerationSeconds;

    @Option(names = "--default-unreachable-toleration-seconds", defaultValue = "300",
            description = "tolerationSeconds new pods get for the unreachable NoExecute taint (default: ${DEFAULT-VALUE}).")
    long unreachableTolerationSeconds;

    @Option(names = "--metric-resolution", defaultValue = "15s", converter = GoDurationConverter.class,
            description = "How often nodes' resource metrics are scraped for the metrics.k8s.io API (kubectl top, "
                    + "the HPA), as metrics-server's flag; 0 serves no metrics API (default: ${DEFAULT-VALUE}).")
    Duration metricResolution;

    @Override
    public Integer call() throws Exception {
        prepare();
        SimNodeConfig simNodes = simulatedNodesConfig();
        Files.createDirectories(dataDir);
        Store store = openStore();
        ApiServer server;
        try {
            server = ApiServer.start(ApiServerConfig.defaults().withPort(port).withBindAddress(bindAddress)
                            .withMetricResolution(metricResolution), store,
                    StandardComponents.create(StandardComponents.Options.DEFAULT
                            .withTolerationSeconds(notReadyTolerationSeconds, unreachableTolerationSeconds)));
        } catch (Exception e) {
            store.close();
            throw e;
        }
        StopSignal stopSignal = StopSignal.install();
        AtomicReference<InProcessComponents> components = new AtomicReference<>();
        AtomicReference<AutoCloseable> node = new AtomicReference<>();
        Thread hook = new Thread(() -> stop(node.get(), components.get(), server, store), "tugboat-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Path config = kubeconfig != null ? kubeconfig : dataDir.resolve("kubeconfig");
        try {
            if (!runsNode()) {
                // The kubeconfig marks readiness (/readyz is ok now); the components start after it, so
                // their discovery and initial lists do not delay the API.
                Kubeconfig.write(config, server.url());
                System.err.println("tugboat: API server ready at " + server.url() + "\n"
                        + "tugboat: use it with: export KUBECONFIG=" + config.toAbsolutePath() + "; kubectl get all -A");
            }
            components.set(InProcessComponents.start(server.url(),
                    new InProcessComponents.Options(!disableControllerManager, controllerManagerConfig(),
                            !disableScheduler, simNodes)));
            if (runsNode()) {
                // With a node, the kubeconfig marks a cluster that accepts pods: written once it is Ready.
                node.set(startNode(server.url()));
                Kubeconfig.write(config, server.url());
                System.err.println(readyMessage(server.url(), config));
            }
        } catch (Exception e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            stop(node.get(), components.get(), server, store);
            throw e;
        }
        stopSignal.await();
        System.err.println("tugboat: stopping");
        Runtime.getRuntime().removeShutdownHook(hook);
        stop(node.get(), components.get(), server, store);
        return 0;
    }

    /** Work to start before the control plane (in the background), for the node to use later. */
    void prepare() {
    }

    /** Whether this command runs a node beside the control plane ({@code up}). */
    boolean runsNode() {
        return false;
    }

    /** Starts the node and returns once it is Ready; closing the result stops it and removes what it set up. */
    AutoCloseable startNode(String serverUrl) throws Exception {
        throw new UnsupportedOperationException("no node in this command");
    }

    /** What to tell the user once the cluster is ready. */
    String readyMessage(String serverUrl, Path config) {
        return "tugboat: API server ready at " + serverUrl;
    }

    private static void stop(AutoCloseable node, InProcessComponents components, ApiServer server, Store store) {
        if (node != null) {
            try {
                node.close();
            } catch (Exception e) {
                System.err.println("tugboat: stopping the node failed: " + e.getMessage());
            }
        }
        if (components != null) {
            components.close();
        }
        server.close();
        store.close();
    }

    private ControllerManagerConfig controllerManagerConfig() {
        return ControllerManagerConfig.defaults(Identity.unique()).withClusterCidr(clusterCidr, nodeCidrMaskSize)
                .withNodeMonitorGracePeriod(nodeMonitorGracePeriod).withHpaSyncPeriod(hpaSyncPeriod);
    }

    private SimNodeConfig simulatedNodesConfig() {
        NodeCapacity d = NodeCapacity.DEFAULT;
        Map<String, String> c = new LinkedHashMap<>(simulatedNodeCapacity);
        NodeCapacity capacity = new NodeCapacity(c.getOrDefault("cpu", d.cpu()), c.getOrDefault("memory", d.memory()),
                c.getOrDefault("pods", d.pods()), c.getOrDefault("ephemeral-storage", d.ephemeralStorage()));
        c.keySet().removeAll(java.util.Set.of("cpu", "memory", "pods", "ephemeral-storage"));
        if (!c.isEmpty()) {
            throw new IllegalArgumentException("--simulated-node-capacity: unknown resources " + c.keySet()
                    + " (known: cpu, memory, pods, ephemeral-storage)");
        }
        return SimNodeConfig.withNodes(simulatedNodes).withCapacity(capacity);
    }

    private Store openStore() {
        return switch (datastore) {
            case sqlite -> new SqliteStore(dataDir.resolve("state.db"));
            case etcd -> {
                if (etcdEndpoints == null || etcdEndpoints.isEmpty()) {
                    throw new IllegalArgumentException("--datastore etcd needs --etcd-endpoints");
                }
                yield new EtcdStore(etcdEndpoints.stream().map(String::trim).map(URI::create).toList());
            }
        };
    }
}
