package dev.tugboat.controllers.volume;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.quantity.Quantity;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What matching needs of a PersistentVolume.
 *
 * @param phase    {@code status.phase} ("" when unset)
 * @param deleting whether it has a deletionTimestamp (such volumes are never matched)
 */
public record Volume(String name, String storageClass, Set<String> accessModes, Quantity capacity, String volumeMode,
                     Map<String, String> labels, String phase, Optional<ClaimRef> claimRef, boolean deleting) {

    public static Volume of(JsonNode pv) {
        JsonNode spec = pv.path("spec");
        JsonNode storage = spec.path("capacity").path("storage");
        return new Volume(Meta.name(pv), Claim.classOf(pv), Claim.modes(spec),
                storage.isMissingNode() ? Quantity.ZERO : Quantity.parse(storage), Claim.volumeMode(spec),
                Meta.labels(pv), pv.path("status").path("phase").asText(""), ClaimRef.of(pv), Meta.isDeleting(pv));
    }

    /** Reserved for or bound to {@code claim} (upstream's IsVolumeBoundToClaim). */
    public boolean isBoundTo(Claim claim) {
        return claimRef.map(r -> r.refersTo(claim)).orElse(false);
    }
}
