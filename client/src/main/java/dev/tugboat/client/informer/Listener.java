package dev.tugboat.client.informer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.client.clock.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notifications to one handler on its own virtual thread, in order, one at a time (client-go's
 * processorListener, fabric8's SerialExecutor). The buffer is unbounded so the informer never waits for
 * a slow handler. Thread-safe.
 */
final class Listener implements HandlerRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(Listener.class);

    /** One notification. */
    sealed interface Notification {
    }

    record Add(ObjectNode obj, boolean initialList) implements Notification {
    }

    record Update(ObjectNode oldObj, ObjectNode newObj) implements Notification {
    }

    record Delete(ObjectNode obj, boolean finalStateUnknown) implements Notification {
    }

    private final ResourceEventHandler handler;
    private final String name;
    /** How often this handler gets every cached object again; zero for never. */
    private final Duration resyncPeriod;
    /** The pending resync of this handler; guarded by the informer's apply lock. */
    private Clock.Timer resyncTimer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final ArrayDeque<Notification> pending = new ArrayDeque<>();
    private long enqueued;
    private volatile long delivered;
    /** The enqueued count at which this handler has seen the initial state; -1 until known. */
    private volatile long syncTarget = -1;
    private boolean stopped;
    private Thread thread;

    Listener(ResourceEventHandler handler, String name, Duration resyncPeriod) {
        this.handler = handler;
        this.name = name;
        this.resyncPeriod = resyncPeriod;
    }

    boolean resyncs() {
        return resyncPeriod.isPositive();
    }

    Duration resyncPeriod() {
        return resyncPeriod;
    }

    /** Replaces the pending resync timer (the caller holds the informer's apply lock). */
    void resyncTimer(Clock.Timer timer) {
        this.resyncTimer = timer;
    }

    /** Cancels the pending resync, if any (the caller holds the informer's apply lock). */
    void cancelResync() {
        if (resyncTimer != null) {
            resyncTimer.cancel();
            resyncTimer = null;
        }
    }

    void start() {
        thread = Thread.ofVirtual().name("informer-handler-" + name).start(this::run);
    }

    void enqueue(Notification n) {
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            pending.addLast(n);
            enqueued++;
            available.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Marks everything enqueued so far as the initial state this handler must see to be synced. */
    void markSyncPoint() {
        lock.lock();
        try {
            if (syncTarget < 0) {
                syncTarget = enqueued;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean hasSynced() {
        long target = syncTarget;
        return target >= 0 && delivered >= target;
    }

    void stop() {
        lock.lock();
        try {
            stopped = true;
            pending.clear();
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void join() throws InterruptedException {
        if (thread != null) {
            thread.join();
        }
    }

    private void run() {
        while (true) {
            Notification n;
            lock.lock();
            try {
                while (pending.isEmpty() && !stopped) {
                    available.awaitUninterruptibly();
                }
                if (stopped) {
                    return;
                }
                n = pending.pollFirst();
            } finally {
                lock.unlock();
            }
            try {
                switch (n) {
                    case Add a -> handler.onAdd(a.obj(), a.initialList());
                    case Update u -> handler.onUpdate(u.oldObj(), u.newObj());
                    case Delete d -> handler.onDelete(d.obj(), d.finalStateUnknown());
                }
            } catch (RuntimeException e) {
                LOG.error("event handler of {} failed", name, e);
            }
            delivered++;
        }
    }
}
