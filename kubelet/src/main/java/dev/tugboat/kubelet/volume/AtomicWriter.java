package dev.tugboat.kubelet.volume;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes a volume's files the way upstream's AtomicWriter does, so that a container never sees half an
 * update: the payload goes into a fresh hidden directory, a {@code ..data} symlink is swapped to it in
 * one rename, and each visible name is a symlink through {@code ..data}. A ConfigMap or Secret update
 * therefore reaches mounted files at once and whole; names no longer in the payload disappear.
 */
public final class AtomicWriter {

    private static final String DATA = "..data";

    private AtomicWriter() {
    }

    /** A file of the payload: its bytes and its permission bits. */
    public record File(byte[] content, int mode) {
    }

    /** Writes {@code payload} (relative paths) into {@code dir}; does nothing when it is unchanged. */
    public static void write(Path dir, Map<String, File> payload) throws IOException {
        Files.createDirectories(dir);
        Path current = dir.resolve(DATA);
        if (Files.isSymbolicLink(current) && same(dir.resolve(Files.readSymbolicLink(current)), payload)) {
            return;
        }
        Path fresh = Files.createTempDirectory(dir, "..");
        for (Map.Entry<String, File> e : payload.entrySet()) {
            Path target = fresh.resolve(e.getKey()).normalize();
            if (!target.startsWith(fresh)) {
                throw new IOException("path " + e.getKey() + " leaves the volume");
            }
            Files.createDirectories(target.getParent());
            Files.write(target, e.getValue().content());
            Files.setPosixFilePermissions(target, permissions(e.getValue().mode()));
        }
        Files.setPosixFilePermissions(fresh, permissions(0755));
        Path link = dir.resolve("..data_tmp");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, fresh.getFileName());
        try {
            Files.move(link, current, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(link, current, StandardCopyOption.REPLACE_EXISTING);
        }
        Set<String> top = new java.util.HashSet<>();
        payload.keySet().forEach(k -> top.add(k.split("/")[0]));
        for (String name : top) {
            Path visible = dir.resolve(name);
            if (!Files.exists(visible, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(visible, Path.of(DATA).resolve(name));
            }
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (n.equals(DATA) || p.equals(fresh)) {
                    continue;
                }
                if (n.startsWith("..")) {
                    deleteTree(p);
                } else if (Files.isSymbolicLink(p) && !top.contains(n)) {
                    Files.delete(p);
                }
            }
        }
    }

    private static boolean same(Path dataDir, Map<String, File> payload) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            return false;
        }
        int files = 0;
        try (var walk = Files.walk(dataDir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p)) {
                    files++;
                }
            }
        }
        if (files != payload.size()) {
            return false;
        }
        for (Map.Entry<String, File> e : payload.entrySet()) {
            Path p = dataDir.resolve(e.getKey());
            if (!Files.isRegularFile(p) || !java.util.Arrays.equals(Files.readAllBytes(p), e.getValue().content())
                    || !Files.getPosixFilePermissions(p).equals(permissions(e.getValue().mode()))) {
                return false;
            }
        }
        return true;
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                s.add(bits[i]);
            }
        }
        return s;
    }

    static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(p)) {
                for (Path c : entries) {
                    deleteTree(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }
}
