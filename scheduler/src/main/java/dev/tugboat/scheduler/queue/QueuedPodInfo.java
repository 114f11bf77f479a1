package dev.tugboat.scheduler.queue;

import dev.tugboat.scheduler.framework.PodInfo;
import java.util.Set;

/**
 * A pod in the scheduling queue with its bookkeeping (upstream's {@code QueuedPodInfo}). Mutable;
 * guarded by the queue's lock, except that the scheduling thread owns a popped one until it hands it
 * back.
 */
public final class QueuedPodInfo {

    PodInfo pod;
    /** When the pod was last added to the queue (clock nanos): the tiebreak within a priority. */
    long timestamp;
    /** When the pod was first added (clock nanos). */
    final long initialTimestamp;
    /** Scheduling attempts so far; drives the backoff. */
    int attempts;
    /** Plugins that rejected the pod in its last attempt. */
    Set<String> unschedulablePlugins = Set.of();
    /** Unique insertion number, the final tiebreak of the heaps. */
    long seq;

    QueuedPodInfo(PodInfo pod, long now) {
        this.pod = pod;
        this.timestamp = now;
        this.initialTimestamp = now;
    }

    public PodInfo pod() {
        return pod;
    }

    public int attempts() {
        return attempts;
    }

    public long initialTimestamp() {
        return initialTimestamp;
    }

    /** Records the plugins that rejected the pod, before handing it back as unschedulable. */
    public void setUnschedulablePlugins(Set<String> plugins) {
        this.unschedulablePlugins = Set.copyOf(plugins);
    }

    @Override
    public String toString() {
        return pod.key() + "#" + attempts;
    }
}
