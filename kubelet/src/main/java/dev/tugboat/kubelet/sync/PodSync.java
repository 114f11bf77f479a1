package dev.tugboat.kubelet.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GoDurations;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.controller.Result;
import dev.tugboat.client.events.EventRecorder;
import dev.tugboat.client.events.EventRecorder.ObjectRef;
import dev.tugboat.client.informer.Cache;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.DeleteOptions;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.kubelet.config.KubeletConfig;
import dev.tugboat.kubelet.cri.ContainerConfigs;
import dev.tugboat.kubelet.cri.CriException;
import dev.tugboat.kubelet.cri.CriRuntime;
import dev.tugboat.kubelet.cri.SandboxConfigs;
import dev.tugboat.kubelet.cri.v1.ContainerConfig;
import dev.tugboat.kubelet.cri.v1.DNSConfig;
import dev.tugboat.kubelet.cri.v1.Mount;
import dev.tugboat.kubelet.cri.v1.PodSandboxConfig;
import dev.tugboat.kubelet.node.Cgroups;
import dev.tugboat.kubelet.pod.ContainerConfigError;
import dev.tugboat.kubelet.pod.ContainerSpec;
import dev.tugboat.kubelet.pod.EnvResolver;
import dev.tugboat.kubelet.pod.PodActions;
import dev.tugboat.kubelet.pod.PodPlanner;
import dev.tugboat.kubelet.pod.PodSpecView;
import dev.tugboat.kubelet.pod.PullSecrets;
import dev.tugboat.kubelet.pod.RestartBackoff;
import dev.tugboat.kubelet.prober.Prober;
import dev.tugboat.kubelet.runtime.ContainerRecord;
import dev.tugboat.kubelet.runtime.RuntimePod;
import dev.tugboat.kubelet.runtime.SandboxStatus;
import dev.tugboat.kubelet.status.ContainerObservations;
import dev.tugboat.kubelet.status.PodStatusGenerator;
import dev.tugboat.kubelet.status.Waiting;
import dev.tugboat.kubelet.volume.PodVolumes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of one pod (upstream's SyncPod and SyncTerminatingPod): reads what the runtime has, plans
 * with {@link PodPlanner}, carries the plan out (sandbox, image, environment, volumes, containers,
 * restart backoff), records the kubelet's events, and writes the status the pod now has. A pod being
 * deleted has its containers stopped within its grace period, its sandbox and volumes removed, and
 * is then deleted for good. Level-triggered: it can be repeated at any time.
 */
public final class PodSync {

    private static final Logger LOG = LoggerFactory.getLogger(PodSync.class);
    public static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    /** How often a pod is looked at again while nothing tells the kubelet to (upstream's resync). */
    static final Duration RESYNC = Duration.ofSeconds(10);
    /** A waiting container is retried at least this often (image pulls, config errors). */
    static final Duration RETRY = Duration.ofSeconds(2);

    private final KubeletConfig config;
    private final Clock clock;
    private final Cache pods;
    private final ResourceClient podClient;
    private final ResourceClient podStatus;
    private final CriRuntime runtime;
    private final PodVolumes volumes;
    private final EnvResolver env;
    private final ProbeResults probes;
    private final EventRecorder events;
    private final RestartBackoff backoff;
    private final DNSConfig hostResolv;
    private final Supplier<JsonNode> allocatable;
    private final Function<String, Map<String, String>> serviceEnv;
    private final Map<String, RestartBackoff.Entry> backoffs = new ConcurrentHashMap<>();
    /** Failed image pulls per pod UID, container and image: the next pull waits out the backoff. */
    private final Map<String, RestartBackoff.Entry> pullBackoffs = new ConcurrentHashMap<>();
    private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();
    private final Cgroups cgroups = Cgroups.ofThisMachine();
    private final LifecycleHooks hooks;
    /** Why containers wait, per pod UID and container (set while carrying out a plan). */
    private final Map<String, Map<String, Waiting>> waiting = new ConcurrentHashMap<>();

    public PodSync(KubeletConfig config, Clock clock, ApiClient api, Cache pods, CriRuntime runtime, PodVolumes volumes,
                   EnvResolver env, ProbeResults probes, EventRecorder events, RestartBackoff backoff,
                   DNSConfig hostResolv, Supplier<JsonNode> allocatable,
                   Function<String, Map<String, String>> serviceEnv, Prober hookHandlers) {
        this.config = config;
        this.clock = clock;
        this.pods = pods;
        this.podClient = api.resource(PODS);
        this.podStatus = podClient.subresource("status");
        this.runtime = runtime;
        this.volumes = volumes;
        this.env = env;
        this.probes = probes;
        this.events = events;
        this.backoff = backoff;
        this.hostResolv = hostResolv;
        this.allocatable = allocatable;
        this.serviceEnv = serviceEnv;
        this.hooks = new LifecycleHooks(hookHandlers);
    }

    public Result reconcile(ObjectKey key) {
        Optional<ObjectNode> cached = pods.get(key);
        if (cached.isEmpty()) {
            // Gone from the API: the housekeeping pass stops whatever the runtime still has of it.
            return Result.done();
        }
        ObjectNode pod = cached.get();
        String uid = Meta.uid(pod);
        Instant now = clock.now();
        firstSeen.putIfAbsent(uid, now);
        PodSpecView spec = PodSpecView.of(pod);
        String phase = pod.path("status").path("phase").asText("");
        boolean deleting = !Meta.deletionTimestamp(pod).isEmpty();
        boolean terminal = phase.equals("Succeeded") || phase.equals("Failed");
        RuntimePod rt = runtime.pod(uid);
        if (deleting || terminal) {
            return terminate(key, pod, spec, rt, deleting);
        }
        Map<String, Waiting> waits = new HashMap<>();
        waiting.put(uid, waits);
        Map<String, String> probeKills = new HashMap<>();
        for (ContainerSpec c : allContainers(spec)) {
            probes.killReason(uid, c.name()).ifPresent(r -> probeKills.put(c.name(), r));
        }
        PodActions plan = PodPlanner.plan(spec, rt, probeKills);
        Duration requeue = RESYNC;
        try {
            requeue = execute(pod, spec, rt, plan, waits, now);
        } catch (CriException e) {
            LOG.warn("pod {}: runtime call {} failed: {}", key, e.method(), e.getMessage());
            requeue = RETRY;
        }
        RuntimePod after = runtime.pod(uid);
        trackProbes(pod, spec, after);
        writeStatus(key, pod, spec, after, now);
        return Result.requeueAfter(requeue);
    }

    private static List<ContainerSpec> allContainers(PodSpecView spec) {
        return java.util.stream.Stream.concat(spec.initContainers().stream(), spec.containers().stream()).toList();
    }

    /** Carries out the plan; returns when to look again. */
    private Duration execute(ObjectNode pod, PodSpecView spec, RuntimePod rt, PodActions plan,
                             Map<String, Waiting> waits, Instant now) {
        long grace = gracePeriod(pod);
        String currentIp = rt.latestSandbox().filter(SandboxStatus::ready).map(SandboxStatus::ip).orElse("");
        plan.containersToKill().forEach((id, reason) -> rt.containers().stream().filter(c -> c.id().equals(id))
                .findFirst().ifPresent(c -> {
                    event(pod, c.name(), EventRecorder.NORMAL, "Killing", reason);
                    stopContainer(pod, c, currentIp, grace);
                }));
        Optional<SandboxStatus> sandbox = rt.latestSandbox().filter(SandboxStatus::ready);
        if (plan.killPod()) {
            killPod(pod, rt, grace);
            sandbox = Optional.empty();
            if (!plan.createSandbox()) {
                return RESYNC;
            }
        }
        PodSandboxConfig sandboxConfig = SandboxConfigs.of(pod, plan.sandboxAttempt(), config, hostResolv);
        Map<String, Path> volumeDirs;
        try {
            volumeDirs = volumes.setUp(pod, allocatable.get());
        } catch (ContainerConfigError e) {
            event(pod, "", EventRecorder.WARNING, "FailedMount", e.getMessage());
            return RETRY;
        }
        String sandboxId;
        if (plan.createSandbox()) {
            try {
                sandboxId = runtime.runSandbox(sandboxConfig);
            } catch (CriException e) {
                event(pod, "", EventRecorder.WARNING, "FailedCreatePodSandBox",
                        "Failed to create pod sandbox: " + e.getMessage());
                return RETRY;
            }
        } else if (sandbox.isPresent()) {
            sandboxId = sandbox.get().id();
        } else {
            return RETRY;
        }
        Duration requeue = RESYNC;
        List<String> toStart = new java.util.ArrayList<>();
        plan.initToStart().ifPresent(toStart::add);
        toStart.addAll(plan.containersToStart());
        RuntimePod current = plan.createSandbox() ? RuntimePod.NONE : rt;
        for (String name : toStart) {
            ContainerSpec c = spec.container(name).orElseThrow();
            Optional<Duration> wait = startContainer(pod, spec, c, sandboxId, sandboxConfig, current, volumeDirs, waits, now);
            if (wait.isPresent() && wait.get().compareTo(requeue) < 0) {
                requeue = wait.get();
            }
        }
        return requeue;
    }

    /** Starts one container; returns how soon to retry when it could not start. */
    private Optional<Duration> startContainer(ObjectNode pod, PodSpecView spec, ContainerSpec c, String sandboxId,
                                              PodSandboxConfig sandboxConfig, RuntimePod rt,
                                              Map<String, Path> volumeDirs, Map<String, Waiting> waits, Instant now) {
        String uid = spec.uid();
        Optional<ContainerRecord> last = rt.latest(c.name());
        String backoffKey = uid + "/" + c.name();
        // As upstream's doBackOff: the newest instance that has exited (the newest may be one being
        // replaced right now, e.g. after a failed liveness probe) decides the restart backoff.
        Optional<ContainerRecord> lastExited = rt.instances(c.name()).stream().filter(ContainerRecord::isExited)
                .findFirst();
        if (lastExited.isPresent()) {
            Instant finished = lastExited.get().finishedAt().orElse(lastExited.get().createdAt());
            Instant restartAt = backoff.restartAt(Optional.ofNullable(backoffs.get(backoffKey)), finished);
            if (now.isBefore(restartAt)) {
                Duration left = Duration.between(now, restartAt);
                Duration current = Optional.ofNullable(backoffs.get(backoffKey)).map(RestartBackoff.Entry::backoff)
                        .orElse(backoff.initial());
                waits.put(c.name(), new Waiting("CrashLoopBackOff", "back-off " + GoDurations.format(current)
                        + " restarting failed container=" + c.name() + " pod=" + spec.formatted()));
                event(pod, c.name(), EventRecorder.WARNING, "BackOff", "Back-off restarting failed container "
                        + c.name() + " in pod " + spec.formatted());
                return Optional.of(left);
            }
            backoffs.put(backoffKey, backoff.next(Optional.ofNullable(backoffs.get(backoffKey)), finished));
        }
        JsonNode container = c.spec();
        String image = c.image();
        String policy = container.path("imagePullPolicy").asText("IfNotPresent");
        try {
            boolean present = runtime.hasImage(image);
            if (policy.equals("Never") && !present) {
                String msg = "Container image \"" + image + "\" is not present with pull policy of Never";
                waits.put(c.name(), new Waiting("ErrImageNeverPull", msg));
                event(pod, c.name(), EventRecorder.WARNING, "ErrImageNeverPull", msg);
                return Optional.of(RETRY);
            }
            if (policy.equals("Always") || !present) {
                String pullKey = uid + "/" + c.name() + "/" + image;
                RestartBackoff.Entry failed = pullBackoffs.get(pullKey);
                if (failed != null && now.isBefore(failed.lastUpdate().plus(failed.backoff()))) {
                    // Upstream's image backoff: the last pull failed, the next waits (10 s doubling to 5 min).
                    waits.put(c.name(), new Waiting("ImagePullBackOff", "Back-off pulling image \"" + image + "\""));
                    event(pod, c.name(), EventRecorder.NORMAL, "BackOff", "Back-off pulling image \"" + image + "\"");
                    return Optional.of(Duration.between(now, failed.lastUpdate().plus(failed.backoff())));
                }
                event(pod, c.name(), EventRecorder.NORMAL, "Pulling", "Pulling image \"" + image + "\"");
                long t0 = System.nanoTime();
                try {
                    runtime.pullImage(image, sandboxConfig, PullSecrets.forImage(image, pullSecrets(pod)));
                } catch (CriException e) {
                    String msg = "Failed to pull image \"" + image + "\": " + e.getMessage();
                    waits.put(c.name(), new Waiting("ErrImagePull", msg));
                    event(pod, c.name(), EventRecorder.WARNING, "Failed", msg);
                    event(pod, c.name(), EventRecorder.WARNING, "Failed", "Error: ErrImagePull");
                    RestartBackoff.Entry next = backoff.next(Optional.ofNullable(failed), now);
                    pullBackoffs.put(pullKey, next);
                    return Optional.of(next.backoff());
                }
                pullBackoffs.remove(pullKey);
                double secs = (System.nanoTime() - t0) / 1e9;
                event(pod, c.name(), EventRecorder.NORMAL, "Pulled", String.format(
                        "Successfully pulled image \"%s\" in %.3fs (%.3fs including waiting)", image, secs, secs));
            } else {
                event(pod, c.name(), EventRecorder.NORMAL, "Pulled", "Container image \"" + image
                        + "\" already present on machine");
            }
            Map<String, String> vars = env.resolve(pod, container, serviceEnv.apply(spec.namespace()), allocatable.get());
            List<Mount> mounts = volumes.mounts(container, volumeDirs, vars);
            int attempt = last.map(r -> r.attempt() + 1).orElse(0);
            ContainerConfig cc = ContainerConfigs.of(pod, container, attempt, vars, mounts, memoryCapacity());
            String id;
            try {
                id = runtime.createContainer(sandboxId, sandboxConfig, cc);
            } catch (CriException e) {
                waits.put(c.name(), new Waiting("CreateContainerError", e.getMessage()));
                event(pod, c.name(), EventRecorder.WARNING, "Failed", "Error: " + e.getMessage());
                return Optional.of(RETRY);
            }
            event(pod, c.name(), EventRecorder.NORMAL, "Created", "Created container " + c.name());
            try {
                runtime.startContainer(id);
            } catch (CriException e) {
                waits.put(c.name(), new Waiting("RunContainerError", e.getMessage()));
                event(pod, c.name(), EventRecorder.WARNING, "Failed", "Error: " + e.getMessage());
                return Optional.of(RETRY);
            }
            event(pod, c.name(), EventRecorder.NORMAL, "Started", "Started container " + c.name());
            String podIp = spec.hostNetwork() ? config.nodeIp() : sandboxIp(sandboxId);
            Optional<String> hookFailed = hooks.run("postStart", container, id, podIp, Duration.ofSeconds(30));
            if (hookFailed.isPresent()) {
                // Upstream kills a container whose postStart hook failed; the restart policy decides the rest.
                event(pod, c.name(), EventRecorder.WARNING, "FailedPostStartHook", hookFailed.get());
                runtime.stopContainer(id, gracePeriod(pod));
            }
            return Optional.empty();
        } catch (ContainerConfigError e) {
            waits.put(c.name(), new Waiting("CreateContainerConfigError", e.getMessage()));
            event(pod, c.name(), EventRecorder.WARNING, "Failed", "Error: " + e.getMessage());
            return Optional.of(RETRY);
        }
    }

    /** The pod's imagePullSecrets that exist, in the pod's order. */
    private List<JsonNode> pullSecrets(JsonNode pod) {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode ref : pod.path("spec").path("imagePullSecrets")) {
            env.objects().secret(Meta.namespace(pod), ref.path("name").asText()).ifPresent(out::add);
        }
        return out;
    }

    private long memoryCapacity() {
        JsonNode m = allocatable.get().get("memory");
        return m == null ? 0 : dev.tugboat.api.quantity.Quantity.parse(m).value();
    }

    /** Stops every container (within the grace period) and every sandbox of the pod. */
    private void killPod(ObjectNode pod, RuntimePod rt, long grace) {
        String podIp = rt.latestSandbox().filter(SandboxStatus::ready).map(SandboxStatus::ip).orElse("");
        for (ContainerRecord c : rt.containers()) {
            if (c.isRunning()) {
                event(pod, c.name(), EventRecorder.NORMAL, "Killing", "Stopping container " + c.name());
                stopContainer(pod, c, podIp, grace);
            }
        }
        for (SandboxStatus s : rt.sandboxes()) {
            runtime.stopSandbox(s.id());
        }
        // Stopped sandboxes of earlier attempts and their containers go; the newest stays for its status.
        Optional<SandboxStatus> newest = rt.latestSandbox();
        for (SandboxStatus s : rt.sandboxes()) {
            if (newest.isEmpty() || !s.id().equals(newest.get().id())) {
                runtime.removeSandbox(s.id());
            }
        }
    }

    /**
     * A pod being deleted, or finished: containers stopped, sandbox stopped; a deleted pod also loses
     * its runtime state and volumes and is then removed from the API with grace 0.
     */
    private Result terminate(ObjectKey key, ObjectNode pod, PodSpecView spec, RuntimePod rt, boolean deleting) {
        long grace = gracePeriod(pod);
        try {
            killPod(pod, rt, grace);
        } catch (CriException e) {
            LOG.warn("pod {}: stopping failed: {}", key, e.getMessage());
            return Result.requeueAfter(RETRY);
        }
        probes.forget(spec.uid());
        RuntimePod after = runtime.pod(spec.uid());
        if (!deleting) {
            writeStatus(key, pod, spec, after, clock.now());
            return Result.done();
        }
        writeStatus(key, pod, spec, after, clock.now());
        try {
            for (SandboxStatus s : after.sandboxes()) {
                runtime.removeSandbox(s.id());
            }
            volumes.tearDown(spec.uid());
            cgroups.remove(SandboxConfigs.cgroupParent(config, spec.uid()));
        } catch (CriException | IOException e) {
            LOG.warn("pod {}: cleaning up failed: {}", key, e.getMessage());
            return Result.requeueAfter(RETRY);
        }
        forget(spec.uid());
        try {
            podClient.delete(spec.namespace(), spec.name(),
                    DeleteOptions.DEFAULT.withGracePeriodSeconds(0).withPreconditionUid(spec.uid()));
        } catch (StatusException e) {
            if (!e.isNotFound() && !e.isConflict()) {
                throw e;
            }
        }
        return Result.done();
    }

    /**
     * Stops a container as upstream's killContainer: its preStop hook first (within the grace period),
     * then SIGTERM, and SIGKILL once what is left of the grace period has passed.
     */
    private void stopContainer(JsonNode pod, ContainerRecord c, String podIp, long grace) {
        Optional<JsonNode> container = PodSpecView.of(pod).container(c.name()).map(ContainerSpec::spec);
        long left = grace;
        if (container.isPresent() && container.get().path("lifecycle").has("preStop")) {
            long t0 = System.nanoTime();
            hooks.run("preStop", container.get(), c.id(), podIp, Duration.ofSeconds(Math.max(1, grace)))
                    .ifPresent(failed -> event(pod, c.name(), EventRecorder.WARNING, "FailedPreStopHook", failed));
            left = Math.max(2, grace - (System.nanoTime() - t0) / 1_000_000_000L);
        }
        runtime.stopContainer(c.id(), left);
    }

    private String sandboxIp(String sandboxId) {
        return runtime.sandboxIp(sandboxId);
    }

    /** Drops what the kubelet remembers about a pod that is gone. */
    void forget(String uid) {
        waiting.remove(uid);
        firstSeen.remove(uid);
        backoffs.keySet().removeIf(k -> k.startsWith(uid + "/"));
        pullBackoffs.keySet().removeIf(k -> k.startsWith(uid + "/"));
    }

    private static long gracePeriod(JsonNode pod) {
        JsonNode deletion = pod.path("metadata").get("deletionGracePeriodSeconds");
        if (deletion != null && deletion.canConvertToLong()) {
            return Math.max(0, deletion.asLong());
        }
        return Math.max(0, pod.path("spec").path("terminationGracePeriodSeconds").asLong(30));
    }

    private void trackProbes(ObjectNode pod, PodSpecView spec, RuntimePod rt) {
        Map<String, ProbeResults.Running> running = new HashMap<>();
        for (ContainerSpec c : allContainers(spec)) {
            rt.latest(c.name()).filter(ContainerRecord::isRunning).ifPresent(r -> running.put(c.name(),
                    new ProbeResults.Running(r.id(), r.startedAt().orElse(r.createdAt()))));
        }
        String ip = rt.latestSandbox().filter(SandboxStatus::ready).map(SandboxStatus::ip).orElse("");
        probes.track(pod, running, spec.hostNetwork() ? config.nodeIp() : ip);
    }

    private void writeStatus(ObjectKey key, ObjectNode pod, PodSpecView spec, RuntimePod rt, Instant now) {
        Set<String> ready = new HashSet<>();
        Set<String> started = new HashSet<>();
        for (ContainerSpec c : allContainers(spec)) {
            if (probes.started(spec.uid(), c.name())) {
                started.add(c.name());
            }
            if (probes.ready(spec.uid(), c.name())) {
                ready.add(c.name());
            }
        }
        ContainerObservations obs = new ContainerObservations(waiting.getOrDefault(spec.uid(), Map.of()), ready, started);
        ObjectNode status = PodStatusGenerator.generate(pod, spec, rt, obs, config.nodeIp(),
                firstSeen.getOrDefault(spec.uid(), now), now);
        if (status.equals(pod.path("status"))) {
            return;
        }
        ObjectNode body = pod.deepCopy();
        body.set("status", status);
        try {
            podStatus.update(spec.namespace(), body);
        } catch (StatusException e) {
            if (!e.isConflict() && !e.isNotFound()) {
                throw e;
            }
            LOG.debug("pod {}: status write skipped: {}", key, e.getMessage());
        }
    }

    private void event(JsonNode pod, String container, String type, String reason, String message) {
        ObjectRef ref = new ObjectRef("v1", "Pod", Meta.namespace(pod), Meta.name(pod), Meta.uid(pod));
        if (!container.isEmpty()) {
            ref = ref.withFieldPath(fieldPath(pod, container));
        }
        events.record(ref, type, reason, message);
    }

    private static String fieldPath(JsonNode pod, String container) {
        for (JsonNode c : pod.path("spec").path("initContainers")) {
            if (c.path("name").asText().equals(container)) {
                return "spec.initContainers{" + container + "}";
            }
        }
        return "spec.containers{" + container + "}";
    }
}
