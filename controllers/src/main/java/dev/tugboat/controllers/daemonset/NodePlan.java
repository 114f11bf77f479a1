package dev.tugboat.controllers.daemonset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.controllers.common.Pods;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a DaemonSet needs on its nodes right now (upstream's manage and podsShouldBeOnNode): nodes that
 * should run a daemon pod and have none get one; pods on nodes where they may no longer run are
 * deleted, as are failed pods (unless their node is in backoff), extra pods on a node (the oldest
 * stays; with maxSurge the oldest updated and the oldest old pod stay) and unscheduled pods meant for
 * nodes that no longer exist.
 *
 * @param nodesNeedingPods nodes to create a pod on
 * @param podsToDelete     pods to delete
 * @param failedPods       the failed pods among podsToDelete (for the FailedDaemonPod event)
 * @param retryAfter       when a failed pod in backoff should be looked at again
 */
public record NodePlan(List<String> nodesNeedingPods, List<JsonNode> podsToDelete, List<JsonNode> failedPods,
                       Optional<Duration> retryAfter) {

    /** One node and the DaemonSet's pods meant for it. */
    public record NodePods(JsonNode node, NodeEligibility eligibility, List<JsonNode> pods) {
    }

    static NodePlan compute(String dsUid, List<NodePods> nodes, Map<String, List<JsonNode>> nodeToPods,
                            String hash, boolean allowsSurge, FailedPodBackoff backoff) {
        List<String> needing = new ArrayList<>();
        List<JsonNode> delete = new ArrayList<>();
        List<JsonNode> failed = new ArrayList<>();
        Duration retry = null;
        for (NodePods np : nodes) {
            String nodeName = Meta.name(np.node());
            NodeEligibility el = np.eligibility();
            boolean exists = !np.pods().isEmpty();
            if (el.shouldRun() && !exists) {
                needing.add(nodeName);
            } else if (el.shouldContinueRunning()) {
                List<JsonNode> running = new ArrayList<>();
                for (JsonNode pod : np.pods()) {
                    if (Meta.isDeleting(pod)) {
                        continue;
                    }
                    if ("Failed".equals(Pods.phase(pod))) {
                        String key = FailedPodBackoff.key(dsUid, nodeName);
                        if (backoff.inBackoff(key)) {
                            Duration left = backoff.remaining(key);
                            retry = retry == null || left.compareTo(retry) < 0 ? left : retry;
                            continue;
                        }
                        backoff.next(key);
                        failed.add(pod);
                        delete.add(pod);
                        continue;
                    }
                    running.add(pod);
                }
                delete.addAll(extraPods(running, hash, allowsSurge));
            } else if (exists) {
                for (JsonNode pod : np.pods()) {
                    if (!Meta.isDeleting(pod)) {
                        delete.add(pod);
                    }
                }
            }
        }
        Set<String> known = new java.util.HashSet<>();
        nodes.forEach(np -> known.add(Meta.name(np.node())));
        nodeToPods.forEach((nodeName, pods) -> {
            if (!known.contains(nodeName)) {
                for (JsonNode pod : pods) {
                    if (Pods.nodeName(pod).isEmpty() && !Meta.isDeleting(pod)) {
                        delete.add(pod);
                    }
                }
            }
        });
        return new NodePlan(needing, delete, failed, Optional.ofNullable(retry));
    }

    /** Pods beyond what one node may hold: one pod, or with surge one updated and one old pod. */
    static List<JsonNode> extraPods(List<JsonNode> running, String hash, boolean allowsSurge) {
        if (running.size() <= 1) {
            return List.of();
        }
        List<JsonNode> sorted = new ArrayList<>(running);
        sorted.sort(DaemonPods.OLDEST_SCHEDULED_FIRST);
        List<JsonNode> extra = new ArrayList<>();
        if (!allowsSurge) {
            extra.addAll(sorted.subList(1, sorted.size()));
            return extra;
        }
        boolean haveNew = false;
        boolean haveOld = false;
        for (JsonNode pod : sorted) {
            boolean isNew = hash.equals(Meta.labels(pod).get(DaemonPods.HASH_LABEL));
            if (isNew && !haveNew) {
                haveNew = true;
            } else if (!isNew && !haveOld) {
                haveOld = true;
            } else {
                extra.add(pod);
            }
        }
        return extra;
    }
}
