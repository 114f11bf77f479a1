package dev.tugboat.kubelet.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.kubelet.pod.ContainerSpec;
import dev.tugboat.kubelet.pod.PodSpecView;
import dev.tugboat.kubelet.pod.RestartPolicy;
import dev.tugboat.kubelet.runtime.ContainerRecord;
import dev.tugboat.kubelet.runtime.RuntimePod;
import dev.tugboat.kubelet.runtime.SandboxStatus;
import dev.tugboat.kubelet.status.PodConditions.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The status the kubelet writes for a pod (upstream's generateAPIPodStatus): phase by upstream's
 * getPhase rules, the kubelet's conditions (PodReadyToStartContainers, Initialized, Ready,
 * ContainersReady; PodScheduled kept), host and pod IPs, start time, and container statuses with state,
 * last state, readiness, restart count, image and IDs (init containers in spec order, regular ones by
 * name). A condition keeps its lastTransitionTime while its status does not change. Fields the
 * kubelet does not own (qosClass, other conditions, nominatedNodeName) are kept. Pure.
 */
public final class PodStatusGenerator {

    private PodStatusGenerator() {
    }

    /**
     * @param pod     the pod as the API has it (its status is the starting point)
     * @param hostIp  the node's InternalIP
     * @param started when the kubelet first saw the pod (the status's startTime if it has none)
     */
    public static ObjectNode generate(JsonNode pod, PodSpecView spec, RuntimePod runtime, ContainerObservations obs,
                                      String hostIp, Instant started, Instant now) {
        JsonNode current = pod.path("status");
        ObjectNode status = current instanceof ObjectNode o ? o.deepCopy() : Json.object();
        List<ObjectNode> init = new ArrayList<>();
        for (ContainerSpec c : spec.initContainers()) {
            init.add(containerStatus(spec, c, runtime, obs, false));
        }
        List<ObjectNode> regular = new ArrayList<>();
        boolean initializing = !initialized(spec, init);
        for (ContainerSpec c : spec.containers()) {
            regular.add(containerStatus(spec, c, runtime, obs, initializing));
        }
        regular.sort(Comparator.comparing(s -> s.path("name").asText()));
        String phase = phase(spec, init, regular);
        status.put("phase", phase);
        status.set("conditions", conditions(pod, spec, runtime, init, regular, phase, now));
        status.put("hostIP", hostIp);
        status.set("hostIPs", ips(hostIp));
        String podIp = spec.hostNetwork() ? hostIp
                : runtime.latestSandbox().filter(SandboxStatus::ready).map(SandboxStatus::ip).orElse("");
        if (!podIp.isEmpty()) {
            status.put("podIP", podIp);
            status.set("podIPs", ips(podIp));
        } else if (!status.path("podIP").isTextual()) {
            status.remove("podIPs");
        }
        if (!status.path("startTime").isTextual()) {
            status.put("startTime", Timestamps.format(started));
        }
        if (init.isEmpty()) {
            status.remove("initContainerStatuses");
        } else {
            status.putArray("initContainerStatuses").addAll(init);
        }
        status.putArray("containerStatuses").addAll(regular);
        return status;
    }

    // ------------------------------------------------------------------ containers

