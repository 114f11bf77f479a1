package dev.tugboat.kubelet.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/** How one offline image is assembled from what is on (or reachable from) this host. */
sealed interface ImageRecipe permits PauseImage, BusyboxImage, NginxImage {

    /** The archive's file name without ".tar". */
    String name();

    List<ImageReference> references();

    ImageConfig config();

    /** A fingerprint of the recipe's fixed parts (its bundled files); host inputs are recorded while populating. */
    String fingerprint() throws IOException;

    /**
     * Fills {@code rootfs}; {@code work} is scratch space for downloads and compiler output. Every
     * host file or command answer the image depends on is recorded in {@code inputs}.
     */
    void populate(Rootfs rootfs, Path work, BuildInputs inputs) throws IOException;

    /** A file bundled next to these classes. */
    static byte[] resource(String name) throws IOException {
        try (InputStream in = ImageRecipe.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " is missing from the kubelet jar");
            }
            return in.readAllBytes();
        }
    }

    /** root and nobody, with nobody's group called {@code nobodyGroup} as the distribution names it. */
    static void users(Rootfs rootfs, String nobodyGroup, String nobodyShell) throws IOException {
        rootfs.write("/etc/passwd", 0644, "root:x:0:0:root:/root:/bin/sh\n"
                + "nobody:x:65534:65534:nobody:/nonexistent:" + nobodyShell + "\n");
        rootfs.write("/etc/group", 0644, "root:x:0:\n" + nobodyGroup + ":x:65534:\n");
    }
}
