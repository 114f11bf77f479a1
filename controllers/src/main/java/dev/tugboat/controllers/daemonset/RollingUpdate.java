package dev.tugboat.controllers.daemonset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.controllers.common.Pods;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One step of a DaemonSet's RollingUpdate (upstream's daemon/update.go rollingUpdate). Without surge,
 * old pods are deleted (and replaced by the next manage pass) while no more than maxUnavailable nodes
 * are without an available pod; old pods that are not available anyway are replaced at once. With
 * maxSurge, an updated pod is first created next to the old one on up to maxSurge nodes, and the old
 * pod is deleted once the new one is available. Pure.
 *
 * @param podsToDelete  old pods to delete now
 * @param nodesToCreate nodes to create an updated pod on now (surge only)
 */
public record RollingUpdate(List<JsonNode> podsToDelete, List<String> nodesToCreate) {

    /** The limits of a rolling update over {@code desired} nodes. */
    public record Limits(int maxSurge, int maxUnavailable) {
    }

    /** maxSurge and maxUnavailable scaled to {@code desired} nodes (percentages round up); never both zero. */
    public static Limits limits(JsonNode ds, int desired) {
        JsonNode ru = ds.path("spec").path("updateStrategy").path("rollingUpdate");
        int surge = scaled(ru.path("maxSurge"), desired, 0);
        int unavailable = scaled(ru.path("maxUnavailable"), desired, 1);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new Limits(surge, unavailable);
    }

    /** An IntOrString count or percentage of {@code total}, rounded up; {@code dflt} when absent. */
    static int scaled(JsonNode v, int total, int dflt) {
        if (v.isMissingNode() || v.isNull()) {
            return dflt;
        }
        if (v.isNumber()) {
            return v.asInt();
        }
        String s = v.asText("").trim();
        if (s.endsWith("%")) {
            try {
                BigDecimal pct = new BigDecimal(s.substring(0, s.length() - 1));
                return pct.multiply(BigDecimal.valueOf(total)).divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING)
                        .intValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                return dflt;
            }
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /** The updated and the old pod on one node; {@code ok} is false when there is more than one of either. */
    record NodeVersions(JsonNode newPod, JsonNode oldPod, boolean ok) {
    }

    static NodeVersions versions(List<JsonNode> pods, long generation, String hash) {
        JsonNode newPod = null;
        JsonNode oldPod = null;
        for (JsonNode pod : pods) {
            if (Meta.isDeleting(pod)) {
                continue;
            }
            if (DaemonPods.isUpdated(pod, generation, hash)) {
                if (newPod != null) {
                    return new NodeVersions(null, null, false);
                }
                newPod = pod;
            } else {
                if (oldPod != null) {
                    return new NodeVersions(null, null, false);
                }
                oldPod = pod;
            }
        }
        return new NodeVersions(newPod, oldPod, true);
    }

    /** The next step for {@code nodes} (sorted by name for a stable order). */
    public static RollingUpdate step(List<NodePlan.NodePods> nodes, long generation, String hash, Limits limits,
                                     int minReadySeconds, Instant now) {
        List<NodePlan.NodePods> sorted = new ArrayList<>(nodes);
        sorted.sort(java.util.Comparator.comparing(np -> Meta.name(np.node())));
        return limits.maxSurge() == 0
                ? withoutSurge(sorted, generation, hash, limits.maxUnavailable(), minReadySeconds, now)
                : withSurge(sorted, generation, hash, limits.maxSurge(), minReadySeconds, now);
    }

    private static RollingUpdate withoutSurge(List<NodePlan.NodePods> nodes, long generation, String hash,
                                              int maxUnavailable, int minReadySeconds, Instant now) {
        int unavailable = 0;
        List<JsonNode> replaceAtOnce = new ArrayList<>();
        List<JsonNode> candidates = new ArrayList<>();
        for (NodePlan.NodePods np : nodes) {
            if (np.pods().isEmpty()) {
                continue;
            }
            NodeVersions v = versions(np.pods(), generation, hash);
            if (!v.ok() || (v.oldPod() == null) == (v.newPod() == null)) {
                // Duplicates, nothing or both: the manage pass sorts this node out; it counts as unavailable.
                unavailable++;
            } else if (v.newPod() != null) {
                if (!Pods.isAvailable(v.newPod(), minReadySeconds, now)) {
                    unavailable++;
                }
            } else if (!Pods.isAvailable(v.oldPod(), minReadySeconds, now)) {
                replaceAtOnce.add(v.oldPod());
            } else if (unavailable < maxUnavailable) {
                candidates.add(v.oldPod());
            }
        }
        int budget = Math.max(0, Math.min(maxUnavailable - unavailable, candidates.size()));
        List<JsonNode> delete = new ArrayList<>(replaceAtOnce);
        delete.addAll(candidates.subList(0, budget));
        return new RollingUpdate(delete, List.of());
    }

    private static RollingUpdate withSurge(List<NodePlan.NodePods> nodes, long generation, String hash,
                                           int maxSurge, int minReadySeconds, Instant now) {
        int surging = 0;
        List<String> replaceAtOnce = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        List<JsonNode> delete = new ArrayList<>();
        for (NodePlan.NodePods np : nodes) {
            if (np.pods().isEmpty()) {
                continue;
            }
            String nodeName = Meta.name(np.node());
            NodeVersions v = versions(np.pods(), generation, hash);
            if (!v.ok()) {
                surging++;
            } else if (v.oldPod() == null) {
                continue;
            } else if (v.newPod() == null) {
                if (!Pods.isAvailable(v.oldPod(), minReadySeconds, now)) {
                    replaceAtOnce.add(nodeName);
                } else if (!np.eligibility().shouldRun()) {
                    delete.add(v.oldPod());
                } else if (surging < maxSurge) {
                    candidates.add(nodeName);
                }
            } else if (!Pods.isAvailable(v.newPod(), minReadySeconds, now)) {
                surging++;
            } else {
                delete.add(v.oldPod());
            }
        }
        int budget = Math.max(0, Math.min(maxSurge - surging, candidates.size()));
        List<String> create = new ArrayList<>(replaceAtOnce);
        create.addAll(candidates.subList(0, budget));
        return new RollingUpdate(delete, create);
    }
}
