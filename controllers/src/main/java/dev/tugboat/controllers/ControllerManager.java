package dev.tugboat.controllers;

import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.informer.InformerFactory;
import dev.tugboat.client.leaderelection.LeaderElectedRunner;
import dev.tugboat.client.leaderelection.LeaderElectionConfig;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.controllers.cronjob.CronJobController;
import dev.tugboat.controllers.cronjob.CronJobControllerConfig;
import dev.tugboat.controllers.daemonset.DaemonSetController;
import dev.tugboat.controllers.daemonset.DaemonSetControllerConfig;
import dev.tugboat.controllers.deployment.DeploymentController;
import dev.tugboat.controllers.deployment.DeploymentControllerConfig;
import dev.tugboat.controllers.disruption.DisruptionConfig;
import dev.tugboat.controllers.disruption.DisruptionController;
import dev.tugboat.controllers.endpoints.EndpointsController;
import dev.tugboat.controllers.endpoints.EndpointsControllerConfig;
import dev.tugboat.controllers.endpointslice.EndpointSliceController;
import dev.tugboat.controllers.endpointslice.EndpointSliceControllerConfig;
import dev.tugboat.controllers.garbagecollector.GarbageCollector;
import dev.tugboat.controllers.garbagecollector.GarbageCollectorConfig;
import dev.tugboat.controllers.namespace.NamespaceController;
import dev.tugboat.controllers.job.JobController;
import dev.tugboat.controllers.job.JobControllerConfig;
import dev.tugboat.controllers.job.TtlAfterFinishedConfig;
import dev.tugboat.controllers.job.TtlAfterFinishedController;
import dev.tugboat.controllers.localpath.LocalPathProvisioner;
import dev.tugboat.controllers.localpath.LocalPathProvisionerConfig;
import dev.tugboat.controllers.namespace.NamespaceControllerConfig;
import dev.tugboat.controllers.nodeipam.NodeIpamConfig;
import dev.tugboat.controllers.nodeipam.NodeIpamController;
import dev.tugboat.controllers.nodelifecycle.NodeLifecycleConfig;
import dev.tugboat.controllers.nodelifecycle.NodeLifecycleController;
import dev.tugboat.controllers.nodelifecycle.TaintEvictionConfig;
import dev.tugboat.controllers.nodelifecycle.TaintEvictionController;
import dev.tugboat.controllers.podautoscaler.ApiResourceMetricsClient;
import dev.tugboat.controllers.podautoscaler.HorizontalPodAutoscalerConfig;
import dev.tugboat.controllers.podautoscaler.HorizontalPodAutoscalerController;
import dev.tugboat.controllers.replicaset.ReplicaSetController;
import dev.tugboat.controllers.replicaset.ReplicaSetControllerConfig;
import dev.tugboat.controllers.resourcequota.ResourceQuotaController;
import dev.tugboat.controllers.resourcequota.ResourceQuotaControllerConfig;
import dev.tugboat.controllers.serviceaccount.ServiceAccountController;
import dev.tugboat.controllers.serviceaccount.ServiceAccountControllerConfig;
import dev.tugboat.controllers.statefulset.StatefulSetController;
import dev.tugboat.controllers.statefulset.StatefulSetControllerConfig;
import dev.tugboat.controllers.volume.PersistentVolumeController;
import dev.tugboat.controllers.volume.PersistentVolumeControllerConfig;
import dev.tugboat.controllers.volume.protection.ProtectionControllerConfig;
import dev.tugboat.controllers.volume.protection.PvProtectionController;
import dev.tugboat.controllers.volume.protection.PvcProtectionController;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
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
            return new ControllerManager(startControllers(api, clock, config));
        }
        Duration lease = config.leaseDuration();
        LeaderElectionConfig election = new LeaderElectionConfig(LEASE_NAMESPACE, LEASE_NAME, config.identity(),
                lease, lease.multipliedBy(2).dividedBy(3), lease.dividedBy(7), true);
        LeaderElectedRunner runner = new LeaderElectedRunner(api, election, clock, () -> startControllers(api, clock, config));
        runner.start();
        return new ControllerManager(runner);
    }

    /** Starts every controller; the result stops them in reverse order. */
    private static AutoCloseable startControllers(ApiClient api, Clock clock, ControllerManagerConfig config) {
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
            // One shared cache per resource for every controller (kube-controller-manager's one
            // SharedInformerFactory): the controllers register their handlers and indexes while they are
            // constructed, then the factory starts, then the controllers. The factory stops after them.
            InformerFactory informers = new InformerFactory(api, clock);
            started.add(informers);
            List<Runnable> starts = new ArrayList<>();
            add(started, starts, new ReplicaSetController(api, informers, clock,
                    ReplicaSetControllerConfig.replicaSets()), ReplicaSetController::start);
            add(started, starts, new ReplicaSetController(api, informers, clock,
                    ReplicaSetControllerConfig.replicationControllers()), ReplicaSetController::start);
            add(started, starts, new DeploymentController(api, informers, clock,
                    DeploymentControllerConfig.defaults()), DeploymentController::start);
            add(started, starts, new DaemonSetController(api, clock, DaemonSetControllerConfig.defaults(), informers),
                    DaemonSetController::start);
            add(started, starts, new StatefulSetController(api, clock, StatefulSetControllerConfig.defaults(),
                    informers), StatefulSetController::start);
            add(started, starts, new JobController(api, clock, JobControllerConfig.defaults(), informers),
                    JobController::start);
            add(started, starts, new TtlAfterFinishedController(api, clock, TtlAfterFinishedConfig.defaults(),
                    informers), TtlAfterFinishedController::start);
            add(started, starts, new CronJobController(api, clock, CronJobControllerConfig.defaults(), informers),
                    CronJobController::start);
            add(started, starts, new NodeIpamController(api, clock, NodeIpamConfig.defaults()
                    .withClusterCidrs(List.of(config.clusterCidr())).withNodeMaskSizeIPv4(config.nodeCidrMaskSize()),
                    informers), NodeIpamController::start);
            add(started, starts, new NodeLifecycleController(api, clock, NodeLifecycleConfig.defaults()
                    .withNodeMonitorGracePeriod(config.nodeMonitorGracePeriod()), informers),
                    NodeLifecycleController::start);
            add(started, starts, new TaintEvictionController(api, clock, TaintEvictionConfig.defaults(), informers),
                    TaintEvictionController::start);
            add(started, starts, new DisruptionController(api, clock, DisruptionConfig.defaults(), informers),
                    DisruptionController::start);
            add(started, starts, new HorizontalPodAutoscalerController(api, clock, HorizontalPodAutoscalerConfig
                    .defaults().withSyncPeriod(config.hpaSyncPeriod()), new ApiResourceMetricsClient(api), informers),
                    HorizontalPodAutoscalerController::start);
            add(started, starts, new NamespaceController(api, clock, NamespaceControllerConfig.defaults(),
                    informers), NamespaceController::start);
            add(started, starts, new ServiceAccountController(api, clock, ServiceAccountControllerConfig.defaults(),
                    informers), ServiceAccountController::start);
            add(started, starts, new EndpointsController(api, clock, EndpointsControllerConfig.defaults(),
                    informers), EndpointsController::start);
            add(started, starts, new EndpointSliceController(api, clock, EndpointSliceControllerConfig.defaults(),
                    informers), EndpointSliceController::start);
            add(started, starts, new ResourceQuotaController(api, clock, ResourceQuotaControllerConfig.defaults(),
                    informers), ResourceQuotaController::start);
            add(started, starts, new PersistentVolumeController(api, clock,
                    PersistentVolumeControllerConfig.defaults(), informers), PersistentVolumeController::start);
            add(started, starts, new PvcProtectionController(api, clock, ProtectionControllerConfig.defaults(),
                    informers), PvcProtectionController::start);
            add(started, starts, new PvProtectionController(api, clock, ProtectionControllerConfig.defaults(),
                    informers), PvProtectionController::start);
            add(started, starts, new LocalPathProvisioner(api, clock, LocalPathProvisionerConfig.defaults(),
                    informers), LocalPathProvisioner::start);
            // Last: it reuses the informers the others asked for (pods, nodes, ...) and watches only the
            // metadata of the remaining resources itself.
            add(started, starts, new GarbageCollector(api, clock, GarbageCollectorConfig.defaults(), informers),
                    GarbageCollector::start);
            informers.start();
            starts.forEach(Runnable::run);
            LOG.info("controllers started: {}; shared informers: {}", starts.size(), informers.informerNames());
        } catch (RuntimeException e) {
            try {
                stopAll.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return stopAll;
    }

    /** Registers {@code controller} for stopping and its start for after the shared informers start. */
    private static <T extends AutoCloseable> void add(List<AutoCloseable> started, List<Runnable> starts,
                                                      T controller, Consumer<T> start) {
        started.add(controller);
        starts.add(() -> start.accept(controller));
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
