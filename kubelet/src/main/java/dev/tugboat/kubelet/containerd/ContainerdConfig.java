package dev.tugboat.kubelet.containerd;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration of one containerd (config.toml, version 2) that runs pods offline on this kind
 * of machine. Every setting below was verified on the target VM (runtime-notes section 2b); the
 * ones that look optional are not:
 * <ul>
 *   <li>runc with cgroupfs: crun rejects the hybrid cgroup layout and there is no systemd;
 *   <li>restrict_oom_score_adj: without CAP_SYS_RESOURCE every sandbox fails to start otherwise;
 *   <li>the hugetlb controller is disabled because the machine has none;
 *   <li>the stream server listens on 127.0.0.1 of the network namespace containerd runs in;
 *   <li>the registry config path is this node's own directory of hosts.toml files (see
 *       {@link RegistryHosts}), or empty, so that no host-wide registry settings leak in.
 * </ul>
 * Several instances can run side by side as long as each has its own root, state, socket, runc
 * root, opt directory and CNI configuration.
 *
 * @param root containerd's persistent data (images, snapshots)
 * @param state containerd's runtime state (sockets of tasks, mounts)
 * @param socket the gRPC socket; containerd also listens on this path plus ".ttrpc"
 * @param sandboxImage the pause image; it must already be imported, or containerd would pull it
 * @param cniBinDir where the CNI plugin binaries are
 * @param cniConfDir where containerd looks for the CNI network configuration
 * @param runcBinary the runc executable
 * @param runcRoot runc's state directory for this instance's containers
 * @param optDir containerd's opt plugin directory
 * @param registryConfigDir the directory of per-registry hosts.toml files ({@link RegistryHosts}),
 *        e.g. the one that puts the node's image mirror in front of the real registries; none
 *        means containerd uses no host configuration at all
 */
