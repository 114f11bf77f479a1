package dev.tugboat.client.leaderelection;

import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.rest.ApiClient;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a component only while this process holds a leader lease (what kube-controller-manager and
 * kube-scheduler do with {@code --leader-elect}): the component is started when the lease is acquired
 * and closed when it is lost or this runner is closed; a later re-acquisition starts a fresh one.
 * Unlike upstream, which exits on lost leadership, the process stays a candidate. Thread-safe.
 */
public final class LeaderElectedRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElectedRunner.class);
    private static final Duration START_RETRY = Duration.ofSeconds(5);

    private final String name;
    private final Supplier<? extends AutoCloseable> starter;
    private final Duration startRetry;
    private final LeaderElector elector;
    private final Object lock = new Object();
    private CountDownLatch stopped = new CountDownLatch(0);

    /**
     * @param starter starts the component and returns it running; called on each acquisition
     */
    public LeaderElectedRunner(ApiClient api, LeaderElectionConfig config, Clock clock,
                               Supplier<? extends AutoCloseable> starter) {
        this(api, config, clock, starter, START_RETRY);
    }

    LeaderElectedRunner(ApiClient api, LeaderElectionConfig config, Clock clock,
                        Supplier<? extends AutoCloseable> starter, Duration startRetry) {
        this.name = config.name();
        this.starter = starter;
        this.startRetry = startRetry;
        this.elector = new LeaderElector(api, config, clock, new LeaderCallbacks() {
            @Override
            public void onStartedLeading() {
                lead();
            }

            @Override
            public void onStoppedLeading() {
                LOG.info("{}: not leading", name);
            }

            @Override
            public void onNewLeader(String identity) {
                LOG.info("{}: the leader is {}", name, identity);
            }
        });
    }

    public void start() {
        elector.start();
    }

    public boolean isLeader() {
        return elector.isLeader();
    }

    /** The holder last observed ("" if none yet). */
    public String leader() {
        return elector.leader();
    }

    /** Runs on the elector's leading thread until that thread is interrupted. */
    private void lead() {
        CountDownLatch done = new CountDownLatch(1);
        synchronized (lock) {
            stopped = done;
        }
        AutoCloseable component = null;
        try {
            // A leader that failed to start its component must not sit on the lease doing nothing: it
            // tries again until it starts or leadership ends.
            while (component == null) {
                try {
                    component = starter.get();
                } catch (RuntimeException e) {
                    LOG.error("{}: failed to start; retrying in {}", name, startRetry, e);
                    Thread.sleep(startRetry);
                }
            }
            LOG.info("{}: leading; started", name);
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            // Leadership lost or closing.
        } finally {
            if (component != null) {
                try {
                    component.close();
                } catch (Exception e) {
                    LOG.warn("{}: error while stopping", name, e);
                }
            }
            done.countDown();
        }
    }

    /** Stops competing, stops the component if it runs (waiting for it), and releases the lease. */
    @Override
    public void close() {
        elector.close();
        CountDownLatch done;
        synchronized (lock) {
            done = stopped;
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
