package dev.tugboat.cli;

import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ClientConfig;
import dev.tugboat.client.rest.Credentials;
import dev.tugboat.kubelet.LocalNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tugboat agent}: this machine joins a running control plane as a node (k3s's agent): the node
 * part of {@code up} — containerd with the offline images, the bridge network, the kubelet — against
 * the server at {@code --server}. Runs in the foreground; SIGTERM stops the node's pods and removes
 * what it set up.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Join this machine to a running control plane as a node, in the foreground.")
final class AgentCommand implements Callable<Integer> {

    @Option(names = "--server", required = true, description = "The API server's URL, e.g. http://10.0.0.1:6443.")
    String server;

    @Option(names = "--token", description = "A bearer token for the API server (sent as Authorization: Bearer).")
    String token;

    @Option(names = "--data-dir", defaultValue = "${sys:user.home}/.tugboat/agent",
            description = "The node's state directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--node-name", description = "The node's name (default: this machine's hostname).")
    String nodeName;

    @Option(names = "--node-ip", description = "The node's InternalIP (default: this machine's first IPv4 address).")
    String nodeIp;

    @Option(names = "--cluster-cidr", defaultValue = "10.244.0.0/16",
            description = "The cluster's pod range (default: ${DEFAULT-VALUE}).")
    String clusterCidr;

    @Option(names = "--service-cidr", defaultValue = "10.96.0.0/12",
            description = "The Service range (default: ${DEFAULT-VALUE}).")
    String serviceCidr;

    @Override
    public Integer call() throws Exception {
        StopSignal stop = StopSignal.install();
        String name = nodeName != null ? nodeName : NodeDefaults.hostname();
        String ip = nodeIp != null ? nodeIp : NodeDefaults.firstIpv4();
        ClientConfig config = ClientConfig.forUrl(server, "kubelet/" + name);
        if (token != null && !token.isEmpty()) {
            config = config.withCredentials(Credentials.bearer(token));
        }
        try (ApiClient api = ApiClient.create(config)) {
            String version = api.get("/version", "application/json").path("gitVersion").asText("v0.0.0");
            System.err.println("tugboat: joining " + server + " as node " + name + " (" + ip + ")");
            try (LocalNode node = LocalNode.start(api, SystemClock.INSTANCE, new LocalNode.Options(name, ip,
                    dataDir.toAbsolutePath(), clusterCidr, serviceCidr, version,
                    LocalNode.buildImages(dataDir.toAbsolutePath())), Duration.ofMinutes(2))) {
                System.err.println("tugboat: node " + name + " Ready");
                stop.await();
                System.err.println("tugboat: stopping node " + name);
            }
        }
        return 0;
    }
}
