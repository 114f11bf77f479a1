package dev.tugboat.kubelet.images;

/**
 * A fully qualified, tagged image reference such as {@code docker.io/library/busybox:latest}.
 * Only full references are accepted: {@code ctr images import} keeps a short name literally
 * ({@code busybox:latest}), and the CRI, which normalises {@code busybox} to
 * {@code docker.io/library/busybox:latest}, would then never find the image.
 */
public record ImageReference(String name, String tag) {

    public ImageReference {
        int slash = name.indexOf('/');
        if (slash <= 0 || slash == name.length() - 1) {
            throw new IllegalArgumentException("image name " + name + " is not fully qualified"
                    + " (expected a registry host and a path, e.g. docker.io/library/busybox)");
        }
        String host = name.substring(0, slash);
        if (!host.contains(".") && !host.contains(":") && !host.equals("localhost")) {
            throw new IllegalArgumentException("image name " + name + " does not start with a registry host");
        }
        if (!name.equals(name.toLowerCase(java.util.Locale.ROOT)) || name.contains("@")) {
            throw new IllegalArgumentException("image name " + name + " must be lower case and without a digest");
        }
        if (!tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
            throw new IllegalArgumentException("image tag " + tag + " is not a valid tag");
        }
    }

    /** Parses {@code host/path:tag}; the tag is required. */
    public static ImageReference parse(String reference) {
        int colon = reference.lastIndexOf(':');
        if (colon < 0 || colon < reference.lastIndexOf('/')) {
            throw new IllegalArgumentException("image reference " + reference + " has no tag");
        }
        return new ImageReference(reference.substring(0, colon), reference.substring(colon + 1));
    }

    @Override
    public String toString() {
        return name + ":" + tag;
    }
}
