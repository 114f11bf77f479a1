package dev.tugboat.controllers.statefulset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.controllers.common.PodControl;
import dev.tugboat.controllers.common.Pods;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The identity of a StatefulSet's pods (upstream's stateful_set_utils.go): ordinal names
 * {@code <set>-<ordinal>} from {@code spec.ordinals.start}, the pod-name and pod-index labels, hostname
 * and subdomain, one PersistentVolumeClaim per volumeClaimTemplate and ordinal, and the revision label.
 * Pure functions.
 */
public final class StatefulPods {

    public static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    public static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
    /** The pod label naming the ControllerRevision the pod was made from (upstream's StatefulSetRevisionLabel). */
    public static final String REVISION_LABEL = "controller-revision-hash";

    private static final Pattern ORDINAL_NAME = Pattern.compile("(.*)-([0-9]+)$");

    private StatefulPods() {
    }

    /** The set's name and the ordinal in a pod name; ordinal -1 when the name has none. */
    public record ParentAndOrdinal(String parent, int ordinal) {
    }

    public static ParentAndOrdinal parentAndOrdinal(String podName) {
        Matcher m = ORDINAL_NAME.matcher(podName);
        if (!m.matches()) {
            return new ParentAndOrdinal("", -1);
        }
        try {
            return new ParentAndOrdinal(m.group(1), Integer.parseInt(m.group(2)));
        } catch (NumberFormatException e) {
            return new ParentAndOrdinal(m.group(1), -1);
        }
    }

    public static int ordinal(JsonNode pod) {
        return parentAndOrdinal(Meta.name(pod)).ordinal();
    }

    public static boolean isMemberOf(JsonNode set, JsonNode pod) {
        return parentAndOrdinal(Meta.name(pod)).parent().equals(Meta.name(set));
    }

    public static int replicas(JsonNode set) {
        return set.path("spec").path("replicas").asInt(1);
    }

    /** {@code spec.ordinals.start}, 0 when unset. */
    public static int startOrdinal(JsonNode set) {
        return set.path("spec").path("ordinals").path("start").asInt(0);
    }

    /** The highest ordinal the set should have (start - 1 when it has no replicas). */
    public static int endOrdinal(JsonNode set) {
        return startOrdinal(set) + replicas(set) - 1;
    }

    public static boolean inOrdinalRange(JsonNode pod, JsonNode set) {
        int ord = ordinal(pod);
        return ord >= startOrdinal(set) && ord <= endOrdinal(set);
    }

    public static String podName(JsonNode set, int ordinal) {
        return Meta.name(set) + "-" + ordinal;
    }

    public static String claimName(JsonNode set, String templateName, int ordinal) {
        return templateName + "-" + Meta.name(set) + "-" + ordinal;
    }

    public static String serviceName(JsonNode set) {
        return set.path("spec").path("serviceName").asText("");
    }

    public static String revision(JsonNode pod) {
        return Meta.labels(pod).getOrDefault(REVISION_LABEL, "");
    }

    /** Whether name, namespace and the identity labels are what the pod's ordinal says. */
    public static boolean identityMatches(JsonNode set, JsonNode pod) {
        ParentAndOrdinal po = parentAndOrdinal(Meta.name(pod));
        Map<String, String> labels = Meta.labels(pod);
        return po.ordinal() >= 0 && po.parent().equals(Meta.name(set))
                && Meta.name(pod).equals(podName(set, po.ordinal()))
                && Meta.namespace(pod).equals(Meta.namespace(set))
                && Meta.name(pod).equals(labels.get(POD_NAME_LABEL))
                && Integer.toString(po.ordinal()).equals(labels.get(POD_INDEX_LABEL));
    }

