package dev.tugboat.cli;

import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ClientConfig;
import dev.tugboat.kubelet.LocalNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tugboat up}: the control plane of {@code server} plus one real node on this machine (as
 * k3s's server): containerd with the offline images, a bridge pod network and the kubelet. It writes
 * the kubeconfig once the node is Ready and, on SIGTERM, stops the node's pods and removes what it set
 * up. The flags shared with {@code server} are the same stable contract.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run a single-node cluster (control plane and a real node) in the foreground.")
final class UpCommand extends ServerCommand {

    @Option(names = "--node-name", description = "The node's name (default: this machine's hostname).")
    String nodeName;

    @Option(names = "--node-ip", description = "The node's InternalIP (default: this machine's first IPv4 address).")
    String nodeIp;

    @Option(names = "--service-cidr", defaultValue = "10.96.0.0/12",
            description = "The Service range (default: ${DEFAULT-VALUE}).")
    String serviceCidr;

    /** The node's offline images, built while the control plane starts. */
    private CompletableFuture<List<Path>> images;

    @Override
    boolean runsNode() {
        return true;
    }

    @Override
    void prepare() {
        images = LocalNode.buildImages(dataDir.resolve("node"));
    }

    @Override
    AutoCloseable startNode(String serverUrl) throws Exception {
        ApiClient api = ApiClient.create(ClientConfig.forUrl(serverUrl, "kubelet/" + nodeName()));
        try {
            String version = api.get("/version", "application/json").path("gitVersion").asText("v0.0.0");
            System.err.println("tugboat: starting node " + nodeName() + " (" + nodeIp() + ")");
            LocalNode node = LocalNode.start(api, SystemClock.INSTANCE, new LocalNode.Options(nodeName(), nodeIp(),
                    dataDir.resolve("node"), clusterCidr, serviceCidr, version, images),
                    Duration.ofMinutes(2));
            return () -> {
                System.err.println("tugboat: stopping node " + nodeName());
                node.close();
                api.close();
            };
        } catch (Exception e) {
            api.close();
            throw e;
        }
    }

    @Override
    String readyMessage(String serverUrl, Path config) {
        return "tugboat: cluster ready: API server at " + serverUrl + ", node " + nodeName() + " Ready\n"
                + "tugboat: use it with: export KUBECONFIG=" + config.toAbsolutePath() + "\n"
                + "tugboat: then try:    kubectl create deployment nginx --image=nginx && kubectl get pods -o wide";
    }

    private String nodeName() {
        if (nodeName == null) {
            nodeName = NodeDefaults.hostname();
        }
        return nodeName;
    }

    private String nodeIp() {
        if (nodeIp == null) {
            nodeIp = NodeDefaults.firstIpv4();
        }
        return nodeIp;
    }
}
