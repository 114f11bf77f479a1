package dev.tugboat.kubelet.images;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's busybox-static: one statically linked binary that, linked under an applet's name
 * (sh, ls, wget, nc, httpd, ...), behaves as that program. A dynamically linked busybox (Debian's
 * plain busybox package) would not run in an image without its libc, so it is refused.
 */
final class StaticBusybox {

    static final String INSTALL = "install Debian's busybox-static package (apt-get install busybox-static)";
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/busybox"), Path.of("/bin/busybox"));
    private static final int PT_INTERP = 3;

    private StaticBusybox() {
    }

    /** The host's static busybox binary. */
    static Path locate() throws IOException {
        for (Path candidate : CANDIDATES) {
            if (Files.isRegularFile(candidate)) {
                if (!isStaticElf(candidate)) {
                    throw new ImageBuildException(candidate + " is not a statically linked busybox; " + INSTALL);
                }
                return candidate;
            }
        }
        throw new ImageBuildException("busybox is not installed; " + INSTALL);
    }

    /**
     * Puts busybox at /bin/busybox and a symbolic link to it at every applet path that
     * {@code busybox --list-full} names and the rootfs does not have yet.
     */
    static void install(Rootfs rootfs, BuildInputs inputs) throws IOException {
        Path busybox = inputs.file(locate());
        rootfs.copy(busybox, "/bin/busybox", 0755);
        String applets = Commands.check(List.of(busybox.toString(), "--list-full"), null, INSTALL,
                "busybox cannot list its applets; " + INSTALL);
        for (String applet : applets.lines().map(String::strip).filter(line -> !line.isEmpty()).toList()) {
            if (!applet.equals("bin/busybox") && !rootfs.exists(applet)) {
                rootfs.symlink(applet, "/bin/busybox");
            }
        }
    }

    /** Whether {@code file} is a 64-bit little-endian ELF executable without a program interpreter. */
    static boolean isStaticElf(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
            if (channel.read(header, 0) < 64 || header.getInt(0) != 0x464c457f || header.get(4) != 2 || header.get(5) != 1) {
                return false;
            }
            long programHeaders = header.getLong(0x20);
            int entrySize = Short.toUnsignedInt(header.getShort(0x36));
            int entries = Short.toUnsignedInt(header.getShort(0x38));
            ByteBuffer type = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < entries; i++) {
                type.clear();
                if (channel.read(type, programHeaders + (long) i * entrySize) < 4) {
                    return false;
                }
                if (type.getInt(0) == PT_INTERP) {
                    return false;
                }
            }
            return entries > 0;
        }
    }
}
