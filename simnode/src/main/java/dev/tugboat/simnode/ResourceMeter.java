package dev.tugboat.simnode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.kubelet.metrics.ResourceSample.ContainerSample;
import dev.tugboat.kubelet.metrics.ResourceSample.NodeSample;
import dev.tugboat.kubelet.metrics.ResourceSample.PodSample;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resource usage counters of the simulated nodes, as a kubelet's cAdvisor keeps them: a running
 * container's CPU counter grows by its usage ({@link SimAnnotations#SIMULATED_USAGE}) times the time it
 * runs, and starts again from zero when the container restarts; a pod's and a node's counters also keep
 * what their stopped containers used, so they never go backwards. A node also uses {@link #SYSTEM} for
 * itself. Memory is the current working set.
 *
 * <p>A pod's usage can change at any time (its annotation is mutable), so the counters are advanced
 * when a pod changes ({@link #observe}: up to now at the old usage, from now on at the new) as well as
 * when a node is sampled. Time is passed in. Thread-safe; each node's counters have their own lock.
 */
final class ResourceMeter {

    /** What a node's system (the kubelet, the runtime, the OS) uses besides its pods: 20m CPU, 128Mi. */
    static final SimulatedUsage.Usage SYSTEM = new SimulatedUsage.Usage(20_000_000L, 128L << 20);

    /** One running container as its pod's status shows it. */
    record RunningContainer(String name, Instant startedAt) {
    }


    private final Instant since;
    private final Map<String, NodeCounters> nodes = new ConcurrentHashMap<>();

    /** @param since when the nodes' system counters start (the simulated machines' boot) */
    ResourceMeter(Instant since) {
        this.since = since;
    }

    /** Starts keeping counters for a node (idempotent). */
    void addNode(String node) {
        nodes.computeIfAbsent(node, n -> new NodeCounters());
    }

    /** Drops a node's counters. */
    void removeNode(String node) {
        nodes.remove(node);
    }

    /**
     * A pod changed from {@code before} (null for a new pod) to {@code after}: its counters are brought up
     * to {@code now} at the usage {@code before} asked for, then run at what {@code after} asks for.
     */
    void observe(JsonNode before, JsonNode after, Instant now) {
        NodeCounters n = nodes.get(nodeName(after));
        if (n == null) {
            return;
        }
        if (before != null && nodeName(before).equals(nodeName(after))) {
            n.catchUp(before, now);
        } else {
            n.catchUp(after, now);
        }
        n.apply(after, now);
    }

    /** A pod was deleted: what its containers used stays in its node's counter. */
    void podGone(JsonNode pod) {
        NodeCounters n = nodes.get(nodeName(pod));
        if (n != null) {
            n.remove(Meta.uid(pod));
        }
    }

    /**
     * The node's counters now, with {@code pods} (the pods bound to it, as cached) as its current pods;
     * empty for a node without counters.
     */
    Optional<NodeSample> sample(String node, List<? extends JsonNode> pods, Instant now) {
        NodeCounters n = nodes.get(node);
        return n == null ? Optional.empty() : Optional.of(n.sample(pods, now.truncatedTo(ChronoUnit.MILLIS)));
    }

    private static String nodeName(JsonNode pod) {
        return pod.path("spec").path("nodeName").asText("");
    }

    /** The containers (sidecars included) whose status says they run, with when they started. */
    static List<RunningContainer> running(JsonNode pod) {
        List<RunningContainer> out = new ArrayList<>();
        for (String field : List.of("initContainerStatuses", "containerStatuses")) {
            for (JsonNode s : pod.path("status").path(field)) {
                Optional<Instant> started = Timestamps.parse(s.path("state").path("running").path("startedAt")
                        .asText(""));
                started.ifPresent(t -> out.add(new RunningContainer(s.path("name").asText(), t)));
            }
        }
        return out;
    }

    /** CPU time of one container instance, in core-nanoseconds, at a rate that may change. */
    private static final class CpuCounter {
        final Instant startedAt;
        Instant last;
        long coreNanos;
        long nanoCores;

        CpuCounter(Instant startedAt, Instant from, long nanoCores) {
            this.startedAt = startedAt;
            this.last = from.isAfter(startedAt) ? from : startedAt;
            this.nanoCores = nanoCores;
        }

        void advance(Instant now) {
            if (now.isAfter(last)) {
                coreNanos += Math.round(nanoCores * (Duration.between(last, now).toNanos() / 1e9));
                last = now;
            }
        }
    }

    /** One pod's container counters and what its stopped containers used. */
    private static final class PodCounters {
        final Map<String, CpuCounter> containers = new HashMap<>();
        long stoppedCoreNanos;

        long total() {
            long sum = stoppedCoreNanos;
            for (CpuCounter c : containers.values()) {
                sum += c.coreNanos;
            }
            return sum;
        }
    }

    /** One node's counters. */
    private final class NodeCounters {
        private final Map<String, PodCounters> pods = new HashMap<>();
        /** What the containers of deleted pods used. */
        private long goneCoreNanos;

        /** Brings the pod's counters up to now at the usage {@code pod} asks for. */
        synchronized void catchUp(JsonNode pod, Instant now) {
            track(pod, now, false);
        }

        /** From now on the pod's containers run at the usage {@code pod} asks for. */
        synchronized void apply(JsonNode pod, Instant now) {
            track(pod, now, true);
        }

        /**
         * Advances the pod's counters to now. A container seen for the first time has used the pod's
         * usage since it started ({@code fromNow} false) or starts being counted now ({@code fromNow} true,
         * its past having been counted at another usage, which was zero when it has no counter).
         */
        private void track(JsonNode pod, Instant now, boolean fromNow) {
            String uid = Meta.uid(pod);
            SimulatedUsage usage = SimulatedUsage.parse(Meta.annotations(pod).get(SimAnnotations.SIMULATED_USAGE));
            List<RunningContainer> running = running(pod);
            PodCounters counters = pods.get(uid);
            Set<String> seen = new HashSet<>();
            for (RunningContainer rc : running) {
                seen.add(rc.name());
                long rate = usage.of(rc.name()).cpuNanoCores();
                CpuCounter c = counters == null ? null : counters.containers.get(rc.name());
                if (c != null && !c.startedAt.equals(rc.startedAt())) {
                    // A restart: the new instance counts from zero, as a new cgroup does.
                    counters.containers.remove(rc.name());
                    counters.stoppedCoreNanos += c.coreNanos;
                    c = null;
                }
                if (c == null) {
                    if (rate == 0) {
                        continue;
                    }
                    c = new CpuCounter(rc.startedAt(), fromNow ? now : rc.startedAt(), rate);
                    if (counters == null) {
                        counters = new PodCounters();
                        pods.put(uid, counters);
                    }
                    counters.containers.put(rc.name(), c);
                }
                c.advance(now);
                if (fromNow) {
                    c.nanoCores = rate;
                }
            }
            if (counters != null) {
                for (Iterator<Map.Entry<String, CpuCounter>> it = counters.containers.entrySet().iterator();
                     it.hasNext(); ) {
                    Map.Entry<String, CpuCounter> e = it.next();
                    if (!seen.contains(e.getKey())) {
                        counters.stoppedCoreNanos += e.getValue().coreNanos;
                        it.remove();
                    }
                }
            }
        }

        synchronized void remove(String uid) {
            PodCounters gone = pods.remove(uid);
            if (gone != null) {
                goneCoreNanos += gone.total();
            }
        }

        synchronized NodeSample sample(List<? extends JsonNode> current, Instant now) {
            Set<String> present = new HashSet<>();
            List<PodSample> out = new ArrayList<>();
            long memory = SYSTEM.memoryBytes();
            for (JsonNode pod : current) {
                String uid = Meta.uid(pod);
                present.add(uid);
                track(pod, now, false);
                List<RunningContainer> running = running(pod);
                if (running.isEmpty()) {
                    continue;
                }
                SimulatedUsage usage = SimulatedUsage.parse(Meta.annotations(pod).get(SimAnnotations.SIMULATED_USAGE));
                PodCounters counters = pods.get(uid);
                List<ContainerSample> containers = new ArrayList<>();
                long podMemory = 0;
                for (RunningContainer rc : running) {
                    CpuCounter c = counters == null ? null : counters.containers.get(rc.name());
                    long bytes = usage.of(rc.name()).memoryBytes();
                    containers.add(new ContainerSample(rc.name(), rc.startedAt(), c == null ? 0 : c.coreNanos, bytes));
                    podMemory += bytes;
                }
                memory += podMemory;
                out.add(new PodSample(Meta.namespace(pod), Meta.name(pod), counters == null ? 0 : counters.total(),
                        podMemory, List.copyOf(containers)));
            }
            for (String uid : List.copyOf(pods.keySet())) {
                if (!present.contains(uid)) {
                    remove(uid);
                }
            }
            long up = Math.max(0, Duration.between(since, now).toNanos());
            long cpu = goneCoreNanos + Math.round(SYSTEM.cpuNanoCores() * (up / 1e9));
            for (PodCounters p : pods.values()) {
                cpu += p.total();
            }
            return new NodeSample(now, cpu, memory, List.copyOf(out));
        }
    }
}
