package dev.tugboat.simnode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.GoDurations;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.kubelet.pod.RestartPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the simulation reads from a Pod: identity, containers, restart policy, deletion, and the
 * simulation annotations. Pure and immutable.
 *
 * @param exitAfter            from {@link SimAnnotations#EXIT_AFTER}; empty: the containers run forever
 * @param exitCode             from {@link SimAnnotations#EXIT_CODE}, default 0
 * @param gracefulTermination  {@link SimAnnotations#GRACEFUL_TERMINATION} is "true"
 * @param deletionTimestamp    when the pod is being deleted: the end of its grace period
 */
record PodFacts(String namespace, String name, String uid, String nodeName, RestartPolicy restartPolicy,
                List<Container> initContainers, List<Container> containers, boolean hostNetwork,
                Optional<Duration> exitAfter, int exitCode,
                boolean gracefulTermination, Optional<Instant> deletionTimestamp) {

    /** @param restartable a sidecar: an init container with restartPolicy Always */
    record Container(String name, String image, boolean restartable) {
    }

    static PodFacts of(JsonNode pod) {
        JsonNode spec = pod.path("spec");
        Map<String, String> ann = Meta.annotations(pod);
        int exitCode = 0;
        try {
            exitCode = Integer.parseInt(ann.getOrDefault(SimAnnotations.EXIT_CODE, "0").trim());
        } catch (NumberFormatException e) {
            // A malformed code is treated as the default, like a missing one.
        }
        return new PodFacts(Meta.namespace(pod), Meta.name(pod), Meta.uid(pod), spec.path("nodeName").asText(""),
                RestartPolicy.of(spec.path("restartPolicy").asText("Always")), containers(spec.path("initContainers")),
                containers(spec.path("containers")), spec.path("hostNetwork").asBoolean(false),
                GoDurations.parse(ann.get(SimAnnotations.EXIT_AFTER)), exitCode,
                "true".equals(ann.get(SimAnnotations.GRACEFUL_TERMINATION)),
                Timestamps.parse(Meta.deletionTimestamp(pod)));
    }

    private static List<Container> containers(JsonNode list) {
        List<Container> out = new ArrayList<>();
        for (JsonNode c : list) {
            out.add(new Container(c.path("name").asText(), c.path("image").asText(),
                    "Always".equals(c.path("restartPolicy").asText(""))));
        }
        return List.copyOf(out);
    }

    /** {@code name_namespace(uid)}: how the kubelet names a pod in messages. */
    String formatted() {
        return name + "_" + namespace + "(" + uid + ")";
    }
}
