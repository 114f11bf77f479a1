package dev.tugboat.apiserver.admission.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.apiserver.admission.AdmissionAttributes;
import dev.tugboat.apiserver.admission.AdmissionPlugin;
import dev.tugboat.apiserver.admission.Operation;

/**
 * Upstream's DefaultTolerationSeconds: new pods tolerate the not-ready and unreachable NoExecute
 * taints for a while (300 seconds by default, kube-apiserver's {@code --default-not-ready-toleration-seconds}
 * and {@code --default-unreachable-toleration-seconds}) unless they already tolerate them.
 */
public final class DefaultTolerationSeconds implements AdmissionPlugin {

    private static final String NOT_READY = "node.kubernetes.io/not-ready";
    private static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    /** Upstream's default for both taints. */
    public static final long DEFAULT_SECONDS = 300;

    private final long notReadySeconds;
    private final long unreachableSeconds;

    public DefaultTolerationSeconds(long notReadySeconds, long unreachableSeconds) {
        this.notReadySeconds = notReadySeconds;
        this.unreachableSeconds = unreachableSeconds;
    }

    public DefaultTolerationSeconds(long seconds) {
        this(seconds, seconds);
    }

    @Override
    public void admit(AdmissionAttributes a, ObjectNode pod, ObjectNode old) {
        if (a.operation() != Operation.CREATE || !a.subresource().isEmpty() || !isPods(a)) {
            return;
        }
        ObjectNode spec = pod.withObjectProperty("spec");
        boolean notReady = false;
        boolean unreachable = false;
        for (JsonNode t : spec.path("tolerations")) {
            String key = t.path("key").asText("");
            String effect = t.path("effect").asText("");
            boolean noExecute = effect.isEmpty() || effect.equals("NoExecute");
            boolean exists = t.path("operator").asText("").equals("Exists");
            if (noExecute && (key.equals(NOT_READY) || (key.isEmpty() && exists))) {
                notReady = true;
            }
            if (noExecute && (key.equals(UNREACHABLE) || (key.isEmpty() && exists))) {
                unreachable = true;
            }
        }
        ArrayNode tolerations = spec.withArrayProperty("tolerations");
        if (!notReady) {
            add(tolerations, NOT_READY, notReadySeconds);
        }
        if (!unreachable) {
            add(tolerations, UNREACHABLE, unreachableSeconds);
        }
    }

    private static void add(ArrayNode tolerations, String key, long seconds) {
        ObjectNode t = tolerations.addObject();
        t.put("key", key);
        t.put("operator", "Exists");
        t.put("effect", "NoExecute");
        t.put("tolerationSeconds", seconds);
    }

    static boolean isPods(AdmissionAttributes a) {
        return a.resource().group().isEmpty() && a.resource().resource().equals("pods");
    }
}
