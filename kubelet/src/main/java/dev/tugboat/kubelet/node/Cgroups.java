package dev.tugboat.kubelet.node;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes pod cgroups the runtime leaves behind: containerd deletes its containers' cgroups but not
 * the pod-level directory the kubelet named as their parent, in every cgroup v1 hierarchy and in the
 * unified one. Empty directories only; a cgroup still in use stays.
 */
public final class Cgroups {

    private final Path root;

    public Cgroups(Path root) {
        this.root = root;
    }

    public static Cgroups ofThisMachine() {
        return new Cgroups(Path.of("/sys/fs/cgroup"));
    }

    /** Removes {@code path} (cgroupfs form, e.g. /tugboat/node/pod123) and its empty children everywhere. */
    public void remove(String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        for (Path hierarchy : hierarchies()) {
            Path dir = hierarchy.resolve(relative);
            if (Files.isDirectory(dir)) {
                removeEmpty(dir);
            }
        }
    }

    private List<Path> hierarchies() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        out.add(root);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path p : entries) {
                if (Files.isDirectory(p) && !Files.isSymbolicLink(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            // Nothing to clean where nothing can be read.
        }
        return out;
    }

    /** cgroupfs directories are removed with rmdir, deepest first; their control files go with them. */
    private static void removeEmpty(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path child : entries) {
                removeEmpty(child);
            }
        } catch (IOException e) {
            return;
        }
        try {
            Files.delete(dir);
        } catch (IOException e) {
            // Still in use, or not a cgroup directory: left alone.
        }
    }
}