    /** Whether the pod mounts every claim of the set's templates under the template's name. */
    public static boolean storageMatches(JsonNode set, JsonNode pod) {
        int ord = ordinal(pod);
        if (ord < 0) {
            return false;
        }
        Map<String, JsonNode> volumes = new LinkedHashMap<>();
        pod.path("spec").path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        for (JsonNode t : set.path("spec").path("volumeClaimTemplates")) {
            String name = Meta.name(t);
            JsonNode v = volumes.get(name);
            if (v == null || !claimName(set, name, ord)
                    .equals(v.path("persistentVolumeClaim").path("claimName").asText(null))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The claims of the pod with this ordinal, by template name: each template's labels (plus the set's
     * matchLabels), annotations and spec, named {@code <template>-<set>-<ordinal>}.
     */
    public static Map<String, ObjectNode> claims(JsonNode set, int ordinal) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        for (JsonNode t : set.path("spec").path("volumeClaimTemplates")) {
            ObjectNode claim = Json.object();
            claim.put("apiVersion", "v1");
            claim.put("kind", "PersistentVolumeClaim");
            ObjectNode meta = claim.putObject("metadata");
            meta.put("name", claimName(set, Meta.name(t), ordinal));
            meta.put("namespace", Meta.namespace(set));
            ObjectNode labels = meta.putObject("labels");
            Meta.labels(t).forEach(labels::put);
            set.path("spec").path("selector").path("matchLabels").properties()
                    .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            if (t.path("metadata").path("annotations").isObject()) {
                meta.set("annotations", t.path("metadata").path("annotations").deepCopy());
            }
            claim.set("spec", t.path("spec").deepCopy());
            out.put(Meta.name(t), claim);
        }
        return out;
    }

    /** Sets the pod's identity labels (upstream's updateIdentity). */
    public static void updateIdentity(JsonNode set, ObjectNode pod) {
        int ord = ordinal(pod);
        ObjectNode meta = Meta.mutableMetadata(pod);
        meta.put("name", podName(set, ord));
        meta.put("namespace", Meta.namespace(set));
        ObjectNode labels = meta.get("labels") instanceof ObjectNode l ? l : meta.putObject("labels");
        labels.put(POD_NAME_LABEL, podName(set, ord));
        labels.put(POD_INDEX_LABEL, Integer.toString(ord));
    }

    /** Mounts the pod's claims under their template names, replacing volumes of those names (upstream's updateStorage). */
    public static void updateStorage(JsonNode set, ObjectNode pod) {
        ObjectNode spec = pod.get("spec") instanceof ObjectNode s ? s : pod.putObject("spec");
        Map<String, ObjectNode> claims = claims(set, ordinal(pod));
        List<JsonNode> volumes = new ArrayList<>();
        claims.forEach((template, claim) -> {
            ObjectNode v = Json.object().put("name", template);
            v.putObject("persistentVolumeClaim").put("claimName", Meta.name(claim));
            volumes.add(v);
        });
        for (JsonNode v : spec.path("volumes")) {
            if (!claims.containsKey(v.path("name").asText())) {
                volumes.add(v);
            }
        }
        if (volumes.isEmpty()) {
            return;
        }
        ArrayNode arr = spec.putArray("volumes");
        volumes.forEach(arr::add);
    }

    /** A new pod of the set with this ordinal, from the set's template (upstream's newStatefulSetPod). */
    public static ObjectNode newPod(JsonNode set, int ordinal) {
        ObjectNode pod = PodControl.fromTemplate(set.path("spec").path("template"), set,
                StatefulSetController.KIND.controllerRef(set));
        ObjectNode meta = Meta.mutableMetadata(pod);
        meta.remove("generateName");
        meta.put("name", podName(set, ordinal));
        updateIdentity(set, pod);
        ObjectNode spec = pod.get("spec") instanceof ObjectNode s ? s : pod.putObject("spec");
        spec.put("hostname", podName(set, ordinal));
        if (!serviceName(set).isEmpty()) {
            spec.put("subdomain", serviceName(set));
        }
        updateStorage(set, pod);
        return pod;
    }

    /**
     * A new pod for this ordinal at the right revision (upstream's newVersionedStatefulSetPod): ordinals
     * below the partition (or, without rollingUpdate, below the current replicas) stay at the current
     * revision during a RollingUpdate; the others get the update revision.
     */
    public static ObjectNode newVersionedPod(JsonNode currentSet, JsonNode updateSet, String currentRevision,
                                             String updateRevision, int ordinal) {
        JsonNode strategy = currentSet.path("spec").path("updateStrategy");
        boolean rolling = "RollingUpdate".equals(strategy.path("type").asText("RollingUpdate"));
        JsonNode ru = strategy.path("rollingUpdate");
        int start = startOrdinal(currentSet);
        boolean keepCurrent = (rolling && !ru.isObject()
                && ordinal < start + currentSet.path("status").path("currentReplicas").asInt(0))
                || (ru.isObject() && ordinal < start + ru.path("partition").asInt(0));
        ObjectNode pod = keepCurrent ? newPod(currentSet, ordinal) : newPod(updateSet, ordinal);
        ObjectNode labels = (ObjectNode) Meta.mutableMetadata(pod).get("labels");
        labels.put(REVISION_LABEL, keepCurrent ? currentRevision : updateRevision);
        return pod;
    }

    // ------------------------------------------------------------------ pod state

    /** The API server has the pod (a pod made here but not yet created has no phase). */
    public static boolean isCreated(JsonNode pod) {
        return !Pods.phase(pod).isEmpty();
    }

    public static boolean isTerminating(JsonNode pod) {
        return Meta.isDeleting(pod);
    }

    public static boolean isRunningAndReady(JsonNode pod) {
        return "Running".equals(Pods.phase(pod)) && Pods.isReady(pod);
    }

    public static boolean isRunningAndAvailable(JsonNode pod, int minReadySeconds, Instant now) {
        return "Running".equals(Pods.phase(pod)) && Pods.isAvailable(pod, minReadySeconds, now);
    }

    public static boolean isHealthy(JsonNode pod) {
        return isRunningAndReady(pod) && !isTerminating(pod);
    }

    public static boolean isUnavailable(JsonNode pod, int minReadySeconds, Instant now) {
        return !isHealthy(pod) || !isRunningAndAvailable(pod, minReadySeconds, now);
    }

    /** Parallel pod management lets pods be created and deleted without waiting on each other. */
    public static boolean allowsBurst(JsonNode set) {
        return "Parallel".equals(set.path("spec").path("podManagementPolicy").asText(""));
    }
}
