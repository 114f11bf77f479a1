package dev.tugboat.kubelet.prober;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.events.EventRecorder;
import dev.tugboat.kubelet.sync.ProbeResults;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's prober (upstream's prober manager): one worker per running container and probe kind,
 * each on the probe's period, restarted when the container is (a new container ID). Startup gates the
 * others: until the startup probe passes, liveness and readiness do not run. A result change enqueues
 * the pod's sync; failures are recorded as Unhealthy events.
 */
public final class ProbeManager implements ProbeResults, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeManager.class);

    private record WorkerKey(String podUid, String container, Probe.Kind kind) {
    }

    private final class Worker {
        final WorkerKey key;
        final String containerId;
        final Instant started;
        final JsonNode pod;
        final JsonNode container;
        final String podIp;
        volatile ProbeState state;
        ScheduledFuture<?> future;

        Worker(WorkerKey key, JsonNode pod, JsonNode container, Running running, String podIp, Probe probe) {
            this.key = key;
            this.pod = pod;
            this.container = container;
            this.containerId = running.containerId();
            this.started = running.startedAt();
            this.podIp = podIp;
            this.state = ProbeState.initial(probe);
        }

        void runOnce() {
            try {
                if (key.kind() != Probe.Kind.STARTUP && !started(key.podUid(), key.container())) {
                    return;
                }
                if (!state.due(started, clock.now())) {
                    return;
                }
                ProbeOutcome o = runner.run(state.probe(), container, containerId, podIp);
                ProbeState before = state;
                state = before.next(o);
                if (!o.success()) {
                    events.record(new EventRecorder.ObjectRef("v1", "Pod", Meta.namespace(pod), Meta.name(pod),
                                    Meta.uid(pod)).withFieldPath("spec.containers{" + key.container() + "}"),
                            EventRecorder.WARNING, "Unhealthy", key.kind().display + " probe failed: " + o.message());
                }
                if (before.result() != state.result()) {
                    changed.accept(key.podUid());
                }
            } catch (RuntimeException e) {
                LOG.warn("probe {} failed to run: {}", key, e.getMessage());
            }
        }
    }

    private final Clock clock;
    private final ProbeRunner runner;
    private final EventRecorder events;
    private final Consumer<String> changed;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().name("prober-", 0).daemon().factory());
    private final Map<WorkerKey, Worker> workers = new ConcurrentHashMap<>();

    /** @param changed called with a pod's UID when one of its probe results changes */
    public ProbeManager(Clock clock, ProbeRunner runner, EventRecorder events, Consumer<String> changed) {
        this.clock = clock;
        this.runner = runner;
        this.events = events;
        this.changed = changed;
    }

    @Override
    public synchronized void track(JsonNode pod, Map<String, Running> running, String podIp) {
        String uid = Meta.uid(pod);
        Map<String, JsonNode> containers = new HashMap<>();
        for (String list : new String[] {"initContainers", "containers"}) {
            pod.path("spec").path(list).forEach(c -> containers.put(c.path("name").asText(), c));
        }
        workers.entrySet().removeIf(e -> {
            WorkerKey k = e.getKey();
            if (!k.podUid().equals(uid)) {
                return false;
            }
            Running r = running.get(k.container());
            boolean stale = r == null || !r.containerId().equals(e.getValue().containerId);
            if (stale) {
                e.getValue().future.cancel(false);
            }
            return stale;
        });
        running.forEach((name, r) -> {
            JsonNode c = containers.get(name);
            if (c == null) {
                return;
            }
            for (Probe.Kind kind : Probe.Kind.values()) {
                Optional<Probe> probe = Probe.of(c, kind);
                WorkerKey key = new WorkerKey(uid, name, kind);
                if (probe.isEmpty() || workers.containsKey(key)) {
                    continue;
                }
                Worker w = new Worker(key, pod, c, r, podIp, probe.get());
                workers.put(key, w);
                long delay = Math.max(0, java.time.Duration.between(clock.now(),
                        r.startedAt().plus(probe.get().initialDelay())).toMillis());
                w.future = scheduler.scheduleWithFixedDelay(w::runOnce, delay, probe.get().period().toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        });
    }

    @Override
    public boolean ready(String podUid, String container) {
        Worker w = workers.get(new WorkerKey(podUid, container, Probe.Kind.READINESS));
        return w == null || w.state.result();
    }

    @Override
    public boolean started(String podUid, String container) {
        Worker w = workers.get(new WorkerKey(podUid, container, Probe.Kind.STARTUP));
        return w == null || w.state.result();
    }

    @Override
    public Optional<String> killReason(String podUid, String container) {
        Worker startup = workers.get(new WorkerKey(podUid, container, Probe.Kind.STARTUP));
        if (startup != null && !startup.state.result() && !startup.state.lastOutcome()
                && startup.state.streak() >= startup.state.probe().failureThreshold()) {
            return Optional.of("Container " + container + " failed startup probe, will be restarted");
        }
        Worker liveness = workers.get(new WorkerKey(podUid, container, Probe.Kind.LIVENESS));
        if (liveness != null && !liveness.state.result()) {
            return Optional.of("Container " + container + " failed liveness probe, will be restarted");
        }
        return Optional.empty();
    }

    @Override
    public synchronized void forget(String podUid) {
        workers.entrySet().removeIf(e -> {
            if (e.getKey().podUid().equals(podUid)) {
                e.getValue().future.cancel(false);
                return true;
            }
            return false;
        });
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
