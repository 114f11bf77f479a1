package dev.tugboat.scheduler.framework;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a pod fits no node, in upstream's words ({@code framework.FitError.Error}):
 * {@code "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) were unschedulable."} — each reason
 * counted over the nodes, the {@code "<count> <reason>"} strings sorted lexicographically and joined
 * with ", "; or the PreFilter rejection's message when one plugin rejected the pod for all nodes; then
 * what PostFilter (preemption) had to say.
 *
 * @param numAllNodes     the nodes considered
 * @param preFilterStatus the PreFilter rejection, or null
 * @param nodeStatuses    each rejected node's status
 * @param postFilterMsg   the PostFilter message ("" for none)
 */
public record FitError(int numAllNodes, Status preFilterStatus, Map<String, Status> nodeStatuses,
                       String postFilterMsg) {

    public static final String NO_NODES = "no nodes available to schedule pods";

    public String message() {
        if (numAllNodes == 0) {
            return NO_NODES;
        }
        String msg = preFilterStatus != null
                ? "0/" + numAllNodes + " nodes are available: " + preFilterStatus.message() + "."
                : histogram(numAllNodes, nodeStatuses);
        return postFilterMsg.isEmpty() ? msg : msg + " " + postFilterMsg;
    }

    /** {@code "0/N nodes are available: <count> <reason>, …."} over the statuses' reasons. */
    public static String histogram(int numAllNodes, Map<String, Status> statuses) {
        Map<String, Integer> counts = new HashMap<>();
        for (Status s : statuses.values()) {
            for (String r : s.reasons()) {
                counts.merge(r, 1, Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>(counts.size());
        counts.forEach((r, n) -> parts.add(n + " " + r));
        parts.sort(null);
        return "0/" + numAllNodes + " nodes are available: " + String.join(", ", parts) + ".";
    }

    /** The plugins whose rejections made the pod unschedulable (to match cluster events against). */
    public List<String> unschedulablePlugins() {
        List<String> out = new ArrayList<>();
        if (preFilterStatus != null) {
            out.add(preFilterStatus.plugin());
        }
        for (Status s : nodeStatuses.values()) {
            if (!out.contains(s.plugin())) {
                out.add(s.plugin());
            }
        }
        return out;
    }
}
