package dev.tugboat.controllers.common;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The order in which a controller deletes surplus pods (upstream's ActivePodsWithRanks): pods that matter
 * least come first. Pure.
 *
 * <ol>
 *   <li>unassigned before assigned to a node;</li>
 *   <li>Pending before Unknown before Running;</li>
 *   <li>not ready before ready;</li>
 *   <li>lower {@value #DELETION_COST} before higher;</li>
 *   <li>higher rank (more related pods on the same node) before lower;</li>
 *   <li>of two ready pods, the one ready more recently first (no ready time counts as most recent);</li>
 *   <li>more container restarts before fewer;</li>
 *   <li>newer before older (no creation time counts as newest).</li>
 * </ol>
 */
public final class PodDeletionOrder {

    /** The annotation by which users order the deletion of a controller's pods. */
    public static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    private PodDeletionOrder() {
    }

    /** A pod and its rank (the number of related active pods on its node). */
    public record RankedPod(JsonNode pod, int rank) {
    }

    /**
     * The first {@code count} of {@code pods} in deletion order, ranked by the active pods among
     * {@code related} (the pods of the owner and of its siblings) that share their node.
     */
    public static List<JsonNode> victims(List<? extends JsonNode> pods, List<? extends JsonNode> related, int count) {
        if (count >= pods.size()) {
            return List.copyOf(pods);
        }
        Map<String, Integer> onNode = new HashMap<>();
        for (JsonNode p : related) {
            if (Pods.isActive(p)) {
                onNode.merge(Pods.nodeName(p), 1, Integer::sum);
            }
        }
        List<RankedPod> ranked = new ArrayList<>();
        for (JsonNode p : pods) {
            ranked.add(new RankedPod(p, onNode.getOrDefault(Pods.nodeName(p), 0)));
        }
        ranked.sort(ORDER);
        return ranked.subList(0, count).stream().map(RankedPod::pod).toList();
    }

    /** Deletion order: the pod to delete first compares smallest. */
    public static final Comparator<RankedPod> ORDER = PodDeletionOrder::compare;

    private static int compare(RankedPod a, RankedPod b) {
        JsonNode pa = a.pod();
        JsonNode pb = b.pod();
        boolean assignedA = !Pods.nodeName(pa).isEmpty();
        boolean assignedB = !Pods.nodeName(pb).isEmpty();
        if (assignedA != assignedB) {
            return assignedA ? 1 : -1;
        }
        int phase = Integer.compare(phaseOrdinal(pa), phaseOrdinal(pb));
        if (phase != 0) {
            return phase;
        }
        boolean readyA = Pods.isReady(pa);
        boolean readyB = Pods.isReady(pb);
        if (readyA != readyB) {
            return readyA ? 1 : -1;
        }
        int cost = Integer.compare(deletionCost(pa), deletionCost(pb));
        if (cost != 0) {
            return cost;
        }
        if (a.rank() != b.rank()) {
            return a.rank() > b.rank() ? -1 : 1;
        }
        if (readyA) {
            int ready = newerFirst(readyTime(pa), readyTime(pb));
            if (ready != 0) {
                return ready;
            }
        }
        int restarts = Integer.compare(maxRestarts(pb, "containerStatuses"), maxRestarts(pa, "containerStatuses"));
        if (restarts != 0) {
            return restarts;
        }
        restarts = Integer.compare(maxRestarts(pb, "initContainerStatuses"), maxRestarts(pa, "initContainerStatuses"));
        if (restarts != 0) {
            return restarts;
        }
        return newerFirst(Timestamps.parse(Meta.creationTimestamp(pa)), Timestamps.parse(Meta.creationTimestamp(pb)));
    }

    /** Pending (and any other phase) 0, Unknown 1, Running 2. */
    private static int phaseOrdinal(JsonNode pod) {
        return switch (Pods.phase(pod)) {
            case "Unknown" -> 1;
            case "Running" -> 2;
            default -> 0;
        };
    }

    /** The pod's deletion cost; 0 when absent or not an int32 (upstream ignores invalid values). */
    static int deletionCost(JsonNode pod) {
        String v = Meta.annotations(pod).get(DELETION_COST);
        if (v == null) {
            return 0;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Optional<Instant> readyTime(JsonNode pod) {
        return Pods.condition(pod, "Ready").flatMap(c -> Timestamps.parse(c.path("lastTransitionTime").asText("")));
    }

    /** A missing time first, then the later time first (upstream's afterOrZero). */
    private static int newerFirst(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() == b.isEmpty() ? 0 : a.isEmpty() ? -1 : 1;
        }
        return b.get().compareTo(a.get());
    }

    private static int maxRestarts(JsonNode pod, String statuses) {
        int max = 0;
        for (JsonNode cs : pod.path("status").path(statuses)) {
            max = Math.max(max, cs.path("restartCount").asInt(0));
        }
        return max;
    }
}
