package dev.tugboat.simnode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a running pod's simulation back from the status a simulated kubelet wrote before (when this
 * process takes over nodes after a restart), so that start time, restart counts and container start
 * times carry on rather than start over. Pure.
 */
final class PodStatusReader {

    private PodStatusReader() {
    }

    /** The simulation the status describes, or empty if it does not describe a running pod. */
    static Optional<SimulatedPod> resume(PodFacts pod, JsonNode status) {
        Optional<Instant> start = Timestamps.parse(status.path("startTime").asText(""));
        if (start.isEmpty() || !"Running".equals(status.path("phase").asText(""))
                || !status.path("containerStatuses").isArray()) {
            return Optional.empty();
        }
        List<SimulatedContainer> init = new ArrayList<>();
        for (PodFacts.Container c : pod.initContainers()) {
            init.add(c.restartable()
                    ? container(c, pod.uid(), true, find(status.path("initContainerStatuses"), c.name()), start.get())
                    : SimulatedContainer.completed(c, pod.uid(), start.get()));
        }
        List<SimulatedContainer> regular = new ArrayList<>();
        for (PodFacts.Container c : pod.containers()) {
            regular.add(container(c, pod.uid(), false, find(status.path("containerStatuses"), c.name()),
                    start.get()));
        }
        return Optional.of(SimulatedPod.resume(pod.uid(), start.get(), init, regular));
    }

    /** A running container carrying on from its status (one waiting or stopped is started again). */
    private static SimulatedContainer container(PodFacts.Container spec, String uid, boolean init, JsonNode s,
                                                Instant podStart) {
        Instant startedAt = Timestamps.parse(s.path("state").path("running").path("startedAt").asText(""))
                .orElse(podStart);
        SimulatedContainer c = new SimulatedContainer(spec, uid, init, new ContainerState.Running(startedAt),
                s.path("restartCount").asInt(0));
        JsonNode last = s.path("lastState").path("terminated");
        if (last.isObject()) {
            c.restoreLastTerminated(new ContainerState.Terminated(last.path("exitCode").asInt(),
                    last.path("reason").asText(""),
                    Timestamps.parse(last.path("startedAt").asText("")).orElse(podStart),
                    Timestamps.parse(last.path("finishedAt").asText("")).orElse(podStart),
                    last.path("containerID").asText("")));
        }
        return c;
    }

    private static JsonNode find(JsonNode statuses, String name) {
        for (JsonNode s : statuses) {
            if (name.equals(s.path("name").asText())) {
                return s;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
