package dev.tugboat.kubelet.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A containerd of the test's own: its root, state, socket and CNI directories under one temporary
 * directory, running inside a network namespace created for it (entered with nsenter --net, which,
 * unlike ip netns exec, keeps the host's cgroup mounts visible), or in the host's network namespace
 * when it must reach a server on the host's loopback (it then only talks to loopback itself: its
 * stream server binds 127.0.0.1 and no pods are run). Closing stops it by PID, unmounts anything
 * left under its directory, deletes the namespace and the directory.
 */
final class ThrowawayContainerd implements AutoCloseable {

    private final Optional<ThrowawayNetns> netns;
    private final Path dir;
    private final Process process;

    private ThrowawayContainerd(Optional<ThrowawayNetns> netns, Path dir, Process process) {
        this.netns = netns;
        this.dir = dir;
        this.process = process;
    }

    /** In a network namespace of its own, without registry host configuration. */
    static ThrowawayContainerd start() throws IOException, InterruptedException {
        return start(true, "");
    }

    /**
     * In the host's network namespace, so that it reaches servers on the host's 127.0.0.1, with
     * containerd reading registry host configuration (hosts.toml files) from {@code registryConfigDir}.
     */
    static ThrowawayContainerd startOnHostLoopback(Path registryConfigDir) throws IOException, InterruptedException {
        return start(false, registryConfigDir.toAbsolutePath().toString());
    }

    private static ThrowawayContainerd start(boolean ownNetns, String registryConfigPath)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("tugboat-test-ctd-");
        Optional<ThrowawayNetns> netns = Optional.empty();
        Process process = null;
        try {
            List<String> command = new ArrayList<>();
            if (ownNetns) {
                netns = Optional.of(ThrowawayNetns.create());
                command.addAll(List.of("nsenter", netns.get().nsenterArgument()));
            }
            Files.createDirectories(dir.resolve("cni/net.d"));
            Path config = Files.writeString(dir.resolve("config.toml"), config(dir, registryConfigPath));
            command.addAll(List.of("containerd", "-c", config.toString()));
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("containerd.log").toFile())
                    .start();
            ThrowawayContainerd containerd = new ThrowawayContainerd(netns, dir, process);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!containerd.ctr("version").ok()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    String log = Files.readString(dir.resolve("containerd.log"));
                    containerd.close();
                    throw new IOException("containerd did not come up:\n" + log);
                }
                Thread.sleep(20);
            }
            return containerd;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            if (process != null && process.isAlive()) {
                stop(process);
            }
            if (netns.isPresent()) {
                netns.get().close();
            }
            Rootfs.deleteTree(dir);
            throw e;
        }
    }

    /** Runs ctr against this containerd. */
    Commands.Result ctr(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ctr", "--address", dir.resolve("containerd.sock").toString()));
        command.addAll(List.of(args));
        return Commands.run(command, null, "ctr is part of Debian's containerd package");
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            stop(process);
        }
        for (String mount : mountsUnder(dir)) {
            Commands.run(List.of("umount", "-l", mount), null, "");
        }
        if (netns.isPresent()) {
            netns.get().close();
        }
        Rootfs.deleteTree(dir);
    }

    /** The CRI socket. */
    Path socket() {
        return dir.resolve("containerd.sock");
    }

    /** What containerd has logged so far. */
    String log() throws IOException {
        return Files.readString(dir.resolve("containerd.log"));
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Mount points below {@code dir}, deepest first. */
    private static List<String> mountsUnder(Path dir) throws IOException {
        List<String> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
            String[] fields = line.split(" ");
            if (fields.length > 4 && fields[4].startsWith(dir + "/")) {
                mounts.add(fields[4]);
            }
        }
        mounts.sort((a, b) -> b.length() - a.length());
        return mounts;
    }

    private static String config(Path dir, String registryConfigPath) {
        return """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
                                    "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]
                [grpc]
                  address = "%1$s/containerd.sock"
                [debug]
                  address = ""
                  level = "info"
                [metrics]
                  address = ""
                [plugins."io.containerd.grpc.v1.cri"]
                  sandbox_image = "registry.k8s.io/pause:3.9"
                  stream_server_address = "127.0.0.1"
                  stream_server_port = "0"
                  enable_selinux = false
                  disable_apparmor = true
                  restrict_oom_score_adj = true
                  tolerate_missing_hugetlb_controller = true
                  disable_hugetlb_controller = true
                  [plugins."io.containerd.grpc.v1.cri".containerd]
                    snapshotter = "overlayfs"
                    default_runtime_name = "runc"
                    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                      runtime_type = "io.containerd.runc.v2"
                      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                        BinaryName = "/usr/sbin/runc"
                        Root = "%1$s/state/runc"
                        SystemdCgroup = false
                  [plugins."io.containerd.grpc.v1.cri".cni]
                    bin_dir = "/usr/lib/cni"
                    conf_dir = "%1$s/cni/net.d"
                    max_conf_num = 1
                  [plugins."io.containerd.grpc.v1.cri".registry]
                    config_path = "%2$s"
                [plugins."io.containerd.internal.v1.opt"]
                  path = "%1$s/opt"
                """.formatted(dir, registryConfigPath);
    }
}
