package dev.tugboat.scheduler.queue;

import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.scheduler.framework.ClusterEvent;
import dev.tugboat.scheduler.framework.PodInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Upstream's PriorityQueue of pending pods, in three parts: the active queue (highest priority first,
 * then the earliest queued), the backoff queue (pods waiting out {@code initial × 2^(attempts−1)},
 * capped), and the unschedulable pods, which wait for a cluster event that one of the plugins that
 * rejected them registered for, or for {@code maxInUnschedulable} at most. A cluster event that
 * arrives while a pod is being scheduled sends that pod to backoff rather than parking it, so the
 * event is not missed. Also tracks nominated pods (preemptors waiting for their victims to go).
 *
 * <p>Thread-safe. {@link #pop} blocks; the flush timers run on the clock's timer threads.
 */
public final class SchedulingQueue implements AutoCloseable {

    private final Clock clock;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxInUnschedulable;
    /** Which plugins registered each event (for moving unschedulable pods). */
    private final Map<ClusterEvent, Set<String>> eventPlugins;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final TreeSet<QueuedPodInfo> activeQ = new TreeSet<>(Comparator
            .comparingInt((QueuedPodInfo q) -> -q.pod.priority())
            .thenComparingLong(q -> q.timestamp)
            .thenComparingLong(q -> q.seq));
    private final TreeSet<QueuedPodInfo> backoffQ = new TreeSet<>(Comparator
            .comparingLong(this::backoffExpiry)
            .thenComparingLong(q -> q.seq));
    private final Map<String, QueuedPodInfo> active = new HashMap<>();
    private final Map<String, QueuedPodInfo> backoff = new HashMap<>();
    private final Map<String, QueuedPodInfo> unschedulable = new HashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    private final Map<String, List<PodInfo>> nominatedByNode = new HashMap<>();
    private final Map<String, String> nominatedNodeOf = new HashMap<>();
    /**
     * An immutable copy of {@link #nominatedByNode}, republished on every change: the filter step asks
     * for each node it visits (hundreds per pod), and nominations change only on preemption, so reads
     * go without the queue's lock.
     */
    private volatile Map<String, List<PodInfo>> nominatedView = Map.of();
    private long seq;
    private long schedulingCycle;
    private long moveRequestCycle = -1;
    private boolean closed;
    private Clock.Timer backoffTimer;
    private Clock.Timer leftoverTimer;

    public SchedulingQueue(Clock clock, Duration initialBackoff, Duration maxBackoff, Duration maxInUnschedulable,
                           Map<ClusterEvent, Set<String>> eventPlugins) {
        this.clock = clock;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.maxInUnschedulable = maxInUnschedulable;
        this.eventPlugins = Map.copyOf(eventPlugins);
    }

    /** Starts the periodic flushes: backoff every second, leftover unschedulable pods every 30 s. */
    public void start() {
        lock.lock();
        try {
            backoffTimer = clock.schedule(Duration.ofSeconds(1), this::backoffTick);
            leftoverTimer = clock.schedule(Duration.ofSeconds(30), this::leftoverTick);
        } finally {
            lock.unlock();
        }
    }

    private void backoffTick() {
        flushBackoffCompleted();
        lock.lock();
        try {
            if (!closed) {
                backoffTimer = clock.schedule(Duration.ofSeconds(1), this::backoffTick);
            }
        } finally {
            lock.unlock();
        }
    }

    private void leftoverTick() {
        flushUnschedulableLeftover();
        lock.lock();
        try {
            if (!closed) {
                leftoverTimer = clock.schedule(Duration.ofSeconds(30), this::leftoverTick);
            }
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ adding and removing

    /** A new pending pod (or one seen again): straight to the active queue. */
    public void add(PodInfo pod) {
        lock.lock();
        try {
            removeEverywhere(pod.key());
            QueuedPodInfo q = new QueuedPodInfo(pod, clock.nanoTime());
            pushActive(q);
            updateNomination(pod);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A pending pod changed. A change beyond its status (or resourceVersion) may make it schedulable, so
     * an unschedulable one is moved to the active or backoff queue; our own status writes do not.
     */
    public void update(PodInfo oldPod, PodInfo newPod) {
        lock.lock();
        try {
            String key = newPod.key();
            updateNomination(newPod);
            QueuedPodInfo q = active.get(key);
            if (q != null) {
                activeQ.remove(q);
                q.pod = newPod;
                activeQ.add(q);
                return;
            }
            q = backoff.get(key);
            if (q != null) {
                backoffQ.remove(q);
                q.pod = newPod;
                backoffQ.add(q);
                return;
            }
            q = unschedulable.get(key);
            if (q != null) {
                q.pod = newPod;
                if (updated(oldPod, newPod)) {
                    unschedulable.remove(key);
                    requeue(q);
                }
                return;
            }
            if (!inFlight.contains(key)) {
                pushActive(new QueuedPodInfo(newPod, clock.nanoTime()));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether anything but status and resourceVersion changed (upstream's {@code isPodUpdated}). */
    private static boolean updated(PodInfo a, PodInfo b) {
        if (a == null) {
            return true;
        }
        return !Objects.equals(a.pod().path("spec"), b.pod().path("spec"))
                || !Objects.equals(Meta.labels(a.pod()), Meta.labels(b.pod()))
                || !Objects.equals(Meta.annotations(a.pod()), Meta.annotations(b.pod()));
    }

    /** The pod was deleted or assigned: forget it. */
    public void delete(PodInfo pod) {
        lock.lock();
        try {
            removeEverywhere(pod.key());
            deleteNomination(pod.key());
        } finally {
            lock.unlock();
        }
    }

    private void removeEverywhere(String key) {
        QueuedPodInfo q = active.remove(key);
        if (q != null) {
            activeQ.remove(q);
        }
        q = backoff.remove(key);
        if (q != null) {
            backoffQ.remove(q);
        }
        unschedulable.remove(key);
    }

    private void pushActive(QueuedPodInfo q) {
        q.seq = ++seq;
        activeQ.add(q);
        active.put(q.pod.key(), q);
        notEmpty.signal();
    }

    private void pushBackoff(QueuedPodInfo q) {
        q.seq = ++seq;
        backoffQ.add(q);
        backoff.put(q.pod.key(), q);
    }

    // ------------------------------------------------------------------ popping and returning

    /**
     * The next pod to schedule, blocking until there is one; null once closed or on timeout. The pod
     * counts as in flight until {@link #done}.
     */
    public QueuedPodInfo pop(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (activeQ.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (closed || left <= 0) {
                    return null;
                }
                notEmpty.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            }
            QueuedPodInfo q = activeQ.pollFirst();
            active.remove(q.pod.key());
            q.attempts++;
            schedulingCycle++;
            inFlight.add(q.pod.key());
            return q;
        } finally {
            lock.unlock();
        }
    }

    /** The number of pods popped so far (the current scheduling cycle). */
    public long schedulingCycle() {
        lock.lock();
        try {
            return schedulingCycle;
        } finally {
            lock.unlock();
        }
    }

    /** The scheduling attempt of a popped pod ended. */
    public void done(String key) {
        lock.lock();
        try {
            inFlight.remove(key);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands back a pod that could not be scheduled in cycle {@code podCycle}. If a cluster event arrived
     * since that cycle began, the pod goes to backoff at once; otherwise it waits with the unschedulable
     * pods. Ignored if the pod is queued already (a newer version arrived meanwhile).
     */
    public void addUnschedulable(QueuedPodInfo q, long podCycle) {
        lock.lock();
        try {
            String key = q.pod.key();
            if (active.containsKey(key) || backoff.containsKey(key) || unschedulable.containsKey(key)) {
                return;
            }
            q.timestamp = clock.nanoTime();
            if (moveRequestCycle >= podCycle) {
                pushBackoff(q);
            } else {
                unschedulable.put(key, q);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Hands back a pod whose attempt failed with an error (or whose binding failed): backoff. */
    public void addBackoff(QueuedPodInfo q) {
        lock.lock();
        try {
            String key = q.pod.key();
            if (active.containsKey(key) || backoff.containsKey(key) || unschedulable.containsKey(key)) {
                return;
            }
            q.timestamp = clock.nanoTime();
            pushBackoff(q);
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ moving

    /**
     * A cluster event happened: unschedulable pods rejected by a plugin registered for it (or by no
     * recorded plugin) move to the active queue, or to backoff if still backing off.
     */
    public void moveAllToActiveOrBackoff(ClusterEvent event) {
        lock.lock();
        try {
            Set<String> interested = eventPlugins.getOrDefault(event, Set.of());
            for (Iterator<QueuedPodInfo> it = unschedulable.values().iterator(); it.hasNext(); ) {
                QueuedPodInfo q = it.next();
                if (event == ClusterEvent.UNSCHEDULABLE_TIMEOUT || q.unschedulablePlugins.isEmpty()
                        || intersects(q.unschedulablePlugins, interested)) {
                    it.remove();
                    requeue(q);
                }
            }
            moveRequestCycle = schedulingCycle;
        } finally {
            lock.unlock();
        }
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
        for (String s : a) {
            if (b.contains(s)) {
                return true;
            }
        }
        return false;
    }

    private void requeue(QueuedPodInfo q) {
        if (isBackingOff(q)) {
            pushBackoff(q);
        } else {
            q.timestamp = clock.nanoTime();
            pushActive(q);
        }
    }

    /** Moves pods whose backoff has expired to the active queue. */
    public void flushBackoffCompleted() {
        lock.lock();
        try {
            long now = clock.nanoTime();
            while (!backoffQ.isEmpty() && backoffExpiry(backoffQ.first()) <= now) {
                QueuedPodInfo q = backoffQ.pollFirst();
                backoff.remove(q.pod.key());
                pushActive(q);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Retries pods that have waited in the unschedulable set for longer than the limit. */
    public void flushUnschedulableLeftover() {
        lock.lock();
        try {
            long now = clock.nanoTime();
            List<QueuedPodInfo> due = new ArrayList<>();
            for (QueuedPodInfo q : unschedulable.values()) {
                if (now - q.timestamp > maxInUnschedulable.toNanos()) {
                    due.add(q);
                }
            }
            for (QueuedPodInfo q : due) {
                unschedulable.remove(q.pod.key());
                requeue(q);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The backoff after {@code attempts} attempts: initial × 2^(attempts−1), at most the maximum. */
    public Duration backoffDuration(int attempts) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempts; i++) {
            d = d.multipliedBy(2);
            if (d.compareTo(maxBackoff) >= 0) {
                return maxBackoff;
            }
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    private long backoffExpiry(QueuedPodInfo q) {
        return q.timestamp + backoffDuration(Math.max(1, q.attempts)).toNanos();
    }

    private boolean isBackingOff(QueuedPodInfo q) {
        return q.attempts > 0 && backoffExpiry(q) > clock.nanoTime();
    }

    // ------------------------------------------------------------------ nominated pods

    /** Records (or clears, for "") the node a pod was nominated to by preemption. */
    public void nominate(PodInfo pod, String node) {
        lock.lock();
        try {
            deleteNomination(pod.key());
            if (!node.isEmpty()) {
                nominatedNodeOf.put(pod.key(), node);
                nominatedByNode.computeIfAbsent(node, n -> new ArrayList<>()).add(pod);
            }
            publishNominations();
        } finally {
            lock.unlock();
        }
    }

    private void updateNomination(PodInfo pod) {
        String current = nominatedNodeOf.get(pod.key());
        String wanted = pod.nominatedNodeName();
        if (wanted.isEmpty() && current == null) {
            return;
        }
        if (!wanted.isEmpty()) {
            deleteNomination(pod.key());
            nominatedNodeOf.put(pod.key(), wanted);
            nominatedByNode.computeIfAbsent(wanted, n -> new ArrayList<>()).add(pod);
            publishNominations();
        }
    }

    private void deleteNomination(String key) {
        String node = nominatedNodeOf.remove(key);
        if (node != null) {
            List<PodInfo> pods = nominatedByNode.get(node);
            pods.removeIf(p -> p.key().equals(key));
            if (pods.isEmpty()) {
                nominatedByNode.remove(node);
            }
            publishNominations();
        }
    }

    private void publishNominations() {
        Map<String, List<PodInfo>> copy = new HashMap<>();
        nominatedByNode.forEach((node, pods) -> copy.put(node, List.copyOf(pods)));
        nominatedView = Map.copyOf(copy);
    }

    /** Pods nominated to the node (a copy); empty when none. */
    public List<PodInfo> nominatedPods(String node) {
        return nominatedView.getOrDefault(node, List.of());
    }

    /** True when any pod is nominated anywhere (a cheap check before per-node lookups). */
    public boolean hasNominatedPods() {
        return !nominatedView.isEmpty();
    }

    // ------------------------------------------------------------------ introspection

    /** Sizes of the active, backoff and unschedulable parts (for tests and metrics). */
    public record Sizes(int active, int backoff, int unschedulable) {
    }

    public Sizes sizes() {
        lock.lock();
        try {
            return new Sizes(active.size(), backoff.size(), unschedulable.size());
        } finally {
            lock.unlock();
        }
    }

    /** Stops the timers and wakes {@link #pop}. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (backoffTimer != null) {
                backoffTimer.cancel();
            }
            if (leftoverTimer != null) {
                leftoverTimer.cancel();
            }
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
