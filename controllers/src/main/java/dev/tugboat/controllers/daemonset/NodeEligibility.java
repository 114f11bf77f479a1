package dev.tugboat.controllers.daemonset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.controllers.common.NodeAffinity;
import dev.tugboat.controllers.common.Taints;

/**
 * Whether a DaemonSet belongs on a node (upstream's NodeShouldRunDaemonPod). A daemon pod should run
 * where the template's nodeName (if any), nodeSelector and required node affinity match and every
 * NoSchedule and NoExecute taint is tolerated (with the default daemon tolerations added); an existing
 * pod may stay while only NoSchedule taints are untolerated. Pure.
 *
 * @param shouldRun             a pod should be created here
 * @param shouldContinueRunning a pod already here may stay
 */
public record NodeEligibility(boolean shouldRun, boolean shouldContinueRunning) {

    static final NodeEligibility NO = new NodeEligibility(false, false);
    static final NodeEligibility YES = new NodeEligibility(true, true);

    /** The eligibility of {@code node} for {@code ds}. */
    public static NodeEligibility of(JsonNode ds, JsonNode node) {
        JsonNode t = ds.path("spec").path("template").path("spec");
        ObjectNode spec = t.isObject() ? ((ObjectNode) t).deepCopy() : Json.object();
        DaemonPods.addDefaultTolerations(spec);
        return forPodSpec(spec, node);
    }

    /** The eligibility of {@code node} for a daemon pod spec that already carries the default tolerations. */
    public static NodeEligibility forPodSpec(JsonNode podSpec, JsonNode node) {
        String nodeName = podSpec.path("nodeName").asText("");
        if (!nodeName.isEmpty() && !nodeName.equals(Meta.name(node))) {
            return NO;
        }
        if (!NodeAffinity.requiredMatches(podSpec, node)) {
            return NO;
        }
        JsonNode taints = node.path("spec").path("taints");
        JsonNode tolerations = podSpec.path("tolerations");
        if (Taints.findUntolerated(taints, tolerations, Taints.effectIn(Taints.NO_SCHEDULE, Taints.NO_EXECUTE))
                .isEmpty()) {
            return YES;
        }
        boolean noExecuteUntolerated = Taints.findUntolerated(taints, tolerations,
                Taints.effectIn(Taints.NO_EXECUTE)).isPresent();
        return new NodeEligibility(false, !noExecuteUntolerated);
    }
}
