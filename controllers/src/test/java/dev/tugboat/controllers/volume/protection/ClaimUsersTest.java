package dev.tugboat.controllers.volume.protection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import org.junit.jupiter.api.Test;

/** Which claims a pod holds, as the pvc-protection controller counts them. */
class ClaimUsersTest {

    static ObjectNode pod(String nodeName, String phase) {
        ObjectNode pod = Json.object();
        pod.putObject("metadata").put("name", "web-0").put("namespace", "shop");
        ObjectNode spec = pod.putObject("spec");
        if (nodeName != null) {
            spec.put("nodeName", nodeName);
        }
        spec.putArray("volumes").addObject().put("name", "data").putObject("persistentVolumeClaim")
                .put("claimName", "data-web-0");
        spec.withArray("volumes").addObject().put("name", "scratch").putObject("ephemeral");
        spec.withArray("volumes").addObject().put("name", "config").putObject("configMap").put("name", "cfg");
        if (phase != null) {
            pod.putObject("status").put("phase", phase);
        }
        return pod;
    }

    @Test
    void aPodRefersToItsClaimsAndTheClaimsOfItsEphemeralVolumes() {
        assertThat(ClaimUsers.referencedClaims(pod(null, null)))
                .containsExactly("shop/data-web-0", "shop/web-0-scratch");
    }

    @Test
    void anUnscheduledPodHoldsNoClaim() {
        assertThat(ClaimUsers.claimsInUse(pod(null, "Pending"))).isEmpty();
    }

    @Test
    void aScheduledPodHoldsAllItsClaims() {
        assertThat(ClaimUsers.claimsInUse(pod("node-1", "Running")))
                .containsExactly("shop/data-web-0", "shop/web-0-scratch");
    }

    @Test
    void aFinishedPodStillHoldsItsClaimsButNotItsEphemeralOnes() {
        assertThat(ClaimUsers.claimsInUse(pod("node-1", "Succeeded"))).containsExactly("shop/data-web-0");
        assertThat(ClaimUsers.claimsInUse(pod("node-1", "Failed"))).containsExactly("shop/data-web-0");
    }
}
