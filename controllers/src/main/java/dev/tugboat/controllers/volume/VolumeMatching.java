package dev.tugboat.controllers.volume;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Which volume a claim should bind to (upstream's findBestMatchForClaim / FindMatchingVolume with the
 * access-mode index), and whether a volume the user named satisfies a claim. Pure functions.
 */
public final class VolumeMatching {

    /** Fewest access modes first (upstream searches its access-mode index in that order), then smallest. */
    private static final Comparator<Volume> SMALLEST = Comparator.comparingInt((Volume v) -> v.accessModes().size())
            .thenComparing(Volume::capacity)
            .thenComparing(Volume::name);

    private VolumeMatching() {
    }

    /**
     * The best volume for {@code claim}: a volume reserved for it if one fits, else (unless binding is
     * delayed) the smallest available, unreserved volume that fits, of the claim's class, whose labels
     * the claim's selector matches. To fit, a volume offers every access mode the claim asks for, at
     * least the requested capacity and the same volume mode, and is not being deleted.
     *
     * @param delayBinding the claim's class binds on first consumer and no node was selected yet: only a
     *                     volume reserved for the claim may be chosen; the scheduler picks the others
     */
    public static Optional<Volume> bestMatch(Claim claim, Collection<Volume> volumes, boolean delayBinding) {
        Optional<Volume> reserved = volumes.stream()
                .filter(v -> fits(claim, v) && v.isBoundTo(claim))
                .min(SMALLEST);
        if (reserved.isPresent() || delayBinding) {
            return reserved;
        }
        return volumes.stream()
                .filter(v -> fits(claim, v) && v.claimRef().isEmpty() && "Available".equals(v.phase())
                        && v.storageClass().equals(claim.storageClass())
                        && claim.selector().matches(v.labels()))
                .min(SMALLEST);
    }

    private static boolean fits(Claim claim, Volume v) {
        return v.accessModes().containsAll(claim.accessModes())
                && v.capacity().compareTo(claim.request()) >= 0
                && v.volumeMode().equals(claim.volumeMode())
                && !v.deleting();
    }

    /**
     * Why a volume the user named in the claim's {@code spec.volumeName} cannot be bound to it (upstream's
     * checkVolumeSatisfyClaim), or empty when it can.
     */
    public static Optional<String> mismatch(Claim claim, Volume v) {
        if (v.capacity().compareTo(claim.request()) < 0) {
            return Optional.of("requested PV is too small");
        }
        if (!v.storageClass().equals(claim.storageClass())) {
            return Optional.of("storageClassName does not match");
        }
        if (!v.volumeMode().equals(claim.volumeMode())) {
            return Optional.of("incompatible volumeMode");
        }
        if (!v.accessModes().containsAll(claim.accessModes())) {
            return Optional.of("incompatible accessMode");
        }
        return Optional.empty();
    }
}
