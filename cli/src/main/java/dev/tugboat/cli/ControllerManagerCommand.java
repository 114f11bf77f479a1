package dev.tugboat.cli;

import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ClientConfig;
import dev.tugboat.controllers.ControllerManager;
import dev.tugboat.controllers.ControllerManagerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tugboat controller-manager}: one more controller manager for a running server, in the
 * foreground until SIGTERM/SIGINT. With leader election (the default) it stands by while another
 * instance — such as the one inside {@code tugboat server} — holds the lease, and takes over when that
 * one dies.
 */
@Command(name = "controller-manager", mixinStandardHelpOptions = true,
        description = "Run a controller manager against a running API server.")
final class ControllerManagerCommand implements Callable<Integer> {

    @Option(names = "--kubeconfig", description = "The server's kubeconfig (default: ${DEFAULT-VALUE}).",
            defaultValue = "${sys:user.home}/.tugboat/server/kubeconfig")
    Path kubeconfig;

    @Option(names = "--leader-elect", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Compete for the kube-system/kube-controller-manager Lease (default: ${DEFAULT-VALUE}).")
    boolean leaderElect;

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

    @Override
    public Integer call() throws Exception {
        StopSignal stop = StopSignal.install();
        String server = Kubeconfig.readServer(kubeconfig);
        String identity = Identity.unique();
        try (ApiClient api = ApiClient.create(ClientConfig.forUrl(server, "tugboat-controller-manager/0"));
             ControllerManager cm = ControllerManager.start(api, SystemClock.INSTANCE,
                     ControllerManagerConfig.defaults(identity).withLeaderElect(leaderElect)
                             .withClusterCidr(clusterCidr, nodeCidrMaskSize)
                             .withNodeMonitorGracePeriod(nodeMonitorGracePeriod)
                             .withHpaSyncPeriod(hpaSyncPeriod))) {
            System.err.println("tugboat: controller manager " + identity + " running against " + server);
            stop.await();
            System.err.println("tugboat: stopping");
        }
        return 0;
    }
}
