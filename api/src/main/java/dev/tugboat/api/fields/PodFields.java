package dev.tugboat.api.fields;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The field set of a core/v1 Pod (upstream's pod {@code ToSelectableFields}). */
final class PodFields {

    /** {@code status.podIPs} is accepted (it is shared with the downward API) but never has a value to match. */
    static final List<String> LABELS = List.of("metadata.name", "metadata.namespace", "spec.nodeName",
            "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
            "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName");

    private PodFields() {
    }

    static Map<String, String> fields(JsonNode pod) {
        Map<String, String> f = SelectableFields.meta(pod);
        f.put("spec.nodeName", SelectableFields.text(pod, "spec", "nodeName"));
        f.put("spec.restartPolicy", SelectableFields.text(pod, "spec", "restartPolicy"));
        f.put("spec.schedulerName", SelectableFields.text(pod, "spec", "schedulerName"));
        f.put("spec.serviceAccountName", SelectableFields.text(pod, "spec", "serviceAccountName"));
        f.put("spec.hostNetwork", Boolean.toString(pod.path("spec").path("hostNetwork").asBoolean(false)));
        f.put("status.phase", SelectableFields.text(pod, "status", "phase"));
        f.put("status.podIP", podIP(pod.path("status")));
        f.put("status.nominatedNodeName", SelectableFields.text(pod, "status", "nominatedNodeName"));
        return f;
    }

    /** The first of {@code status.podIPs}, falling back to the singular {@code status.podIP} field. */
    private static String podIP(JsonNode status) {
        JsonNode ips = status.path("podIPs");
        if (ips.isArray() && !ips.isEmpty()) {
            return ips.get(0).path("ip").asText("");
        }
        return status.path("podIP").asText("");
    }
}
