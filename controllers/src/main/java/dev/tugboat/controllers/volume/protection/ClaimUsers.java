package dev.tugboat.controllers.volume.protection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import java.util.ArrayList;
import java.util.List;

/** Which claims a pod uses, as upstream's pvc-protection controller counts them. Pure. */
public final class ClaimUsers {

    private ClaimUsers() {
    }

    /**
     * Every claim ({@code namespace/name}) the pod's volumes refer to: persistentVolumeClaim volumes and
     * the {@code <pod>-<volume>} claims of generic ephemeral volumes.
     */
    public static List<String> referencedClaims(JsonNode pod) {
        List<String> out = new ArrayList<>();
        String ns = Meta.namespace(pod);
        for (JsonNode v : pod.path("spec").path("volumes")) {
            String claim = v.path("persistentVolumeClaim").path("claimName").asText("");
            if (!claim.isEmpty()) {
                out.add(ns + "/" + claim);
            } else if (v.has("ephemeral")) {
                out.add(ns + "/" + Meta.name(pod) + "-" + v.path("name").asText(""));
            }
        }
        return out;
    }

    /**
     * The claims that keep a deleted claim from going: only scheduled pods count (the kubelet sees a pod
     * only once it is scheduled and does not start one whose claim is being deleted), and an ephemeral
     * claim no longer counts once its pod has finished.
     */
    public static List<String> claimsInUse(JsonNode pod) {
        if (pod.path("spec").path("nodeName").asText("").isEmpty()) {
            return List.of();
        }
        String phase = pod.path("status").path("phase").asText("");
        boolean shutDown = phase.equals("Succeeded") || phase.equals("Failed");
        List<String> out = new ArrayList<>();
        String ns = Meta.namespace(pod);
        for (JsonNode v : pod.path("spec").path("volumes")) {
            String claim = v.path("persistentVolumeClaim").path("claimName").asText("");
            if (!claim.isEmpty()) {
                out.add(ns + "/" + claim);
            } else if (v.has("ephemeral") && !shutDown) {
                out.add(ns + "/" + Meta.name(pod) + "-" + v.path("name").asText(""));
            }
        }
        return out;
    }
}
