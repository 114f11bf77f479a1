package dev.tugboat.kubelet.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A root filesystem being assembled in a scratch directory. Paths are image paths ("/etc/passwd"
 * or "etc/passwd"); every mode is set explicitly, so the umask of the building process never shows
 * in the image.
 */
final class Rootfs {

    private final Path root;

    Rootfs(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The host path of an image path; ".." is refused so nothing lands outside the rootfs. */
    Path path(String imagePath) {
        String relative = imagePath.replaceFirst("^/+", "");
        Path resolved = root.resolve(relative).normalize();
        if (relative.isEmpty() || !resolved.startsWith(root)) {
            throw new IllegalArgumentException("image path " + imagePath + " is not inside the root filesystem");
        }
        return resolved;
    }

    boolean exists(String imagePath) {
        return Files.exists(path(imagePath), LinkOption.NOFOLLOW_LINKS);
    }

    /** Creates each directory (and missing parents, 0755) and gives it {@code mode}. */
    void directories(int mode, String... imagePaths) throws IOException {
        for (String imagePath : imagePaths) {
            Path dir = path(imagePath);
            parents(dir);
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dir);
            }
            Files.setAttribute(dir, "unix:mode", mode);
        }
    }

    void write(String imagePath, int mode, String content) throws IOException {
        Path file = path(imagePath);
        parents(file);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setAttribute(file, "unix:mode", mode);
    }

    /** Copies a host file's content (after symbolic links) to {@code imagePath}. */
    void copy(Path source, String imagePath, int mode) throws IOException {
        Path target = path(imagePath);
        parents(target);
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        Files.setAttribute(target, "unix:mode", mode);
    }

    void symlink(String imagePath, String target) throws IOException {
        Path link = path(imagePath);
        parents(link);
        Files.createSymbolicLink(link, Path.of(target));
    }

    /** Copies a host directory tree to {@code imagePath}, keeping modes and symbolic links as they are. */
    void copyTree(Path source, String imagePath) throws IOException {
        Path target = path(imagePath);
        parents(target);
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path copy = target.resolve(source.relativize(dir).toString());
                if (!Files.isDirectory(copy, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(copy);
                }
                Files.setAttribute(copy, "unix:mode", mode(dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path copy = target.resolve(source.relativize(file).toString());
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(copy, Files.readSymbolicLink(file));
                } else if (attrs.isRegularFile()) {
                    Files.copy(file, copy, LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(copy, "unix:mode", mode(file));
                } else {
                    throw new IOException(file + " is not a regular file, directory or symbolic link");
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Removes every entry inside the directory at {@code imagePath}, keeping the directory. */
    void empty(String imagePath) throws IOException {
        Path dir = path(imagePath);
        try (var children = Files.list(dir)) {
            for (Path child : children.toList()) {
                deleteTree(child);
            }
        }
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private void parents(Path path) throws IOException {
        Path parent = path.getParent();
        if (parent != null && !parent.equals(root) && !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
            parents(parent);
            Files.createDirectory(parent);
            Files.setAttribute(parent, "unix:mode", 0755);
        }
    }

    /** Deletes a tree without following symbolic links out of it; a missing path is fine. */
    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
