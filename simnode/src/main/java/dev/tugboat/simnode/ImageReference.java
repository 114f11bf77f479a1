package dev.tugboat.simnode;

import dev.tugboat.kubelet.pod.ImageNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Container image names as a CRI runtime reports them: {@code nginx} becomes
 * {@code docker.io/library/nginx:latest}, and the image ID is {@code <repository>@sha256:<digest>}
 * (here a digest of the name, since nothing is pulled).
 */
final class ImageReference {

    private ImageReference() {
    }

    /** The fully qualified reference: default registry, {@code library/} for official images, {@code :latest}. */
    static String normalize(String image) {
        return ImageNames.normalize(image);
    }

    /** {@code docker.io/library/nginx@sha256:…}: the repository plus a digest of the reference. */
    static String imageId(String image) {
        String normalized = normalize(image);
        int at = normalized.indexOf('@');
        String named = at >= 0 ? normalized.substring(0, at) : normalized;
        int colon = named.lastIndexOf(':');
        String repository = colon > named.lastIndexOf('/') ? named.substring(0, colon) : named;
        return repository + (at >= 0 ? normalized.substring(at) : "@sha256:" + sha256(normalized));
    }

    static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
