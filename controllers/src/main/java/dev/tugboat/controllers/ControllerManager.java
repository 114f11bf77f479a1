package dev.tugboat.controllers;

import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.leaderelection.LeaderElectedRunner;
import dev.tugboat.client.leaderelection.LeaderElectionConfig;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.controllers.garbagecollector.GarbageCollector;
import dev.tugboat.controllers.garbagecollector.GarbageCollectorConfig;
import dev.tugboat.controllers.namespace.NamespaceController;
import dev.tugboat.controllers.namespace.NamespaceControllerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-controller-manager: the controllers Tugboat has, run as API clients of one server (in the
 * server's JVM or not: they only talk HTTP). With leader election several instances may run and
 * exactly one, the holder of the {@code kube-system/kube-controller-manager} Lease, runs the
 * controllers; another takes over when it dies. {@link #close()} stops them in reverse order of start.
 */
public final class ControllerManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerManager.class);
    static final String LEASE_NAMESPACE = "kube-system";
    static final String LEASE_NAME = "kube-controller-manager";

    private final AutoCloseable running;

    private ControllerManager(AutoCloseable running) {
        this.running = running;
    }

    /** Starts the controller manager against {@code api} (which it does not close). */
    public static ControllerManager start(ApiClient api, Clock clock, ControllerManagerConfig config) {
        if (!config.leaderElect()) {
            return new ControllerManager(startControllers(api, clock));
        }
        Duration lease = config.leaseDuration();
        LeaderElectionConfig election = new LeaderElectionConfig(LEASE_NAMESPACE, LEASE_NAME, config.identity(),
                lease, lease.multipliedBy(2).dividedBy(3), lease.dividedBy(7), true);
        LeaderElectedRunner runner = new LeaderElectedRunner(api, election, clock, () -> startControllers(api, clock));
        runner.start();
        return new ControllerManager(runner);
    }

    /** Starts every controller; the result stops them in reverse order. */
    private static AutoCloseable startControllers(ApiClient api, Clock clock) {
        List<AutoCloseable> started = new ArrayList<>();
        AutoCloseable stopAll = () -> {
            List<AutoCloseable> reversed = new ArrayList<>(started);
            Collections.reverse(reversed);
            for (AutoCloseable c : reversed) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("error while stopping {}", c, e);
                }
            }
        };
        try {
            GarbageCollector gc = new GarbageCollector(api, clock, GarbageCollectorConfig.defaults());
            started.add(gc);
            gc.start();
            NamespaceController namespaces = new NamespaceController(api, clock, NamespaceControllerConfig.defaults());
            started.add(namespaces);
            namespaces.start();
        } catch (RuntimeException e) {
            try {
                stopAll.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        LOG.info("controllers started: {}", started.size());
        return stopAll;
    }

    @Override
    public void close() {
        try {
            running.close();
        } catch (Exception e) {
            LOG.warn("error while stopping the controller manager", e);
        }
    }
}
