package dev.tugboat.simnode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GoDurations;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.kubelet.status.PodConditions;
import dev.tugboat.kubelet.status.PodConditions.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The pod status a kubelet would write for a simulated pod (upstream's generateAPIPodStatus and
 * status/generate.go): phase, the kubelet's conditions (PodReadyToStartContainers, Initialized, Ready,
 * ContainersReady, and PodScheduled if missing), host and pod IPs, start time, and container statuses
 * (init containers in spec order, regular containers sorted by name). Status fields the kubelet does not
 * own (qosClass, other conditions such as DisruptionTarget, nominatedNodeName) are kept from the current
 * status. A condition keeps its lastTransitionTime while its status does not change. Pure.
 */
final class PodStatusBuilder {

    private PodStatusBuilder() {
    }

    /**
     * @param podJson the pod as the API has it (its status is the starting point)
     * @param hostIp  the node's InternalIP
     * @param podIp   the pod's IP (the node's for hostNetwork pods)
     * @param now     for the transition time of conditions that change
     */
    static ObjectNode build(PodFacts pod, SimulatedPod sim, JsonNode podJson, String hostIp, String podIp,
                            Instant now) {
        JsonNode current = podJson.path("status");
        ObjectNode status = current instanceof ObjectNode o ? o.deepCopy() : Json.object();
        status.put("phase", sim.phase().wire);
        status.set("conditions", conditions(podJson, sim, now));
        status.put("hostIP", hostIp);
        status.set("hostIPs", ips(hostIp));
        status.put("podIP", podIp);
        status.set("podIPs", ips(podIp));
        status.put("startTime", Timestamps.format(sim.startTime()));
        if (sim.initContainers().isEmpty()) {
            status.remove("initContainerStatuses");
        } else {
            ArrayNode init = status.putArray("initContainerStatuses");
            sim.initContainers().forEach(c -> init.add(containerStatus(pod, c, sim.phase())));
        }
        ArrayNode regular = status.putArray("containerStatuses");
        sim.containers().stream().sorted(Comparator.comparing(SimulatedContainer::name))
                .forEach(c -> regular.add(containerStatus(pod, c, sim.phase())));
        return status;
    }

    private static ArrayNode ips(String ip) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        a.addObject().put("ip", ip);
        return a;
    }

    static ObjectNode containerStatus(PodFacts pod, SimulatedContainer c, SimulatedPod.Phase phase) {
        ObjectNode s = Json.object();
        s.put("name", c.name());
        ObjectNode state = s.putObject("state");
        ObjectNode last = s.putObject("lastState");
        switch (c.state()) {
            case ContainerState.Running r -> state.putObject("running").put("startedAt",
                    Timestamps.format(r.startedAt()));
            case ContainerState.Terminated t -> {
                if (c.restartAt().isPresent()) {
                    // Waiting out the restart backoff: the exit just seen is the last state.
                    ObjectNode w = state.putObject("waiting");
                    w.put("reason", "CrashLoopBackOff");
                    w.put("message", "back-off " + GoDurations.format(
                            SimulatedPod.until(t.finishedAt(), c.restartAt().get())) + " restarting failed container="
                            + c.name() + " pod=" + pod.formatted());
                    last.set("terminated", terminated(t));
                } else {
                    state.set("terminated", terminated(t));
                }
            }
        }
        if (!last.has("terminated")) {
            c.lastTerminated().ifPresent(t -> last.set("terminated", terminated(t)));
        }
        boolean running = c.isRunning() && phase == SimulatedPod.Phase.RUNNING;
        // A run-to-completion init container counts as ready once it has succeeded (upstream's rule).
        boolean succeededInit = !c.restartable() && c.isInit()
                && c.state() instanceof ContainerState.Terminated t && t.exitCode() == 0;
        s.put("ready", running || succeededInit);
        s.put("restartCount", c.restartCount());
        s.put("image", ImageReference.normalize(c.image()));
        s.put("imageID", ImageReference.imageId(c.image()));
        s.put("containerID", c.state() instanceof ContainerState.Terminated t ? t.containerId() : c.containerId());
        s.put("started", running);
        return s;
    }

    private static ObjectNode terminated(ContainerState.Terminated t) {
        ObjectNode o = Json.object();
        o.put("exitCode", t.exitCode());
        o.put("reason", t.reason());
        o.put("startedAt", Timestamps.format(t.startedAt()));
        o.put("finishedAt", Timestamps.format(t.finishedAt()));
        o.put("containerID", t.containerId());
        return o;
    }

    private static ArrayNode conditions(JsonNode podJson, SimulatedPod sim, Instant now) {
        List<Condition> own = new ArrayList<>();
        boolean terminal = sim.isTerminal();
        own.add(new Condition("PodReadyToStartContainers", terminal ? "False" : "True", null, null));
        own.add(new Condition("Initialized", "True", sim.phase() == SimulatedPod.Phase.SUCCEEDED ? "PodCompleted"
                : null, null));
        Condition containersReady = containersReady(sim);
        own.add(PodConditions.ready(podJson, containersReady));
        own.add(containersReady);
        return PodConditions.write(own, podJson, now);
    }

    private static Condition containersReady(SimulatedPod sim) {
        switch (sim.phase()) {
            case SUCCEEDED -> {
                return new Condition("ContainersReady", "False", "PodCompleted", null);
            }
            case FAILED -> {
                return new Condition("ContainersReady", "False", "PodFailed", null);
            }
            default -> {
                List<String> unready = new ArrayList<>();
                sim.initContainers().stream().filter(SimulatedContainer::restartable)
                        .filter(c -> !c.isRunning()).forEach(c -> unready.add(c.name()));
                sim.containers().stream().filter(c -> !c.isRunning()).forEach(c -> unready.add(c.name()));
                if (unready.isEmpty()) {
                    return new Condition("ContainersReady", "True", null, null);
                }
                return new Condition("ContainersReady", "False", "ContainersNotReady",
                        "containers with unready status: [" + String.join(" ", unready) + "]");
            }
        }
    }
}