    private static ObjectNode containerStatus(PodSpecView pod, ContainerSpec c, RuntimePod runtime,
                                              ContainerObservations obs, boolean initializing) {
        List<ContainerRecord> instances = runtime.instances(c.name());
        Optional<ContainerRecord> latest = instances.isEmpty() ? Optional.empty() : Optional.of(instances.get(0));
        ObjectNode s = Json.object();
        s.put("name", c.name());
        ObjectNode state = s.putObject("state");
        ObjectNode last = s.putObject("lastState");
        Waiting waiting = obs.waiting().get(c.name());
        boolean running = false;
        if (latest.isEmpty()) {
            Waiting w = waiting != null ? waiting
                    : new Waiting(initializing && !c.init() ? "PodInitializing" : "ContainerCreating", null);
            waiting(state, w);
        } else {
            ContainerRecord r = latest.get();
            switch (r.state()) {
                case RUNNING -> {
                    running = true;
                    state.putObject("running").put("startedAt", Timestamps.format(r.startedAt().orElse(r.createdAt())));
                }
                case EXITED -> {
                    if (waiting != null) {
                        waiting(state, waiting);
                        last.set("terminated", terminated(r));
                    } else {
                        state.set("terminated", terminated(r));
                    }
                }
                case CREATED, UNKNOWN -> waiting(state, waiting != null ? waiting : new Waiting("ContainerCreating", null));
            }
            if (!last.has("terminated") && instances.size() > 1 && instances.get(1).isExited()) {
                last.set("terminated", terminated(instances.get(1)));
            }
        }
        boolean started = running && obs.started().contains(c.name());
        // A run-to-completion init container is ready once it has succeeded (upstream's rule).
        boolean succeededInit = c.init() && !c.restartable() && latest.isPresent() && latest.get().isExited()
                && latest.get().exitCode() == 0;
        s.put("ready", running && started && obs.ready().contains(c.name()) || succeededInit);
        s.put("restartCount", latest.map(ContainerRecord::attempt).orElse(0));
        s.put("image", latest.map(ContainerRecord::image).filter(i -> !i.isEmpty()).orElse(c.image()));
        s.put("imageID", latest.map(ContainerRecord::imageRef).orElse(""));
        latest.ifPresent(r -> s.put("containerID", "containerd://" + r.id()));
        s.put("started", started);
        return s;
    }

    private static void waiting(ObjectNode state, Waiting w) {
        ObjectNode o = state.putObject("waiting");
        o.put("reason", w.reason());
        if (w.message() != null && !w.message().isEmpty()) {
            o.put("message", w.message());
        }
    }

    private static ObjectNode terminated(ContainerRecord r) {
        ObjectNode o = Json.object();
        o.put("exitCode", r.exitCode());
        if (!r.reason().isEmpty()) {
            o.put("reason", r.reason());
        }
        if (!r.message().isEmpty()) {
            o.put("message", r.message());
        }
        o.put("startedAt", Timestamps.format(r.startedAt().orElse(r.createdAt())));
        o.put("finishedAt", Timestamps.format(r.finishedAt().orElse(r.createdAt())));
        o.put("containerID", "containerd://" + r.id());
        return o;
    }

    // ------------------------------------------------------------------ phase (upstream's getPhase)

    static String phase(PodSpecView spec, List<ObjectNode> init, List<ObjectNode> regular) {
        int pendingInit = 0;
        int failedInit = 0;
        for (int i = 0; i < init.size(); i++) {
            ObjectNode s = init.get(i);
            JsonNode state = s.path("state");
            if (spec.initContainers().get(i).restartable()) {
                if (!state.has("running")) {
                    pendingInit++;
                }
                continue;
            }
            if (state.has("running")) {
                pendingInit++;
            } else if (state.has("terminated")) {
                if (state.path("terminated").path("exitCode").asInt() != 0) {
                    failedInit++;
                }
            } else if (s.path("lastState").has("terminated")) {
                if (s.path("lastState").path("terminated").path("exitCode").asInt() != 0) {
                    failedInit++;
                }
            } else {
                pendingInit++;
            }
        }
        int unknown = 0;
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        for (ObjectNode s : regular) {
            JsonNode state = s.path("state");
            if (state.has("running")) {
                running++;
            } else if (state.has("terminated")) {
                stopped++;
                if (state.path("terminated").path("exitCode").asInt() == 0) {
                    succeeded++;
                }
            } else if (state.has("waiting")) {
                if (s.path("lastState").has("terminated")) {
                    stopped++;
                } else {
                    waiting++;
                }
            } else {
                unknown++;
            }
        }
        if (failedInit > 0 && spec.restartPolicy() == RestartPolicy.NEVER) {
            return "Failed";
        }
        if (pendingInit > 0 || failedInit > 0 && running == 0 && stopped == 0) {
            return "Pending";
        }
        if (waiting > 0) {
            return "Pending";
        }
        if (running > 0 && unknown == 0) {
            return "Running";
        }
        if (running == 0 && stopped > 0 && unknown == 0) {
            if (spec.restartPolicy() == RestartPolicy.ALWAYS) {
                return "Running";
            }
            if (stopped == succeeded) {
                return "Succeeded";
            }
            if (spec.restartPolicy() == RestartPolicy.NEVER) {
                return "Failed";
            }
            return "Running";
        }
        return "Pending";
    }

