package dev.tugboat.controllers;

import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ClientConfig;
import dev.tugboat.controllers.garbagecollector.GarbageCollector;
import dev.tugboat.controllers.garbagecollector.GarbageCollectorConfig;
import dev.tugboat.controllers.namespace.NamespaceController;
import dev.tugboat.controllers.namespace.NamespaceControllerConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controllers of kube-controller-manager that Tugboat has, run as API clients of one server (in the
 * server's JVM or not: they only talk HTTP). {@link #close()} stops them in reverse order of start.
 */
public final class ControllerManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerManager.class);

    private final ApiClient api;
    private final List<AutoCloseable> running = new ArrayList<>();

    private ControllerManager(ApiClient api) {
        this.api = api;
    }

    /** Starts the garbage collector and the namespace controller against the server at {@code serverUrl}. */
    public static ControllerManager start(String serverUrl) {
        ApiClient api = ApiClient.create(ClientConfig.forUrl(serverUrl, "tugboat-controller-manager/0"));
        ControllerManager m = new ControllerManager(api);
        try {
            Clock clock = SystemClock.INSTANCE;
            GarbageCollector gc = new GarbageCollector(api, clock, GarbageCollectorConfig.defaults());
            gc.start();
            m.running.add(gc);
            NamespaceController namespaces = new NamespaceController(api, clock, NamespaceControllerConfig.defaults());
            namespaces.start();
            m.running.add(namespaces);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        LOG.info("controller manager started: garbage collector, namespace controller");
        return m;
    }

    @Override
    public void close() {
        List<AutoCloseable> reversed = new ArrayList<>(running);
        Collections.reverse(reversed);
        for (AutoCloseable c : reversed) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}", c, e);
            }
        }
        running.clear();
        api.close();
    }
}
