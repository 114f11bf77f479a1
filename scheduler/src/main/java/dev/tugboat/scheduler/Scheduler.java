package dev.tugboat.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.client.clock.Clock;
import dev.tugboat.client.events.ApiEventRecorder;
import dev.tugboat.client.events.EventRecorder;
import dev.tugboat.client.informer.HandlerRegistration;
import dev.tugboat.client.informer.InformerOptions;
import dev.tugboat.client.informer.ObjectKey;
import dev.tugboat.client.informer.ResourceEventHandler;
import dev.tugboat.client.informer.SharedInformer;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.DeleteOptions;
import dev.tugboat.client.rest.PatchType;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;
import dev.tugboat.scheduler.cache.SchedulerCache;
import dev.tugboat.scheduler.framework.ClusterEvent;
import dev.tugboat.scheduler.framework.CycleState;
import dev.tugboat.scheduler.framework.Framework;
import dev.tugboat.scheduler.framework.NamespaceLabels;
import dev.tugboat.scheduler.framework.Plugin;
import dev.tugboat.scheduler.framework.PodInfo;
import dev.tugboat.scheduler.framework.Snapshot;
import dev.tugboat.scheduler.framework.Status;
import dev.tugboat.scheduler.plugins.DefaultPlugins;
import dev.tugboat.scheduler.plugins.defaultpreemption.DisruptionBudget;
import dev.tugboat.scheduler.plugins.volumebinding.VolumeBinding;
import dev.tugboat.scheduler.plugins.volumebinding.VolumeListers;
import dev.tugboat.scheduler.queue.QueuedPodInfo;
import dev.tugboat.scheduler.queue.SchedulingQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kube-scheduler: watches pods, nodes and what the plugins need; schedules each pending pod of
 * {@link SchedulerConfig#schedulerName()} on one thread (pop → snapshot → filter → score → assume),
 * and binds on background threads through {@code pods/binding} while the next pod is scheduled. The
 * assumed pod counts in the cache at once; a failed binding forgets it and requeues the pod. Pods
 * that fit nowhere get {@code PodScheduled=False} (written only when it changes), a FailedScheduling
 * event, and wait in the queue for a relevant cluster change; preemption may nominate a node.
 */
public final class Scheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    private static final GroupVersionResource NODES = new GroupVersionResource("", "v1", "nodes");
    private static final GroupVersionResource NAMESPACES = new GroupVersionResource("", "v1", "namespaces");
    private static final GroupVersionResource PVCS = new GroupVersionResource("", "v1", "persistentvolumeclaims");
    private static final GroupVersionResource PVS = new GroupVersionResource("", "v1", "persistentvolumes");
    private static final GroupVersionResource PDBS = new GroupVersionResource("policy", "v1",
            "poddisruptionbudgets");
    private static final GroupVersionResource STORAGE_CLASSES = new GroupVersionResource("storage.k8s.io", "v1",
            "storageclasses");
    /** Terminal pods hold no resources: the informer does not cache them (as upstream's). */
    private static final String NON_TERMINAL = "status.phase!=Succeeded,status.phase!=Failed";

    private final Clock clock;
    private final SchedulerConfig config;
    private final ResourceClient podClient;
    private final ResourceClient podStatus;
    private final ResourceClient podBinding;
    private final ResourceClient pvcClient;
    private final SharedInformer pods;
    private final SharedInformer nodes;
    private final SharedInformer namespaces;
    private final SharedInformer pvcs;
    private final SharedInformer pvs;
    private final SharedInformer storageClasses;
    private final SharedInformer pdbs;
    private final WorkloadListers workloads;
    private final List<HandlerRegistration> registrations = new ArrayList<>();
    private final SchedulerCache cache = new SchedulerCache();
    private final SchedulingQueue queue;
    private final Framework framework;
    private final SchedulingAlgorithm algorithm;
    private final Snapshot snapshot;
    private final ApiEventRecorder events;
    private final ExecutorService background = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("scheduler-bind-", 0).factory());
    private final Semaphore bindSlots;
    private volatile boolean running;
    private Thread loop;

    public Scheduler(ApiClient api, Clock clock, SchedulerConfig config) {
        this.clock = clock;
        this.config = config;
        this.podClient = api.resource(PODS);
        this.podStatus = podClient.subresource("status");
        this.podBinding = podClient.subresource("binding");
        this.pvcClient = api.resource(PVCS);
        InformerOptions opts = InformerOptions.ALL.withTransform(InformerOptions.STRIP_MANAGED_FIELDS);
        this.pods = new SharedInformer(podClient, opts.withFieldSelector(NON_TERMINAL), clock);
        this.nodes = new SharedInformer(api.resource(NODES), opts, clock);
        this.namespaces = new SharedInformer(api.resource(NAMESPACES), opts, clock);
        this.pvcs = new SharedInformer(pvcClient, opts, clock);
        this.pvs = new SharedInformer(api.resource(PVS), opts, clock);
        this.storageClasses = new SharedInformer(api.resource(STORAGE_CLASSES), opts, clock);
        this.pdbs = new SharedInformer(api.resource(PDBS), opts, clock);
        this.workloads = new WorkloadListers(api, clock);
        this.events = new ApiEventRecorder(api, clock, SchedulerConfig.DEFAULT_SCHEDULER_NAME);
        this.bindSlots = new Semaphore(config.bindParallelism());

        Framework[] holder = new Framework[1];
        List<Plugin> plugins = DefaultPlugins.plugins(() -> holder[0], this::preempt, this::disruptionBudgets,
                volumeListers(), workloads, (ns, binding) -> podBinding.create(ns, binding));
        this.framework = new Framework(plugins, DefaultPlugins.SCORE_WEIGHTS);
        holder[0] = framework;
        this.queue = new SchedulingQueue(clock, config.initialBackoff(), config.maxBackoff(),
                config.maxInUnschedulable(), eventPlugins(plugins));
        // Its own seeded generator for the tie-breaks: ThreadLocalRandom.current() taken here and used
        // from the scheduling thread would read that thread's never-initialised seed (the same each run).
        this.algorithm = new SchedulingAlgorithm(framework, new SplittableRandom(),
                config.percentageOfNodesToScore(), queue::nominatedPods);
        this.snapshot = new Snapshot(namespaceLabels());
        registerHandlers();
    }

    private static Map<ClusterEvent, Set<String>> eventPlugins(List<Plugin> plugins) {
        Map<ClusterEvent, Set<String>> m = new EnumMap<>(ClusterEvent.class);
        for (Plugin p : plugins) {
            for (ClusterEvent e : p.events()) {
                m.computeIfAbsent(e, k -> new HashSet<>()).add(p.name());
            }
        }
        return m;
    }

    private NamespaceLabels namespaceLabels() {
        return ns -> namespaces.cache().get(new ObjectKey("", ns)).map(Meta::labels).orElse(null);
    }

    private List<DisruptionBudget> disruptionBudgets() {
        List<DisruptionBudget> out = new ArrayList<>();
        for (ObjectNode pdb : pdbs.cache().list()) {
            out.add(DisruptionBudget.from(pdb));
        }
        return out;
    }

    private VolumeListers volumeListers() {
        return new VolumeListers() {
            @Override
            public ObjectNode claim(String namespace, String name) {
                return pvcs.cache().get(new ObjectKey(namespace, name)).orElse(null);
            }

            @Override
            public ObjectNode volume(String name) {
                return pvs.cache().get(new ObjectKey("", name)).orElse(null);
            }

            @Override
            public ObjectNode storageClass(String name) {
                return name.isEmpty() ? null : storageClasses.cache().get(new ObjectKey("", name)).orElse(null);
            }

            @Override
            public void selectNode(String namespace, String claim, String node) {
                ObjectNode patch = Json.object();
                patch.putObject("metadata").putObject("annotations").put(VolumeBinding.SELECTED_NODE, node);
                pvcClient.patch(namespace, claim, PatchType.MERGE, patch);
            }
        };
    }

    // ------------------------------------------------------------------ informer events

    private void registerHandlers() {
        registrations.add(pods.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode obj, boolean initialList) {
                onPodAdd(PodInfo.from(obj));
            }

            @Override
            public void onUpdate(ObjectNode oldObj, ObjectNode newObj) {
                if (oldObj != newObj) {
                    onPodUpdate(PodInfo.from(oldObj), PodInfo.from(newObj));
                }
            }

            @Override
            public void onDelete(ObjectNode obj, boolean finalStateUnknown) {
                onPodDelete(PodInfo.from(obj));
            }
        }));
        registrations.add(nodes.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode obj, boolean initialList) {
                cache.addOrUpdateNode(obj);
                queue.moveAllToActiveOrBackoff(ClusterEvent.NODE_ADD);
            }

            @Override
            public void onUpdate(ObjectNode oldObj, ObjectNode newObj) {
                if (oldObj != newObj && schedulingRelevantChange(oldObj, newObj)) {
                    cache.addOrUpdateNode(newObj);
                    queue.moveAllToActiveOrBackoff(ClusterEvent.NODE_UPDATE);
                }
            }

            @Override
            public void onDelete(ObjectNode obj, boolean finalStateUnknown) {
                cache.removeNode(Meta.name(obj));
                queue.moveAllToActiveOrBackoff(ClusterEvent.NODE_DELETE);
            }
        }));
        registrations.add(namespaces.addEventHandler(moveOn(ClusterEvent.NAMESPACE_CHANGE)));
        registrations.add(pvcs.addEventHandler(moveOn(ClusterEvent.PVC_CHANGE)));
        registrations.add(pvs.addEventHandler(moveOn(ClusterEvent.PV_CHANGE)));
        registrations.add(storageClasses.addEventHandler(moveOn(ClusterEvent.STORAGE_CLASS_CHANGE)));
        registrations.add(pdbs.addEventHandler(ResourceEventHandler.onAnyChange(pdb -> { })));
        registrations.addAll(workloads.register());
    }

    private ResourceEventHandler moveOn(ClusterEvent event) {
        return new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode obj, boolean initialList) {
                if (!initialList) {
                    queue.moveAllToActiveOrBackoff(event);
                }
            }

            @Override
            public void onUpdate(ObjectNode oldObj, ObjectNode newObj) {
                if (oldObj != newObj) {
                    queue.moveAllToActiveOrBackoff(event);
                }
            }

            @Override
            public void onDelete(ObjectNode obj, boolean finalStateUnknown) {
                queue.moveAllToActiveOrBackoff(event);
            }
        };
    }

    /** Heartbeats and condition changes do not matter to scheduling; labels, taints and capacity do. */
    private static boolean schedulingRelevantChange(JsonNode a, JsonNode b) {
        return !Objects.equals(a.path("metadata").path("labels"), b.path("metadata").path("labels"))
                || !Objects.equals(a.path("spec"), b.path("spec"))
                || !Objects.equals(a.path("status").path("allocatable"), b.path("status").path("allocatable"))
                || !Objects.equals(a.path("status").path("capacity"), b.path("status").path("capacity"));
    }

    private boolean responsibleFor(PodInfo pod) {
        return config.schedulerName().equals(pod.schedulerName());
    }

    private void onPodAdd(PodInfo pod) {
        if (!pod.nodeName().isEmpty()) {
            cache.addOrUpdatePod(pod);
            queue.moveAllToActiveOrBackoff(ClusterEvent.ASSIGNED_POD_ADD);
        } else if (responsibleFor(pod) && !pod.deleting()) {
            queue.add(pod);
        }
    }

    private void onPodUpdate(PodInfo oldPod, PodInfo newPod) {
        if (!newPod.nodeName().isEmpty()) {
            if (oldPod.nodeName().isEmpty()) {
                queue.delete(oldPod);
            }
            cache.addOrUpdatePod(newPod);
            queue.moveAllToActiveOrBackoff(oldPod.nodeName().isEmpty()
                    ? ClusterEvent.ASSIGNED_POD_ADD : ClusterEvent.ASSIGNED_POD_UPDATE);
        } else if (responsibleFor(newPod)) {
            if (newPod.deleting()) {
                queue.delete(newPod);
            } else {
                queue.update(oldPod, newPod);
            }
        }
    }

    private void onPodDelete(PodInfo pod) {
        if (!pod.nodeName().isEmpty()) {
            cache.removePod(pod.key());
            queue.delete(pod);
            queue.moveAllToActiveOrBackoff(ClusterEvent.ASSIGNED_POD_DELETE);
        } else {
            queue.delete(pod);
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /** Starts the informers and, once they are synced, the scheduling loop. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (SharedInformer i : List.of(nodes, namespaces, pvcs, pvs, storageClasses, pdbs, pods)) {
            i.start();
        }
        workloads.start();
        queue.start();
        loop = Thread.ofPlatform().name("scheduler").daemon().start(this::run);
    }

    /** True once every informer has delivered its initial list. */
    public boolean isSynced() {
        for (HandlerRegistration r : registrations) {
            if (!r.hasSynced()) {
                return false;
            }
        }
        return true;
    }

    private void run() {
        try {
            while (running && !isSynced()) {
                Thread.sleep(10);
            }
            while (running) {
                scheduleOne();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("the scheduling loop stopped", e);
            throw e;
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            running = false;
        }
        queue.close();
        if (loop != null) {
            try {
                loop.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        background.shutdown();
        try {
            background.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SharedInformer i : List.of(pods, nodes, namespaces, pvcs, pvs, storageClasses, pdbs)) {
            i.close();
        }
        workloads.close();
        events.close();
    }

    // ------------------------------------------------------------------ the scheduling cycle

    /** One scheduling cycle (upstream's {@code scheduleOne}); numbered steps as there. */
    void scheduleOne() throws InterruptedException {
        // 1. Next pod; skip pods that are going away or already placed.
        QueuedPodInfo q = queue.pop(Duration.ofSeconds(1));
        if (q == null) {
            return;
        }
        PodInfo pod = q.pod();
        long podCycle = queue.schedulingCycle();
        if (pod.deleting() || cache.contains(pod.key())) {
            queue.done(pod.key());
            return;
        }
        try {
            // 2. Bring the snapshot up to date and decide.
            cache.updateSnapshot(snapshot);
            CycleState state = new CycleState();
            SchedulingAlgorithm.Result result = algorithm.schedule(state, pod, snapshot);
            switch (result) {
                case SchedulingAlgorithm.Scheduled s -> assumeAndBind(state, q, s.node());
                case SchedulingAlgorithm.Unschedulable u -> handleUnschedulable(q, podCycle, u);
                case SchedulingAlgorithm.Failed f -> handleError(q, f.message());
            }
        } catch (RuntimeException e) {
            LOG.warn("scheduling {} failed", pod.key(), e);
            handleError(q, String.valueOf(e.getMessage()));
        }
    }

    /** 3. Assume the pod on the node (its requests count from now on), reserve, and bind in the background. */
    private void assumeAndBind(CycleState state, QueuedPodInfo q, String node) throws InterruptedException {
        PodInfo assumed = q.pod().withNodeName(node);
        cache.assumePod(assumed);
        Status reserved = framework.runReserve(state, assumed, node);
        if (!reserved.isSuccess()) {
            cache.forgetPod(assumed);
            handleError(q, reserved.message());
            return;
        }
        bindSlots.acquire();
        try {
            background.execute(() -> bindingCycle(state, q, assumed, node));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            bindSlots.release();
            cache.forgetPod(assumed);
            queue.done(assumed.key());
        }
    }

    /** 4. PreBind and Bind off the scheduling thread; on failure forget the assumption and retry. */
    private void bindingCycle(CycleState state, QueuedPodInfo q, PodInfo assumed, String node) {
        try {
            Status s = framework.runPreBind(state, assumed, node);
            if (s.isSuccess()) {
                s = framework.runBind(state, assumed, node);
            }
            if (!s.isSuccess()) {
                bindFailed(state, q, assumed, node, s.message());
                return;
            }
            events.record(ref(assumed), EventRecorder.NORMAL, "Scheduled",
                    "Successfully assigned " + assumed.key() + " to " + node);
        } catch (RuntimeException e) {
            bindFailed(state, q, assumed, node, String.valueOf(e.getMessage()));
        } finally {
            queue.done(assumed.key());
            bindSlots.release();
        }
    }

    /**
     * Undoes the assumption and, as upstream's failure handler does, retries with backoff unless the
     * informer shows the pod gone (or replaced, or bound meanwhile). The informer decides, not the
     * error: a server's NotFound or Conflict may come from a read behind the write it answers.
     */
    private void bindFailed(CycleState state, QueuedPodInfo q, PodInfo assumed, String node, String message) {
        LOG.debug("binding {} to {} failed: {}", assumed.key(), node, message);
        cache.forgetPod(assumed);
        framework.runUnreserve(state, assumed, node);
        // The forgotten pod's resources are free again: others may fit now.
        queue.moveAllToActiveOrBackoff(ClusterEvent.ASSIGNED_POD_DELETE);
        ObjectNode current = pods.cache().get(new ObjectKey(assumed.namespace(), assumed.name())).orElse(null);
        if (current != null && Meta.uid(current).equals(assumed.uid())
                && current.path("spec").path("nodeName").asText("").isEmpty()) {
            events.record(ref(assumed), EventRecorder.WARNING, "FailedScheduling", "Binding rejected: " + message);
            queue.addBackoff(q);
        }
    }

    /** 5a. No node fits: park the pod, tell the user (event + condition), keep a nomination. */
    private void handleUnschedulable(QueuedPodInfo q, long podCycle, SchedulingAlgorithm.Unschedulable u) {
        PodInfo pod = q.pod();
        String message = u.fitError().message();
        Set<String> plugins = new HashSet<>(u.fitError().unschedulablePlugins());
        plugins.remove("");
        q.setUnschedulablePlugins(plugins);
        ObjectNode current = pods.cache().get(new ObjectKey(pod.namespace(), pod.name())).orElse(null);
        if (current == null || !Meta.uid(current).equals(pod.uid())
                || !current.path("spec").path("nodeName").asText("").isEmpty()) {
            queue.done(pod.key());
            return;
        }
        if (!u.nominatedNode().isEmpty()) {
            queue.nominate(pod, u.nominatedNode());
        }
        queue.addUnschedulable(q, podCycle);
        queue.done(pod.key());
        events.record(ref(pod), EventRecorder.WARNING, "FailedScheduling", message);
        background.execute(() -> updateCondition(current, message, u.nominatedNode()));
    }

    /** 5b. An error: retry with backoff. */
    private void handleError(QueuedPodInfo q, String message) {
        PodInfo pod = q.pod();
        queue.addBackoff(q);
        queue.done(pod.key());
        events.record(ref(pod), EventRecorder.WARNING, "FailedScheduling", message);
    }

    /** Writes PodScheduled=False (and the nominated node) through pods/status, only if it changed. */
    private void updateCondition(ObjectNode current, String message, String nominatedNode) {
        JsonNode existing = null;
        for (JsonNode c : current.path("status").path("conditions")) {
            if ("PodScheduled".equals(c.path("type").asText())) {
                existing = c;
            }
        }
        boolean sameCondition = existing != null && "False".equals(existing.path("status").asText())
                && "Unschedulable".equals(existing.path("reason").asText())
                && message.equals(existing.path("message").asText());
        boolean sameNomination = nominatedNode.isEmpty()
                || nominatedNode.equals(current.path("status").path("nominatedNodeName").asText(""));
        if (sameCondition && sameNomination) {
            return;
        }
        String transition = existing != null && "False".equals(existing.path("status").asText())
                && existing.hasNonNull("lastTransitionTime")
                ? existing.path("lastTransitionTime").asText() : Timestamps.format(clock.now());
        ObjectNode patch = Json.object();
        ObjectNode status = patch.putObject("status");
        ObjectNode cond = status.putArray("conditions").addObject();
        cond.put("type", "PodScheduled").put("status", "False").putNull("lastProbeTime");
        cond.put("lastTransitionTime", transition).put("reason", "Unschedulable").put("message", message);
        if (!nominatedNode.isEmpty()) {
            status.put("nominatedNodeName", nominatedNode);
        }
        try {
            podStatus.patch(Meta.namespace(current), Meta.name(current), PatchType.STRATEGIC, patch);
        } catch (RuntimeException e) {
            LOG.debug("could not update the PodScheduled condition of {}/{}: {}", Meta.namespace(current),
                    Meta.name(current), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ preemption hand-off

    /** Nominates the node for the preemptor and deletes the victims (in the background). */
    private void preempt(PodInfo preemptor, String node, List<PodInfo> victims) {
        queue.nominate(preemptor, node);
        for (PodInfo victim : victims) {
            background.execute(() -> {
                try {
                    podClient.delete(victim.namespace(), victim.name(),
                            DeleteOptions.DEFAULT.withPreconditionUid(victim.uid()));
                    events.record(ref(victim), EventRecorder.NORMAL, "Preempted",
                            "Preempted by pod " + preemptor.uid() + " on node " + node);
                } catch (StatusException e) {
                    if (!e.isNotFound() && !e.isConflict()) {
                        LOG.warn("could not preempt {}: {}", victim.key(), e.getMessage());
                    }
                }
            });
        }
    }

    private static EventRecorder.ObjectRef ref(PodInfo pod) {
        return new EventRecorder.ObjectRef("v1", "Pod", pod.namespace(), pod.name(), pod.uid());
    }

    /** Sizes of the scheduling queue (for tests and metrics). */
    public SchedulingQueue.Sizes queueSizes() {
        return queue.sizes();
    }
}