    // ------------------------------------------------------------------ conditions

    private static boolean initialized(PodSpecView spec, List<ObjectNode> init) {
        return incompleteInit(spec, init).isEmpty();
    }

    private static List<String> incompleteInit(PodSpecView spec, List<ObjectNode> init) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < init.size(); i++) {
            ContainerSpec c = spec.initContainers().get(i);
            JsonNode state = init.get(i).path("state");
            boolean done = c.restartable() ? init.get(i).path("started").asBoolean(false)
                    : state.path("terminated").path("exitCode").asInt(-1) == 0;
            if (!done) {
                out.add(c.name());
            }
        }
        return out;
    }

    private static ArrayNode conditions(JsonNode pod, PodSpecView spec, RuntimePod runtime, List<ObjectNode> init,
                                        List<ObjectNode> regular, String phase, Instant now) {
        boolean terminal = phase.equals("Succeeded") || phase.equals("Failed");
        List<Condition> own = new ArrayList<>();
        boolean sandboxReady = runtime.latestSandbox().map(SandboxStatus::ready).orElse(false);
        own.add(new Condition("PodReadyToStartContainers", sandboxReady ? "True" : "False", null, null));
        List<String> incomplete = incompleteInit(spec, init);
        if (incomplete.isEmpty() || terminal && phase.equals("Succeeded")) {
            own.add(new Condition("Initialized", "True", phase.equals("Succeeded") && !init.isEmpty() ? "PodCompleted"
                    : null, null));
        } else {
            own.add(new Condition("Initialized", "False", "ContainersNotInitialized",
                    "containers with incomplete status: [" + String.join(" ", incomplete) + "]"));
        }
        Condition containersReady = containersReady(spec, init, regular, phase);
        own.add(PodConditions.ready(pod, containersReady));
        own.add(containersReady);
        return PodConditions.write(own, pod, now);
    }

    private static Condition containersReady(PodSpecView spec, List<ObjectNode> init, List<ObjectNode> regular,
                                             String phase) {
        if (phase.equals("Succeeded")) {
            return new Condition("ContainersReady", "False", "PodCompleted", null);
        }
        if (phase.equals("Failed")) {
            return new Condition("ContainersReady", "False", "PodFailed", null);
        }
        List<String> unready = new ArrayList<>();
        for (int i = 0; i < init.size(); i++) {
            if (spec.initContainers().get(i).restartable() && !init.get(i).path("ready").asBoolean()) {
                unready.add(init.get(i).path("name").asText());
            }
        }
        // Upstream lists unready containers in spec order.
        for (ContainerSpec c : spec.containers()) {
            regular.stream().filter(s -> s.path("name").asText().equals(c.name())).findFirst()
                    .filter(s -> !s.path("ready").asBoolean()).ifPresent(s -> unready.add(c.name()));
        }
        if (unready.isEmpty()) {
            return new Condition("ContainersReady", "True", null, null);
        }
        return new Condition("ContainersReady", "False", "ContainersNotReady",
                "containers with unready status: [" + String.join(" ", unready) + "]");
    }

    private static ArrayNode ips(String ip) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        a.addObject().put("ip", ip);
        return a;
    }
}
