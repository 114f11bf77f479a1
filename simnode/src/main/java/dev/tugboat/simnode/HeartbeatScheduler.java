package dev.tugboat.simnode;

import dev.tugboat.client.clock.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each node's heartbeat once per interval, spread over the interval by a per-node phase (derived
 * from the node's name), with one clock timer for all nodes: a priority queue of due times and a single
 * pending timer for the earliest. Due heartbeats run on virtual threads, at most {@code concurrency} at a
 * time, never two for one node at once (a node whose previous heartbeat is still running skips a beat).
 * Thread-safe.
 */
final class HeartbeatScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatScheduler.class);

    private record Entry(long dueNanos, long seq, String node) {
    }

    private final Clock clock;
    private final long intervalNanos;
    private final Consumer<String> beat;
    private final Semaphore permits;
    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> a.dueNanos() != b.dueNanos()
            ? Long.compare(a.dueNanos(), b.dueNanos()) : Long.compare(a.seq(), b.seq()));
    /** The live entry of each node; queue entries not in here are stale and skipped. */
    private final Map<String, Entry> current = new HashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private Clock.Timer timer;
    private long timerDue;
    private long seq;
    private boolean closed;

    HeartbeatScheduler(Clock clock, Duration interval, int concurrency, Consumer<String> beat) {
        this.clock = clock;
        this.intervalNanos = interval.toNanos();
        this.beat = beat;
        this.permits = new Semaphore(concurrency);
    }

    /** Starts beating for {@code node}, first at its phase within the next interval. Idempotent. */
    synchronized void add(String node) {
        if (closed || current.containsKey(node)) {
            return;
        }
        long phase = Math.floorMod(mix(node.hashCode()), intervalNanos);
        schedule(node, clock.nanoTime() + phase);
    }

    /** Beats for {@code node} as soon as possible, then on the interval from there. */
    synchronized void beatNow(String node) {
        if (closed) {
            return;
        }
        schedule(node, clock.nanoTime());
    }

    synchronized void remove(String node) {
        current.remove(node);
    }

    /** Heartbeats dispatched and not yet finished. */
    int inFlight() {
        return inFlight.size();
    }

    synchronized int size() {
        return current.size();
    }

    private void schedule(String node, long due) {
        enqueue(node, due);
        arm();
    }

    private void enqueue(String node, long due) {
        Entry e = new Entry(due, seq++, node);
        current.put(node, e);
        queue.add(e);
    }

    /** Makes sure the one timer fires at the earliest due time. */
    private void arm() {
        Entry head = queue.peek();
        while (head != null && current.get(head.node()) != head) {
            queue.poll();
            head = queue.peek();
        }
        if (head == null || closed) {
            return;
        }
        if (timer != null && timerDue - head.dueNanos() <= 0) {
            return;
        }
        if (timer != null) {
            timer.cancel();
        }
        timerDue = head.dueNanos();
        timer = clock.schedule(Duration.ofNanos(Math.max(0, timerDue - clock.nanoTime())), this::fire);
    }

    private void fire() {
        List<String> due = new ArrayList<>();
        synchronized (this) {
            timer = null;
            if (closed) {
                return;
            }
            long now = clock.nanoTime();
            while (!queue.isEmpty() && queue.peek().dueNanos() - now <= 0) {
                Entry e = queue.poll();
                if (current.get(e.node()) != e) {
                    continue;
                }
                due.add(e.node());
                // Keep the node's phase; if far behind, start the next interval from now.
                long next = e.dueNanos() + intervalNanos;
                enqueue(e.node(), next - now <= 0 ? now + intervalNanos : next);
            }
            arm();
        }
        due.forEach(this::dispatch);
    }

    private void dispatch(String node) {
        if (!inFlight.add(node)) {
            return;
        }
        Thread.ofVirtual().name("simnode-heartbeat-" + node).start(() -> {
            try {
                permits.acquire();
                try {
                    beat.accept(node);
                } finally {
                    permits.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.debug("heartbeat of node {} failed: {}", node, e.toString());
            } finally {
                inFlight.remove(node);
            }
        });
    }

    private static long mix(long h) {
        h *= 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    /** Stops scheduling and waits (up to 5 s) for heartbeats in flight, so none outlives its client. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (timer != null) {
                timer.cancel();
            }
            queue.clear();
            current.clear();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        try {
            while (!inFlight.isEmpty() && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
