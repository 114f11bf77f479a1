package dev.tugboat.cli;

import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.leaderelection.LeaderElectedRunner;
import dev.tugboat.client.leaderelection.LeaderElectionConfig;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ClientConfig;
import dev.tugboat.controllers.ControllerManager;
import dev.tugboat.controllers.ControllerManagerConfig;
import dev.tugboat.simnode.SimNodeConfig;
import dev.tugboat.simnode.SimulatedNodes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The components {@code tugboat server} runs in its own JVM (as k3s does): each an API client of the
 * server's own URL with its own connection pool, started after the API is ready, and stopped in
 * reverse order before the server.
 */
final class InProcessComponents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessComponents.class);

    /**
     * Which components to run.
     *
     * @param controllerManager       whether to run a (leader-elected) controller manager
     * @param controllerManagerConfig its configuration
     * @param scheduler               whether to run a (leader-elected) scheduler
     * @param simulatedNodes          the simulated nodes' configuration (a node count of 0 runs none)
     */
    record Options(boolean controllerManager, ControllerManagerConfig controllerManagerConfig, boolean scheduler,
                   SimNodeConfig simulatedNodes) {
    }

    private final List<AutoCloseable> running = new ArrayList<>();

    private InProcessComponents() {
    }

    static InProcessComponents start(String serverUrl, Options options) {
        InProcessComponents c = new InProcessComponents();
        Clock clock = SystemClock.INSTANCE;
        try {
            if (options.controllerManager()) {
                ApiClient api = c.client(serverUrl, "tugboat-controller-manager/0");
                c.running.add(ControllerManager.start(api, clock, options.controllerManagerConfig()));
            }
            if (options.scheduler()) {
                ApiClient api = c.client(serverUrl, "tugboat-scheduler/0");
                LeaderElectedRunner scheduler = new LeaderElectedRunner(api,
                        LeaderElectionConfig.defaults("kube-system", "kube-scheduler", Identity.unique()), clock,
                        () -> SchedulerCommand.startScheduler(api, clock));
                c.running.add(scheduler);
                scheduler.start();
            }
            if (options.simulatedNodes().nodeCount() > 0) {
                // Simulated kubelets are not leader-elected: each node is its own agent.
                ApiClient api = c.client(serverUrl, "tugboat-simnode/0");
                SimulatedNodes nodes = new SimulatedNodes(api, clock, options.simulatedNodes());
                c.running.add(nodes);
                nodes.start();
            }
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private ApiClient client(String serverUrl, String userAgent) {
        ApiClient api = ApiClient.create(ClientConfig.forUrl(serverUrl, userAgent));
        running.add(api);
        return api;
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
    }
}
