package dev.tugboat.controllers.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import dev.tugboat.controllers.common.Pods;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/** What the Job controller reads from its pods (upstream's job utils). Pure functions over the JSON. */
final class JobPods {

    static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
    static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
    static final int UNKNOWN_INDEX = -1;

    /**
     * The order in which surplus active pods are deleted (upstream's controller.ActivePods): unscheduled
     * before scheduled, pending before running, not ready before ready, more restarts first, newer first.
     */
    static final Comparator<JsonNode> REMOVAL_ORDER = Comparator
            .comparing((JsonNode p) -> !Pods.nodeName(p).isEmpty())
            .thenComparing(p -> phaseRank(Pods.phase(p)))
            .thenComparing(Pods::isReady)
            .thenComparing(p -> -Pods.restarts(p))
            .thenComparing(p -> Timestamps.parse(Meta.creationTimestamp(p)).orElse(Instant.EPOCH),
                    Comparator.reverseOrder());

    private JobPods() {
    }

    private static int phaseRank(String phase) {
        return switch (phase) {
            case "Pending" -> 0;
            case "Unknown" -> 1;
            case "Running" -> 2;
            default -> 3;
        };
    }

    static boolean hasTrackingFinalizer(JsonNode pod) {
        return Meta.finalizers(pod).contains(TRACKING_FINALIZER);
    }

    /** The pod's completion index, or {@link #UNKNOWN_INDEX} when it has none or an invalid one. */
    static int completionIndex(JsonNode pod) {
        String v = Meta.annotations(pod).get(COMPLETION_INDEX);
        if (v == null) {
            return UNKNOWN_INDEX;
        }
        try {
            int ix = Integer.parseInt(v);
            return ix >= 0 ? ix : UNKNOWN_INDEX;
        } catch (NumberFormatException e) {
            return UNKNOWN_INDEX;
        }
    }

    static boolean isSucceeded(JsonNode pod) {
        return "Succeeded".equals(Pods.phase(pod));
    }

    /**
     * Failed, or — unless only failed pods are replaced — being deleted before it succeeded (so an orphan
     * that never reaches Failed still counts).
     */
    static boolean isFailed(JsonNode pod, boolean onlyReplaceFailed) {
        if ("Failed".equals(Pods.phase(pod))) {
            return true;
        }
        return !onlyReplaceFailed && Meta.isDeleting(pod) && !isSucceeded(pod);
    }

    /** Being deleted and not finished (upstream's CountTerminatingPods). */
    static boolean isTerminating(JsonNode pod) {
        return Meta.isDeleting(pod) && !Pods.isFinished(pod);
    }

    /**
     * When the pod finished: the latest container termination, else when it stopped being ready, else its
     * deletion, else its creation.
     */
    static Instant finishTime(JsonNode pod) {
        return fromContainers(pod)
                .or(() -> Pods.condition(pod, "Ready").filter(c -> "False".equals(c.path("status").asText()))
                        .flatMap(c -> Timestamps.parse(c.path("lastTransitionTime").asText(""))))
                .or(() -> Timestamps.parse(Meta.deletionTimestamp(pod)))
                .or(() -> Timestamps.parse(Meta.creationTimestamp(pod)))
                .orElse(Instant.EPOCH);
    }

    private static Optional<Instant> fromContainers(JsonNode pod) {
        Instant latest = null;
        JsonNode statuses = pod.path("status").path("containerStatuses");
        if (statuses.isEmpty()) {
            return Optional.empty();
        }
        for (JsonNode cs : statuses) {
            Optional<Instant> t = Timestamps.parse(cs.path("state").path("terminated").path("finishedAt").asText(""));
            if (t.isEmpty()) {
                return Optional.empty();
            }
            if (latest == null || t.get().isAfter(latest)) {
                latest = t.get();
            }
        }
        return Optional.ofNullable(latest);
    }
}
