package dev.tugboat.e2e.fabric8;

import dev.tugboat.e2e.ServerProcess;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;

/** fabric8 clients configured from a server's kubeconfig, the way applications configure them. */
final class Clients {

    private Clients() {
    }

    /**
     * A client for {@code server} whose watches are plain HTTP streams. fabric8 7.4 first tries a
     * WebSocket upgrade for every watch; the server does not serve watches over WebSocket yet, and
     * the JDK client's handshake then waits forever on the HTTP stream it gets instead (see
     * {@link WebSocketWatchTest}). Watches reconnect after 200 ms instead of 1 s so reconnect
     * tests finish quickly; everything else is fabric8's default.
     */
    static KubernetesClient connect(ServerProcess server) throws IOException {
        Config config = config(server);
        config.setOnlyHttpWatches(true);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** A client with fabric8's default watch transport (WebSocket first). */
    static KubernetesClient connectWithDefaultWatches(ServerProcess server) throws IOException {
        return new KubernetesClientBuilder().withConfig(config(server)).build();
    }

    private static Config config(ServerProcess server) throws IOException {
        Config config = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
        config.setWatchReconnectInterval(200);
        return config;
    }

    static void createNamespace(KubernetesClient client, String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
    }
}
