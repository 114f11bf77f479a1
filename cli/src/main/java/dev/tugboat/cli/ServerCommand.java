package dev.tugboat.cli;

import dev.tugboat.apiserver.ApiServer;
import dev.tugboat.apiserver.ApiServerConfig;
import dev.tugboat.apiserver.StandardComponents;
import dev.tugboat.controllers.ControllerManager;
import dev.tugboat.store.Store;
import dev.tugboat.store.etcd.EtcdStore;
import dev.tugboat.store.sqlite.SqliteStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tugboat server}: runs the API server in the foreground until SIGTERM/SIGINT. The flags are a
 * stable contract (tests outside the project use them).
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the Kubernetes API server in the foreground.")
final class ServerCommand implements Callable<Integer> {

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

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dataDir);
        Store store = openStore();
        ApiServer server;
        try {
            server = ApiServer.start(ApiServerConfig.defaults().withPort(port).withBindAddress(bindAddress), store,
                    StandardComponents.create());
        } catch (Exception e) {
            store.close();
            throw e;
        }
        // SIGTERM/SIGINT stop the server in order and exit 0 (a JVM ended by a signal would exit 143);
        // the shutdown hook covers other exits. sun.misc.Signal is the JDK's supported way to do this.
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String sig : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> stopRequested.countDown());
        }
        AtomicReference<ControllerManager> controllers = new AtomicReference<>();
        Thread hook = new Thread(() -> stop(controllers.get(), server, store), "tugboat-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // The kubeconfig marks readiness (/readyz is ok now); the controllers start after it, so their
        // discovery and initial lists do not delay the API.
        Path config = kubeconfig != null ? kubeconfig : dataDir.resolve("kubeconfig");
        Kubeconfig.write(config, server.url());
        System.err.println("tugboat: API server ready at " + server.url() + "\n"
                + "tugboat: use it with: export KUBECONFIG=" + config.toAbsolutePath() + "; kubectl get all -A");
        // The controllers run in this JVM as API clients of the server's own URL (as k3s runs its
        // controller manager in-process); they stop before the server.
        try {
            controllers.set(ControllerManager.start(server.url()));
        } catch (RuntimeException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            stop(null, server, store);
            throw e;
        }
        stopRequested.await();
        System.err.println("tugboat: stopping");
        Runtime.getRuntime().removeShutdownHook(hook);
        stop(controllers.get(), server, store);
        return 0;
    }

    private static void stop(ControllerManager controllers, ApiServer server, Store store) {
        if (controllers != null) {
            controllers.close();
        }
        server.close();
        store.close();
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
