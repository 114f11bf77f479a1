package dev.tugboat.kubelet.pod;

/**
 * Image references as the runtime resolves them: {@code nginx} is {@code docker.io/library/nginx:latest};
 * a first component with a dot, a colon or {@code localhost} is a registry. Pure.
 */
public final class ImageNames {

    private ImageNames() {
    }

    /** The fully qualified reference: registry, {@code library/} for official images, {@code :latest}. */
    public static String normalize(String image) {
        String name = image;
        String suffix = "";
        int at = name.indexOf('@');
        if (at >= 0) {
            suffix = name.substring(at);
            name = name.substring(0, at);
        }
        int lastSlash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        if (colon > lastSlash) {
            suffix = name.substring(colon) + suffix;
            name = name.substring(0, colon);
        } else if (suffix.isEmpty()) {
            suffix = ":latest";
        }
        int slash = name.indexOf('/');
        String first = slash < 0 ? "" : name.substring(0, slash);
        boolean hasRegistry = slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
        if (!hasRegistry) {
            name = (slash < 0 ? "docker.io/library/" : "docker.io/") + name;
        }
        return name + suffix;
    }
}
