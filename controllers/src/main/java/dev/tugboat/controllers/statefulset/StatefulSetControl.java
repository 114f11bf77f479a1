package dev.tugboat.controllers.statefulset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.controllers.common.Revisions;
import dev.tugboat.controllers.common.SlowStartBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One pass of the StatefulSet update algorithm (upstream's defaultStatefulSetControl.updateStatefulSet).
 * Pods are split into replicas (ordinals in range) and condemned ones; then, in order:
 * <ol>
 *   <li>each replica is recreated if it failed, created if missing, and has its identity and storage
 *       restored. With OrderedReady the pass stops at the first pod that is not yet Running, Ready and
 *       available, so every pod waits for all lower ones;</li>
 *   <li>condemned pods (scale down) are deleted from the highest ordinal, with OrderedReady one at a
 *       time and only while every replica is healthy;</li>
 *   <li>with RollingUpdate, the highest replica at or above the partition that is not at the update
 *       revision is deleted (it comes back at the update revision next pass), waiting while any such
 *       replica is unhealthy. OnDelete stops before this.</li>
 * </ol>
 * Writes go through a {@link StatefulPodControl}; the method returns the status to record.
 */
final class StatefulSetControl {

    private final StatefulPodControl podControl;

    StatefulSetControl(StatefulPodControl podControl) {
        this.podControl = podControl;
    }

    @FunctionalInterface
    private interface Step {
        /** @return true to stop the pass here (OrderedReady) */
        boolean run(int i);
    }

    StatefulSetStatus update(ObjectNode set, JsonNode currentRevision, JsonNode updateRevision, int collisionCount,
                             List<JsonNode> pods, Instant now) {
        ObjectNode currentSet = Revisions.applyRevision(set, currentRevision);
        ObjectNode updateSet = Revisions.applyRevision(set, updateRevision);
        String currentName = Meta.name(currentRevision);
        String updateName = Meta.name(updateRevision);
        int minReady = set.path("spec").path("minReadySeconds").asInt(0);
        StatefulSetStatus status = new StatefulSetStatus(Meta.generation(set), currentName, updateName, collisionCount);
        status.count(minReady, now, List.of(pods));

        int start = StatefulPods.startOrdinal(set);
        JsonNode[] replicas = new JsonNode[Math.max(0, StatefulPods.replicas(set))];
        List<JsonNode> condemned = new ArrayList<>();
        for (JsonNode pod : pods) {
            if (StatefulPods.inOrdinalRange(pod, set)) {
                replicas[StatefulPods.ordinal(pod) - start] = pod;
            } else if (StatefulPods.ordinal(pod) >= 0) {
                condemned.add(pod);
            }
        }
        for (int i = 0; i < replicas.length; i++) {
            if (replicas[i] == null) {
                replicas[i] = StatefulPods.newVersionedPod(currentSet, updateSet, currentName, updateName, start + i);
            }
        }
        condemned.sort(Comparator.comparingInt(StatefulPods::ordinal).reversed());
        JsonNode firstUnavailable = null;
        for (JsonNode r : replicas) {
            if (firstUnavailable == null && StatefulPods.isUnavailable(r, minReady, now)) {
                firstUnavailable = r;
            }
        }
        for (int i = condemned.size() - 1; i >= 0 && firstUnavailable == null; i--) {
            if (StatefulPods.isUnavailable(condemned.get(i), minReady, now)) {
                firstUnavailable = condemned.get(i);
            }
        }
        if (Meta.isDeleting(set)) {
            return status;
        }
        boolean monotonic = !StatefulPods.allowsBurst(set);
        List<List<JsonNode>> all = List.of(Arrays.asList(replicas), condemned);

        // 1. Replicas, in ordinal order.
        if (runForAll(replicas.length, i -> processReplica(set, updateSet, monotonic, replicas, i, minReady, now),
                monotonic)) {
            status.count(minReady, now, all);
            return status;
        }
        // 2. Claims of condemned pods get the owners the retention policy asks for before they go.
        if (runForAll(condemned.size(), i -> {
            if (!podControl.claimsMatchRetentionPolicy(updateSet, condemned.get(i))) {
                podControl.updateClaimsForRetentionPolicy(updateSet, condemned.get(i));
            }
            return false;
        }, monotonic)) {
            status.count(minReady, now, all);
            return status;
        }
        // 3. Scale down from the highest ordinal.
        JsonNode unhealthy = firstUnavailable;
        if (runForAll(condemned.size(), i -> processCondemned(set, unhealthy, monotonic, condemned.get(i), minReady, now),
                monotonic)) {
            status.count(minReady, now, all);
            return status;
        }
        status.count(minReady, now, all);
        // 4. Rolling update, from the highest ordinal down to the partition.
        if ("OnDelete".equals(set.path("spec").path("updateStrategy").path("type").asText(""))) {
            return status;
        }
        int updateMin = set.path("spec").path("updateStrategy").path("rollingUpdate").path("partition").asInt(0);
        for (int target = replicas.length - 1; target >= updateMin; target--) {
            JsonNode pod = replicas[target];
            if (!StatefulPods.revision(pod).equals(updateName) && !StatefulPods.isTerminating(pod)) {
                podControl.deleteStatefulPod(set, pod);
                status.currentReplicas--;
                return status;
            }
            if (StatefulPods.isUnavailable(pod, minReady, now)) {
                return status;
            }
        }
        return status;
    }

    private boolean processReplica(ObjectNode set, ObjectNode updateSet, boolean monotonic, JsonNode[] replicas, int i,
                                   int minReady, Instant now) {
        JsonNode pod = replicas[i];
        String phase = pod.path("status").path("phase").asText("");
        if (phase.equals("Failed") || phase.equals("Succeeded")) {
            // Recreated under the same name once the API server has removed it.
            if (!StatefulPods.isTerminating(pod)) {
                podControl.deleteStatefulPod(set, pod);
            }
            return true;
        }
        if (!StatefulPods.isCreated(pod)) {
            podControl.createStatefulPod(set, (ObjectNode) pod);
            return monotonic;
        }
        if (phase.equals("Pending")) {
            podControl.createMissingClaims(set, pod);
        }
        if (monotonic && (StatefulPods.isTerminating(pod) || !StatefulPods.isRunningAndReady(pod)
                || !StatefulPods.isRunningAndAvailable(pod, minReady, now))) {
            return true;
        }
        boolean retentionMatches = podControl.claimsMatchRetentionPolicy(updateSet, pod);
        if (StatefulPods.identityMatches(set, pod) && StatefulPods.storageMatches(set, pod) && retentionMatches) {
            return false;
        }
        podControl.updateStatefulPod(updateSet, pod);
        return false;
    }

    private boolean processCondemned(ObjectNode set, JsonNode firstUnavailable, boolean monotonic, JsonNode pod,
                                     int minReady, Instant now) {
        if (StatefulPods.isTerminating(pod)) {
            return monotonic;
        }
        if (monotonic && pod != firstUnavailable && StatefulPods.isUnavailable(pod, minReady, now)) {
            return true;
        }
        podControl.deleteStatefulPod(set, pod);
        return true;
    }

    /** OrderedReady: one at a time, stopping where a step says so. Parallel: all, in slow-start batches. */
    private static boolean runForAll(int count, Step step, boolean monotonic) {
        if (monotonic) {
            for (int i = 0; i < count; i++) {
                if (step.run(i)) {
                    return true;
                }
            }
            return false;
        }
        SlowStartBatch.Outcome out = SlowStartBatch.run(count, 1, step::run);
        if (out.error() != null) {
            throw out.error();
        }
        return false;
    }
}
