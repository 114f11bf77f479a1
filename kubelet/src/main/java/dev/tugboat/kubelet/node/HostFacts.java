package dev.tugboat.kubelet.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What the machine a kubelet runs on says about itself, as the kubelet reports it in the Node's
 * capacity and nodeInfo: CPUs, memory, the size of the filesystem holding the kubelet's data, and the
 * machine, boot and OS identifiers. Read from {@code /proc}, {@code /etc} and {@code /sys} under a
 * root directory (the real {@code /} in production, a fake tree in tests).
 *
 * @param memoryBytes           MemTotal from /proc/meminfo
 * @param ephemeralStorageBytes the size of the filesystem that holds the kubelet's data directory
 * @param systemUuid            the DMI product UUID, empty when the machine exposes none (as on VMs
 *                              without DMI, where upstream reports it empty too)
 */
public record HostFacts(int cpus, long memoryBytes, long ephemeralStorageBytes, String machineId, String systemUuid,
                        String bootId, String kernelVersion, String osImage) {

    /** Reads the facts under {@code root}; {@code dataDir} is where the kubelet keeps its state. */
    public static HostFacts read(Path root, Path dataDir, int cpus) throws IOException {
        return new HostFacts(
                cpus,
                memTotalBytes(Files.readString(root.resolve("proc/meminfo"))),
                Files.getFileStore(existingAncestor(dataDir)).getTotalSpace(),
                firstLine(root.resolve("etc/machine-id")).orElse(""),
                firstLine(root.resolve("sys/class/dmi/id/product_uuid")).map(s -> s.toLowerCase(Locale.ROOT)).orElse(""),
                firstLine(root.resolve("proc/sys/kernel/random/boot_id")).orElse(""),
                firstLine(root.resolve("proc/sys/kernel/osrelease")).orElse(""),
                prettyName(Files.exists(root.resolve("etc/os-release")) ? Files.readString(root.resolve("etc/os-release")) : ""));
    }

    /** The machine this process runs on. */
    public static HostFacts ofThisMachine(Path dataDir) throws IOException {
        return read(Path.of("/"), dataDir, Runtime.getRuntime().availableProcessors());
    }

    /** MemTotal of a /proc/meminfo text, in bytes. */
    static long memTotalBytes(String meminfo) {
        for (String line : meminfo.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
                long value = Long.parseLong(parts[0]);
                return parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value * 1024 : value;
            }
        }
        throw new IllegalArgumentException("no MemTotal line in /proc/meminfo");
    }

    /** PRETTY_NAME of an os-release text, unquoted; "Linux" when absent (as the kubelet's fallback). */
    static String prettyName(String osRelease) {
        for (String line : osRelease.split("\n")) {
            if (line.startsWith("PRETTY_NAME=")) {
                String v = line.substring("PRETTY_NAME=".length()).trim();
                if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return "Linux";
    }

    private static Optional<String> firstLine(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file).strip();
        int nl = text.indexOf('\n');
        return Optional.of(nl < 0 ? text : text.substring(0, nl));
    }

    private static Path existingAncestor(Path p) {
        Path q = p.toAbsolutePath();
        while (q != null && !Files.exists(q)) {
            q = q.getParent();
        }
        return q == null ? Path.of("/") : q;
    }
}
