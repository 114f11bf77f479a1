package dev.tugboat.controllers.daemonset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.controllers.common.NodeAffinity;
import dev.tugboat.controllers.common.Taints;
import java.util.Comparator;

/**
 * The pods of a DaemonSet as upstream's daemon/util builds and reads them: the template with the
 * revision labels and the default daemon tolerations, pinned to one node by required node affinity on
 * {@code metadata.name}, and the node a pod is meant for. Pure functions.
 */
public final class DaemonPods {

    /** Pod and revision label with the template hash (upstream's DefaultDaemonSetUniqueLabelKey). */
    public static final String HASH_LABEL = "controller-revision-hash";
    /** Deprecated pod label with the DaemonSet generation the pod was made from. */
    public static final String GENERATION_LABEL = "pod-template-generation";

    /** Unscheduled pods last, then oldest first, then by name (upstream's podByCreationTimestampAndPhase). */
    public static final Comparator<JsonNode> OLDEST_SCHEDULED_FIRST = Comparator
            .<JsonNode, Boolean>comparing(p -> p.path("spec").path("nodeName").asText("").isEmpty())
            .thenComparing(Meta::creationTimestamp)
            .thenComparing(Meta::name);

    private DaemonPods() {
    }

    /**
     * The template new pods are made from (upstream's CreatePodTemplate): the DaemonSet's template with
     * {@code controller-revision-hash} and {@code pod-template-generation} labels and the default
     * daemon tolerations.
     */
    public static ObjectNode podTemplate(JsonNode ds, String hash) {
        JsonNode t = ds.path("spec").path("template");
        ObjectNode template = t.isObject() ? ((ObjectNode) t).deepCopy() : Json.object();
        ObjectNode meta = template.get("metadata") instanceof ObjectNode m ? m : template.putObject("metadata");
        ObjectNode labels = meta.get("labels") instanceof ObjectNode l ? l : meta.putObject("labels");
        labels.put(GENERATION_LABEL, Long.toString(Meta.generation(ds)));
        if (!hash.isEmpty()) {
            labels.put(HASH_LABEL, hash);
        }
        ObjectNode spec = template.get("spec") instanceof ObjectNode s ? s : template.putObject("spec");
        addDefaultTolerations(spec);
        return template;
    }

    /**
     * Adds the tolerations every daemon pod gets (upstream's AddOrUpdateDaemonPodTolerations): it stays
     * on not-ready and unreachable nodes, and is not kept off nodes under disk, memory or PID pressure,
     * cordoned nodes, or (host-network pods) nodes whose network is not ready.
     */
    public static void addDefaultTolerations(ObjectNode podSpec) {
        ArrayNode tolerations = podSpec.get("tolerations") instanceof ArrayNode a ? a : podSpec.putArray("tolerations");
        addToleration(tolerations, "node.kubernetes.io/not-ready", Taints.NO_EXECUTE);
        addToleration(tolerations, "node.kubernetes.io/unreachable", Taints.NO_EXECUTE);
        addToleration(tolerations, "node.kubernetes.io/disk-pressure", Taints.NO_SCHEDULE);
        addToleration(tolerations, "node.kubernetes.io/memory-pressure", Taints.NO_SCHEDULE);
        addToleration(tolerations, "node.kubernetes.io/pid-pressure", Taints.NO_SCHEDULE);
        addToleration(tolerations, "node.kubernetes.io/unschedulable", Taints.NO_SCHEDULE);
        if (podSpec.path("hostNetwork").asBoolean(false)) {
            addToleration(tolerations, "node.kubernetes.io/network-unavailable", Taints.NO_SCHEDULE);
        }
    }

    private static void addToleration(ArrayNode tolerations, String key, String effect) {
        for (JsonNode t : tolerations) {
            if (key.equals(t.path("key").asText("")) && effect.equals(t.path("effect").asText(""))
                    && "Exists".equals(t.path("operator").asText("")) && !t.has("tolerationSeconds")) {
                return;
            }
        }
        tolerations.addObject().put("key", key).put("operator", "Exists").put("effect", effect);
    }

    /**
     * Pins a pod template to {@code nodeName} (upstream's ReplaceDaemonSetPodNodeNameNodeAffinity): its
     * required node affinity becomes the single term {@code metadata.name In [nodeName]}; the rest of
     * the affinity is kept. The node's eligibility was checked before, so the other terms add nothing.
     */
    public static ObjectNode pinToNode(ObjectNode template, String nodeName) {
        ObjectNode spec = template.get("spec") instanceof ObjectNode s ? s : template.putObject("spec");
        ObjectNode affinity = spec.get("affinity") instanceof ObjectNode a ? a : spec.putObject("affinity");
        ObjectNode nodeAffinity = affinity.get("nodeAffinity") instanceof ObjectNode n ? n
                : affinity.putObject("nodeAffinity");
        ObjectNode required = nodeAffinity.putObject("requiredDuringSchedulingIgnoredDuringExecution");
        ObjectNode field = required.putArray("nodeSelectorTerms").addObject().putArray("matchFields").addObject();
        field.put("key", NodeAffinity.NODE_NAME_FIELD).put("operator", "In");
        field.putArray("values").add(nodeName);
        return template;
    }

    /**
     * The node a daemon pod is meant for (upstream's GetTargetNodeName): its {@code spec.nodeName}, or
     * before it is bound the node of its {@code metadata.name} node affinity; "" if neither.
     */
    public static String targetNodeName(JsonNode pod) {
        String bound = pod.path("spec").path("nodeName").asText("");
        if (!bound.isEmpty()) {
            return bound;
        }
        JsonNode terms = pod.path("spec").path("affinity").path("nodeAffinity")
                .path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms");
        for (JsonNode term : terms) {
            for (JsonNode f : term.path("matchFields")) {
                if (NodeAffinity.NODE_NAME_FIELD.equals(f.path("key").asText(""))
                        && "In".equals(f.path("operator").asText("")) && f.path("values").size() == 1) {
                    return f.path("values").get(0).asText("");
                }
            }
        }
        return "";
    }

    /** Made from the current template: same hash, or (older pods) same generation (upstream's IsPodUpdated). */
    public static boolean isUpdated(JsonNode pod, long generation, String hash) {
        var labels = Meta.labels(pod);
        boolean generationMatches = Long.toString(generation).equals(labels.get(GENERATION_LABEL));
        boolean hashMatches = !hash.isEmpty() && hash.equals(labels.get(HASH_LABEL));
        return hashMatches || generationMatches;
    }
}
