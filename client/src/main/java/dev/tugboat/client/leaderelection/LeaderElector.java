package dev.tugboat.client.leaderelection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.client.rest.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease, as client-go's leaderelection package:
 * <ol>
 *   <li><b>Acquire</b>: every retryPeriod (jittered) read the lease; take it if it does not exist, was
 *       released, is ours, or has not been renewed for leaseDuration <em>as observed locally</em> (the
 *       holder's clock is never trusted); the write is conditional on the read resourceVersion, so of
 *       two candidates only one wins.</li>
 *   <li><b>Lead</b>: {@link LeaderCallbacks#onStartedLeading()} runs on its own thread; the lease is
 *       renewed every retryPeriod. If no renewal succeeds within renewDeadline, leadership is lost: the
 *       leading thread is interrupted, {@link LeaderCallbacks#onStoppedLeading()} is called, and the
 *       elector goes back to acquiring.</li>
 *   <li><b>Release</b>: {@link #close()} stops; with releaseOnCancel a leader empties the holder so that
 *       another candidate takes over at its next attempt instead of after leaseDuration.</li>
 * </ol>
 * Thread-safe; runs on one virtual thread between {@link #start()} and {@link #close()}.
 */
public final class LeaderElector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElector.class);
    static final GroupVersionResource LEASES = new GroupVersionResource("coordination.k8s.io", "v1", "leases");
    private static final double JITTER = 1.2;

    private final ResourceClient leases;
    private final LeaderElectionConfig config;
    private final Clock clock;
    private final LeaderCallbacks callbacks;
    private volatile boolean closed;
    private volatile boolean leading;
    private volatile String observedLeader = "";
    /** The last lease state read or written, and when (monotonic) it was first seen in that state. */
    private LeaseRecord observed;
    private long observedNanos;
    private Thread thread;
    private Thread leadingThread;

    public LeaderElector(ApiClient api, LeaderElectionConfig config, Clock clock, LeaderCallbacks callbacks) {
        this.leases = api.resource(LEASES);
        this.config = config;
        this.clock = clock;
        this.callbacks = callbacks;
    }

    public synchronized void start() {
        if (thread == null && !closed) {
            thread = Thread.ofVirtual().name("leader-elector-" + config.name()).start(this::run);
        }
    }

    /** Whether this candidate holds the lease now (as of its last successful acquire or renew). */
    public boolean isLeader() {
        return leading;
    }

    /** The holder last observed ("" if none yet). */
    public String leader() {
        return observedLeader;
    }

    private void run() {
        try {
            while (!closed) {
                acquire();
                if (closed) {
                    return;
                }
                lead();
            }
        } catch (InterruptedException e) {
            // close() interrupts.
        } finally {
            if (leading) {
                stopLeading();
            }
        }
    }

    /** Retries until this candidate holds the lease. */
    private void acquire() throws InterruptedException {
        while (!closed) {
            if (tryAcquireOrRenew()) {
                LOG.info("{}: acquired lease {}/{}", config.identity(), config.namespace(), config.name());
                return;
            }
            clock.sleep(jittered(config.retryPeriod()));
        }
    }

    /** Starts the leading callback, renews until renewal fails for renewDeadline, then stops leading. */
    private void lead() throws InterruptedException {
        leading = true;
        leadingThread = Thread.ofVirtual().name("leading-" + config.name()).start(callbacks::onStartedLeading);
        long lastRenew = clock.nanoTime();
        while (!closed) {
            clock.sleep(config.retryPeriod());
            if (closed) {
                return;
            }
            if (tryAcquireOrRenew()) {
                lastRenew = clock.nanoTime();
            } else if (clock.nanoTime() - lastRenew >= config.renewDeadline().toNanos()) {
                LOG.warn("{}: failed to renew lease {}/{} within {}; leadership lost", config.identity(),
                        config.namespace(), config.name(), config.renewDeadline());
                stopLeading();
                return;
            }
        }
    }

    private void stopLeading() {
        leading = false;
        if (leadingThread != null) {
            leadingThread.interrupt();
        }
        try {
            callbacks.onStoppedLeading();
        } catch (RuntimeException e) {
            LOG.error("onStoppedLeading failed", e);
        }
    }

    private Duration jittered(Duration d) {
        long extra = (long) (d.toNanos() * (JITTER - 1) * ThreadLocalRandom.current().nextDouble());
        return d.plusNanos(extra);
    }

    /**
     * One attempt (client-go's tryAcquireOrRenew). Returns whether this candidate holds the lease now.
     */
    boolean tryAcquireOrRenew() {
        Instant now = clock.now();
        int durationSeconds = (int) config.leaseDuration().toSeconds();
        ObjectNode lease;
        try {
            lease = leases.get(config.namespace(), config.name());
        } catch (StatusException e) {
            if (!e.isNotFound()) {
                LOG.debug("{}: cannot read lease: {}", config.identity(), e.getMessage());
                return false;
            }
            return create(new LeaseRecord(config.identity(), durationSeconds, now, now, 0));
        } catch (TransportException e) {
            LOG.debug("{}: cannot read lease: {}", config.identity(), e.getMessage());
            return false;
        }
        // 1. A new state of the lease restarts the local expiry clock.
        LeaseRecord current = LeaseRecord.of(lease);
        if (!current.equals(observed)) {
            observe(current);
        }
        boolean mine = config.identity().equals(current.holderIdentity());
        // 2. Held by someone else and not expired as observed here: not ours to take.
        if (!current.holderIdentity().isEmpty() && !mine
                && clock.nanoTime() - observedNanos < Duration.ofSeconds(current.leaseDurationSeconds()).toNanos()) {
            return false;
        }
        // 3. Renew (keep acquire time and transitions) or take over (one more transition).
        LeaseRecord desired = mine
                ? new LeaseRecord(config.identity(), durationSeconds, current.acquireTime(), now,
                        current.leaseTransitions())
                : new LeaseRecord(config.identity(), durationSeconds, now, now, current.leaseTransitions() + 1);
        ObjectNode updated = lease.deepCopy();
        desired.writeTo(updated);
        try {
            leases.update(config.namespace(), updated);
        } catch (StatusException | TransportException e) {
            // A 409: someone else wrote first; try again next round.
            LOG.debug("{}: cannot update lease: {}", config.identity(), e.getMessage());
            return false;
        }
        observe(desired);
        return true;
    }

    private boolean create(LeaseRecord desired) {
        ObjectNode lease = Json.object();
        lease.put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
        lease.putObject("metadata").put("name", config.name()).put("namespace", config.namespace());
        desired.writeTo(lease);
        try {
            leases.create(config.namespace(), lease);
        } catch (StatusException | TransportException e) {
            LOG.debug("{}: cannot create lease: {}", config.identity(), e.getMessage());
            return false;
        }
        observe(desired);
        return true;
    }

    private void observe(LeaseRecord r) {
        observed = r;
        observedNanos = clock.nanoTime();
        if (!r.holderIdentity().equals(observedLeader)) {
            observedLeader = r.holderIdentity();
            if (!r.holderIdentity().isEmpty()) {
                try {
                    callbacks.onNewLeader(r.holderIdentity());
                } catch (RuntimeException e) {
                    LOG.error("onNewLeader failed", e);
                }
            }
        }
    }

    /** Gives the lease up if this candidate holds it (client-go's release). */
    private void release() {
        try {
            ObjectNode lease = leases.get(config.namespace(), config.name());
            if (!config.identity().equals(LeaseRecord.of(lease).holderIdentity())) {
                return;
            }
            Instant now = clock.now();
            new LeaseRecord("", 1, now, now, LeaseRecord.of(lease).leaseTransitions()).writeTo(lease);
            leases.update(config.namespace(), lease);
            LOG.info("{}: released lease {}/{}", config.identity(), config.namespace(), config.name());
        } catch (StatusException | TransportException e) {
            LOG.warn("{}: failed to release lease: {}", config.identity(), e.getMessage());
        }
    }

    /** Stops competing; a leader stops leading and, with releaseOnCancel, releases the lease. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = thread;
        }
        boolean wasLeading = leading;
        if (t != null) {
            t.interrupt();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (wasLeading && config.releaseOnCancel()) {
            release();
        }
    }
}
