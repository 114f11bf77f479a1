package dev.tugboat.controllers.common;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Reading a pod's state the way upstream's podutil does. Pure functions over the pod's JSON. */
public final class Pods {

    private Pods() {
    }

    public static String phase(JsonNode pod) {
        return pod.path("status").path("phase").asText("");
    }

    public static String nodeName(JsonNode pod) {
        return pod.path("spec").path("nodeName").asText("");
    }

    /** Not finished and not being deleted (upstream's IsPodActive). */
    public static boolean isActive(JsonNode pod) {
        String phase = phase(pod);
        return !"Succeeded".equals(phase) && !"Failed".equals(phase) && !Meta.isDeleting(pod);
    }

    /** Succeeded or Failed. */
    public static boolean isFinished(JsonNode pod) {
        String phase = phase(pod);
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** The status condition of the given type, if the pod has one. */
    public static Optional<JsonNode> condition(JsonNode pod, String type) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The Ready condition is True. */
    public static boolean isReady(JsonNode pod) {
        return condition(pod, "Ready").map(c -> "True".equals(c.path("status").asText())).orElse(false);
    }

    /**
     * Ready for at least {@code minReadySeconds} at {@code now} (upstream's IsPodAvailable): with
     * minReadySeconds 0 a ready pod is available at once.
     */
    public static boolean isAvailable(JsonNode pod, int minReadySeconds, Instant now) {
        if (!isReady(pod)) {
            return false;
        }
        if (minReadySeconds <= 0) {
            return true;
        }
        Optional<Instant> since = condition(pod, "Ready")
                .flatMap(c -> Timestamps.parse(c.path("lastTransitionTime").asText("")));
        return since.isPresent() && !since.get().plus(Duration.ofSeconds(minReadySeconds)).isAfter(now);
    }

    /** The sum of the containers' restart counts. */
    public static int restarts(JsonNode pod) {
        int n = 0;
        for (JsonNode cs : pod.path("status").path("containerStatuses")) {
            n += cs.path("restartCount").asInt(0);
        }
        return n;
    }
}