public record ContainerdConfig(
        Path root,
        Path state,
        Path socket,
        String sandboxImage,
        Path cniBinDir,
        Path cniConfDir,
        Path runcBinary,
        Path runcRoot,
        Path optDir,
        Optional<Path> registryConfigDir) {

    /** Debian's containernetworking-plugins. */
    public static final Path DEBIAN_CNI_BIN_DIR = Path.of("/usr/lib/cni");
    /** Debian's runc. */
    public static final Path DEBIAN_RUNC = Path.of("/usr/sbin/runc");

    /** sun_path is 108 bytes including the terminating NUL. */
    private static final int MAX_SOCKET_PATH_BYTES = 107;
    private static final String TTRPC_SUFFIX = ".ttrpc";

    public ContainerdConfig {
        requireAbsolute(root, "root");
        requireAbsolute(state, "state");
        requireAbsolute(socket, "socket");
        requireAbsolute(cniBinDir, "cniBinDir");
        requireAbsolute(cniConfDir, "cniConfDir");
        requireAbsolute(runcBinary, "runcBinary");
        requireAbsolute(runcRoot, "runcRoot");
        requireAbsolute(optDir, "optDir");
        Objects.requireNonNull(registryConfigDir, "registryConfigDir");
        registryConfigDir.ifPresent(dir -> requireAbsolute(dir, "registryConfigDir"));
        Objects.requireNonNull(sandboxImage, "sandboxImage");
        if (sandboxImage.isBlank()) {
            throw new IllegalArgumentException("sandboxImage must not be empty");
        }
        int socketBytes = (socket + TTRPC_SUFFIX).getBytes(StandardCharsets.UTF_8).length;
        if (socketBytes > MAX_SOCKET_PATH_BYTES) {
            throw new IllegalArgumentException("containerd socket path is too long for a unix socket ("
                    + socketBytes + " bytes with its " + TTRPC_SUFFIX + " twin, at most " + MAX_SOCKET_PATH_BYTES
                    + "): " + socket);
        }
    }

    /** A configuration without registry host configuration. */
    public ContainerdConfig(Path root, Path state, Path socket, String sandboxImage, Path cniBinDir,
                            Path cniConfDir, Path runcBinary, Path runcRoot, Path optDir) {
        this(root, state, socket, sandboxImage, cniBinDir, cniConfDir, runcBinary, runcRoot, optDir, Optional.empty());
    }

    /** This configuration with containerd reading per-registry hosts.toml files from {@code dir}. */
    public ContainerdConfig withRegistryConfigDir(Path dir) {
        return new ContainerdConfig(root, state, socket, sandboxImage, cniBinDir, cniConfDir, runcBinary, runcRoot,
                optDir, Optional.of(dir));
    }

    /**
     * The layout for one instance owning {@code dir}: root, state, socket, runc root and opt all
     * live under it, with Debian's runc and CNI plugins.
     */
    public static ContainerdConfig under(Path dir, String sandboxImage, Path cniConfDir) {
        Path base = dir.toAbsolutePath();
        Path state = base.resolve("state");
        return new ContainerdConfig(
                base.resolve("root"),
                state,
                base.resolve("containerd.sock"),
                sandboxImage,
                DEBIAN_CNI_BIN_DIR,
                cniConfDir,
                DEBIAN_RUNC,
                state.resolve("runc"),
                base.resolve("opt"));
    }

    /** The config.toml text. */
    public String toToml() {
        String cri = "plugins.\"io.containerd.grpc.v1.cri\"";
        StringBuilder toml = new StringBuilder(2048);
        toml.append("# Generated by the Tugboat kubelet; rewritten on every start.\n");
        toml.append("version = 2\n");
        line(toml, "", "root", string(root));
        line(toml, "", "state", string(state));
        // Snapshotters this machine cannot use; disabling them keeps the log free of their errors.
        line(toml, "", "disabled_plugins", "[" + string("io.containerd.snapshotter.v1.aufs") + ", "
                + string("io.containerd.snapshotter.v1.btrfs") + ", "
                + string("io.containerd.snapshotter.v1.zfs") + ", "
                + string("io.containerd.snapshotter.v1.devmapper") + "]");

        table(toml, "grpc");
        line(toml, "  ", "address", string(socket));
        table(toml, "debug");
        line(toml, "  ", "address", string(""));
        line(toml, "  ", "level", string("info"));
        table(toml, "metrics");
        line(toml, "  ", "address", string(""));

        table(toml, cri);
        line(toml, "  ", "sandbox_image", string(sandboxImage));
        line(toml, "  ", "stream_server_address", string("127.0.0.1"));
        line(toml, "  ", "stream_server_port", string("0"));
        line(toml, "  ", "enable_selinux", "false");
        line(toml, "  ", "disable_apparmor", "true");
        line(toml, "  ", "restrict_oom_score_adj", "true");
        line(toml, "  ", "tolerate_missing_hugetlb_controller", "true");
        line(toml, "  ", "disable_hugetlb_controller", "true");
        line(toml, "  ", "max_container_log_line_size", "16384");

        table(toml, cri + ".containerd");
        line(toml, "  ", "snapshotter", string("overlayfs"));
        line(toml, "  ", "default_runtime_name", string("runc"));
        table(toml, cri + ".containerd.runtimes.runc");
        line(toml, "  ", "runtime_type", string("io.containerd.runc.v2"));
        table(toml, cri + ".containerd.runtimes.runc.options");
        line(toml, "  ", "BinaryName", string(runcBinary));
        line(toml, "  ", "Root", string(runcRoot));
        line(toml, "  ", "SystemdCgroup", "false");

        table(toml, cri + ".cni");
        line(toml, "  ", "bin_dir", string(cniBinDir));
        line(toml, "  ", "conf_dir", string(cniConfDir));
        line(toml, "  ", "max_conf_num", "1");

        table(toml, cri + ".registry");
        line(toml, "  ", "config_path", string(registryConfigDir.map(Path::toString).orElse("")));

        table(toml, "plugins.\"io.containerd.internal.v1.opt\"");
        line(toml, "  ", "path", string(optDir));
        return toml.toString();
    }

    private static void table(StringBuilder toml, String name) {
        toml.append('\n').append('[').append(name).append("]\n");
    }

    private static void line(StringBuilder toml, String indent, String key, String value) {
        toml.append(indent).append(key).append(" = ").append(value).append('\n');
    }

    private static String string(Path path) {
        return string(path.toString());
    }

    /** A TOML basic string: quotes, backslashes and control characters escaped. */
    static String string(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\b' -> quoted.append("\\b");
                case '\t' -> quoted.append("\\t");
                case '\n' -> quoted.append("\\n");
                case '\f' -> quoted.append("\\f");
                case '\r' -> quoted.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        quoted.append(String.format("\\u%04X", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private static void requireAbsolute(Path path, String name) {
        Objects.requireNonNull(path, name);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(name + " must be an absolute path: " + path);
        }
    }
}
