package dev.tugboat.controllers.volume;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A volume's {@code spec.claimRef}: the claim it is bound or reserved for. An empty uid means the volume
 * is reserved for whichever claim of that name binds to it (pre-bound by the user).
 */
public record ClaimRef(String namespace, String name, String uid) {

    /** The claimRef of a PersistentVolume, if it has one. */
    public static Optional<ClaimRef> of(JsonNode pv) {
        JsonNode ref = pv.path("spec").path("claimRef");
        if (!ref.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new ClaimRef(ref.path("namespace").asText(""), ref.path("name").asText(""),
                ref.path("uid").asText("")));
    }

    /** Upstream's IsVolumeBoundToClaim: same namespace and name, and no uid or the claim's. */
    public boolean refersTo(Claim claim) {
        return namespace.equals(claim.namespace()) && name.equals(claim.name())
                && (uid.isEmpty() || uid.equals(claim.uid()));
    }

    public String key() {
        return namespace + "/" + name;
    }
}
