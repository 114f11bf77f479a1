package dev.tugboat.kubelet.prober;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.events.EventRecorder;
import dev.tugboat.client.events.EventRecorder.ObjectRef;
import dev.tugboat.kubelet.cri.CriClient;
import dev.tugboat.kubelet.sync.ProbeResults;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's probes: one {@link ProbeWorker} per (pod, container, probe type), started and stopped
 * as the pod sync reports what runs ({@link #track}), and the answers the sync needs: whether a
 * container is ready or started, and whether a failed liveness or startup probe means it must be
 * killed. Every failed probe is recorded as a Warning event {@code Unhealthy} on the container (as
 * upstream: "Liveness probe failed: ..."), a redirect not followed as {@code ProbeWarning}; listeners
 * hear of every change of a standing result, so the kubelet can sync the pod at once. Thread-safe.
 */
public final class ProbeManager implements ProbeResults, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeManager.class);

    public static final String REASON_UNHEALTHY = "Unhealthy";
    public static final String REASON_PROBE_WARNING = "ProbeWarning";

    /** Hears that a container's standing probe result changed. Called on a prober thread; must not block. */
    @FunctionalInterface
    public interface Listener {
        /** @param pod the pod as last tracked (namespace, name and uid identify it) */
        void resultChanged(JsonNode pod, String container, ProbeType type, ProbeResult result);
    }

    private final Prober prober;
    private final Clock clock;
    private final EventRecorder events;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, PodProbes> pods = new ConcurrentHashMap<>();

    public ProbeManager(Prober prober, Clock clock, EventRecorder events) {
        this.prober = prober;
        this.clock = clock;
        this.events = events;
    }

    /** Probes whose exec runs through the runtime's ExecSync. */
    public static ProbeManager overCri(CriClient cri, Clock clock, EventRecorder events, String kubeletVersion) {
        return new ProbeManager(new Prober(new CriContainerExec(cri), kubeletVersion), clock, events);
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** A pod's probe workers and what it last ran. */
    private static final class PodProbes {
        volatile JsonNode pod;
        volatile Map<String, Running> running = Map.of();
        volatile boolean deleting;
        final Map<String, Map<ProbeType, ProbeWorker>> workers = new HashMap<>();
    }

    /**
     * Starts, keeps or stops the pod's workers for what runs now, and tells each worker which
     * container instance to probe. Containers missing from {@code running} are not running.
     */
    @Override
    public void track(JsonNode pod, Map<String, Running> running, String podIp) {
        String uid = Meta.uid(pod);
        PodProbes p = pods.computeIfAbsent(uid, u -> new PodProbes());
        synchronized (p) {
            p.pod = pod;
            p.running = Map.copyOf(running);
            p.deleting = Meta.isDeleting(pod);
            Map<String, JsonNode> probed = probedContainers(pod);
            for (var it = p.workers.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (!probed.containsKey(e.getKey())) {
                    e.getValue().values().forEach(ProbeWorker::stop);
                    it.remove();
                }
            }
            for (var c : probed.entrySet()) {
                Map<ProbeType, ProbeWorker> byType = p.workers.computeIfAbsent(c.getKey(), k -> new EnumMap<>(ProbeType.class));
                for (ProbeType type : ProbeType.values()) {
                    Optional<ProbeSpec> spec = ProbeSpec.of(c.getValue(), type);
                    if (spec.isPresent() && !byType.containsKey(type)) {
                        byType.put(type, newWorker(uid, c.getValue(), type, spec.get()));
                    }
                }
                Running r = running.get(c.getKey());
                ProbeWorker.Target target = r == null ? null : new ProbeWorker.Target(r.containerId(), r.startedAt(), podIp);
                byType.values().forEach(w -> w.observe(target));
            }
        }
    }

    /** Whether the container runs, has started and passes its readiness probe (or has none). */
    @Override
    public boolean ready(String podUid, String container) {
        Optional<Running> r = running(podUid, container);
        if (r.isEmpty() || !started(podUid, container)) {
            return false;
        }
        return worker(podUid, container, ProbeType.READINESS)
                .map(w -> w.result(r.get().containerId()) == ProbeResult.SUCCESS).orElse(true);
    }

    /** Whether the container runs and its startup probe has passed (or it has none). */
    @Override
    public boolean started(String podUid, String container) {
        Optional<Running> r = running(podUid, container);
        if (r.isEmpty()) {
            return false;
        }
        return worker(podUid, container, ProbeType.STARTUP)
                .map(w -> w.result(r.get().containerId()) == ProbeResult.SUCCESS).orElse(true);
    }

    /** Why the running container must be killed: a failed liveness probe, else a failed startup probe. */
    @Override
    public Optional<String> killReason(String podUid, String container) {
        return livenessFailure(podUid, container).or(() -> startupFailure(podUid, container));
    }

    /** {@code Container <name> failed liveness probe, will be restarted} when the running instance failed it. */
    public Optional<String> livenessFailure(String podUid, String container) {
        return failure(podUid, container, ProbeType.LIVENESS);
    }

    /** {@code Container <name> failed startup probe, will be restarted} when the running instance failed it. */
    public Optional<String> startupFailure(String podUid, String container) {
        return failure(podUid, container, ProbeType.STARTUP);
    }

    /** Stops every worker of the pod and forgets its results. */
    @Override
    public void forget(String podUid) {
        PodProbes p = pods.remove(podUid);
        if (p != null) {
            synchronized (p) {
                p.workers.values().forEach(m -> m.values().forEach(ProbeWorker::stop));
            }
        }
    }

    /** Stops every worker. */
    @Override
    public void close() {
        new ArrayList<>(pods.keySet()).forEach(this::forget);
    }

    private Optional<String> failure(String podUid, String container, ProbeType type) {
        PodProbes p = pods.get(podUid);
        // A pod being deleted is shutting down gracefully: no probe kills it sooner (as upstream).
        if (p == null || p.deleting) {
            return Optional.empty();
        }
        Optional<Running> r = running(podUid, container);
        if (r.isEmpty()) {
            return Optional.empty();
        }
        boolean failed = worker(podUid, container, type)
                .map(w -> w.result(r.get().containerId()) == ProbeResult.FAILURE).orElse(false);
        return failed
                ? Optional.of("Container " + container + " failed " + type.label().toLowerCase(java.util.Locale.ROOT)
                        + " probe, will be restarted")
                : Optional.empty();
    }

    private Optional<Running> running(String podUid, String container) {
        PodProbes p = pods.get(podUid);
        return p == null ? Optional.empty() : Optional.ofNullable(p.running.get(container));
    }

    private Optional<ProbeWorker> worker(String podUid, String container, ProbeType type) {
        PodProbes p = pods.get(podUid);
        if (p == null) {
            return Optional.empty();
        }
        synchronized (p) {
            return Optional.ofNullable(p.workers.getOrDefault(container, Map.of()).get(type));
        }
    }

    private ProbeWorker newWorker(String uid, JsonNode container, ProbeType type, ProbeSpec spec) {
        String name = container.path("name").asText();
        return new ProbeWorker(type, spec, clock,
                target -> prober.probe(spec, container, target.containerId(), target.podIp()),
                () -> started(uid, name),
                outcome -> record(uid, name, type, outcome),
                () -> changed(uid, name, type));
    }

    private void changed(String uid, String container, ProbeType type) {
        PodProbes p = pods.get(uid);
        Optional<Running> r = running(uid, container);
        Optional<ProbeWorker> w = worker(uid, container, type);
        if (p == null || r.isEmpty() || w.isEmpty()) {
            return;
        }
        ProbeResult result = w.get().result(r.get().containerId());
        for (Listener l : listeners) {
            try {
                l.resultChanged(p.pod, container, type, result);
            } catch (RuntimeException e) {
                LOG.warn("probe listener failed for pod {} container {}: {}", uid, container, e.toString());
            }
        }
    }

    /** Upstream's events: every failed run, every run that could not be made, every warning. */
    private void record(String uid, String container, ProbeType type, ProbeOutcome outcome) {
        PodProbes p = pods.get(uid);
        if (p == null) {
            return;
        }
        String message;
        String reason = REASON_UNHEALTHY;
        switch (outcome.kind()) {
            case SUCCESS -> {
                return;
            }
            case FAILURE -> message = type.label() + " probe failed: " + outcome.output();
            case WARNING -> {
                reason = REASON_PROBE_WARNING;
                message = type.label() + " probe warning: " + outcome.output();
            }
            case ERROR -> message = type.label() + " probe errored and resulted in unknown state: " + outcome.output();
            default -> throw new IllegalStateException(outcome.kind().toString());
        }
        LOG.debug("pod {} container {}: {}", uid, container, message);
        JsonNode pod = p.pod;
        ObjectRef ref = new ObjectRef("v1", "Pod", Meta.namespace(pod), Meta.name(pod), Meta.uid(pod))
                .withFieldPath(fieldPath(pod, container));
        events.record(ref, EventRecorder.WARNING, reason, message);
    }

    private static String fieldPath(JsonNode pod, String container) {
        for (JsonNode c : pod.path("spec").path("initContainers")) {
            if (c.path("name").asText().equals(container)) {
                return "spec.initContainers{" + container + "}";
            }
        }
        return "spec.containers{" + container + "}";
    }

    /** Containers that may have probes: regular ones and restartable init containers (sidecars). */
    private static Map<String, JsonNode> probedContainers(JsonNode pod) {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode c : pod.path("spec").path("initContainers")) {
            if ("Always".equals(c.path("restartPolicy").asText())) {
                out.put(c.path("name").asText(), c);
            }
        }
        for (JsonNode c : pod.path("spec").path("containers")) {
            out.put(c.path("name").asText(), c);
        }
        return out;
    }
}
