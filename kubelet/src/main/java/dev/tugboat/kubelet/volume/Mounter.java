package dev.tugboat.kubelet.volume;

import dev.tugboat.kubelet.node.HostCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** tmpfs mounts for memory-backed emptyDirs, through the system's mount and umount. */
public final class Mounter {

    /** Mounts a tmpfs on {@code dir} unless one is there already; sizeLimit like "64Mi" or empty. */
    public void ensureTmpfs(Path dir, String sizeLimit) throws IOException {
        if (isMountPoint(dir)) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("mount", "-t", "tmpfs"));
        if (!sizeLimit.isEmpty()) {
            cmd.addAll(List.of("-o", "size=" + dev.tugboat.api.quantity.Quantity.parse(sizeLimit).value()));
        }
        cmd.addAll(List.of("tmpfs", dir.toString()));
        run(cmd);
    }

    public void unmountIfMounted(Path dir) throws IOException {
        if (isMountPoint(dir)) {
            run(List.of("umount", dir.toString()));
        }
    }

    static boolean isMountPoint(Path dir) throws IOException {
        String target = dir.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"), StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            if (f.length > 1 && f[1].replace("\\040", " ").equals(target)) {
                return true;
            }
        }
        return false;
    }

    private static void run(List<String> cmd) throws IOException {
        HostCommand.run(Duration.ofSeconds(30), cmd);
    }
}
