package dev.tugboat.cli;

import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.clock.SystemClock;
import dev.tugboat.client.leaderelection.LeaderElectedRunner;
import dev.tugboat.client.leaderelection.LeaderElectionConfig;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ClientConfig;
import dev.tugboat.scheduler.Scheduler;
import dev.tugboat.scheduler.SchedulerConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tugboat scheduler}: one more scheduler for a running server, in the foreground until
 * SIGTERM/SIGINT. With leader election (the default) it stands by while another instance — such as
 * the one inside {@code tugboat server} — holds the kube-system/kube-scheduler Lease.
 */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
        description = "Run a scheduler against a running API server.")
final class SchedulerCommand implements Callable<Integer> {

    @Option(names = "--kubeconfig", description = "The server's kubeconfig (default: ${DEFAULT-VALUE}).",
            defaultValue = "${sys:user.home}/.tugboat/server/kubeconfig")
    Path kubeconfig;

    @Option(names = "--leader-elect", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Compete for the kube-system/kube-scheduler Lease (default: ${DEFAULT-VALUE}).")
    boolean leaderElect;

    @Override
    public Integer call() throws Exception {
        StopSignal stop = StopSignal.install();
        String server = Kubeconfig.readServer(kubeconfig);
        String identity = Identity.unique();
        Clock clock = SystemClock.INSTANCE;
        try (ApiClient api = ApiClient.create(ClientConfig.forUrl(server, "tugboat-scheduler/0"));
             AutoCloseable scheduler = start(api, clock, identity)) {
            System.err.println("tugboat: scheduler " + identity + " running against " + server);
            stop.await();
            System.err.println("tugboat: stopping");
        }
        return 0;
    }

    private AutoCloseable start(ApiClient api, Clock clock, String identity) {
        if (!leaderElect) {
            return startScheduler(api, clock);
        }
        LeaderElectedRunner runner = new LeaderElectedRunner(api,
                LeaderElectionConfig.defaults("kube-system", "kube-scheduler", identity), clock,
                () -> startScheduler(api, clock));
        runner.start();
        return runner;
    }

    /** A running scheduler. */
    static Scheduler startScheduler(ApiClient api, Clock clock) {
        Scheduler s = new Scheduler(api, clock, SchedulerConfig.defaults());
        s.start();
        return s;
    }
}
