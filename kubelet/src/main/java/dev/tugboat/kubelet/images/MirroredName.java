package dev.tugboat.kubelet.images;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An image as a registry knows it: the registry host ({@code docker.io}), the repository inside
 * it ({@code library/nginx}) and a tag ({@code latest}). It is how the mirror files the images of
 * an archive, whose index names each by its full reference ({@code docker.io/library/nginx:latest}).
 */
record MirroredName(String registry, String repository, String tag) {

    /** A repository name as the distribution spec allows it: lower-case path components. */
    static final Pattern REPOSITORY = Pattern.compile(
            "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");
    /** A registry host, optionally with a port: what containerd names a hosts.toml directory after. */
    static final Pattern REGISTRY = Pattern.compile("[a-z0-9]+(?:[.-][a-z0-9]+)*(?::[0-9]{1,5})?");
    static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    MirroredName {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tag, "tag");
        if (!REGISTRY.matcher(registry).matches()) {
            throw new IllegalArgumentException("registry host " + registry + " is not a host name with an optional port");
        }
        if (!REPOSITORY.matcher(repository).matches()) {
            throw new IllegalArgumentException("repository " + repository + " is not a valid repository name");
        }
        if (!TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("tag " + tag + " is not a valid tag");
        }
    }

    /**
     * Splits a full reference such as {@code registry.k8s.io/pause:3.9} at its first slash (the
     * registry host) and its tag. Short names are refused: which registry they mean is the
     * client's convention, not the archive's.
     */
    static MirroredName parse(String fullReference) {
        ImageReference reference = ImageReference.parse(fullReference);
        int slash = reference.name().indexOf('/');
        return new MirroredName(reference.name().substring(0, slash), reference.name().substring(slash + 1),
                reference.tag());
    }

    @Override
    public String toString() {
        return registry + "/" + repository + ":" + tag;
    }
}
