package dev.tugboat.kubelet.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tugboat.kubelet.cri.CriException;
import dev.tugboat.kubelet.cri.v1.ContainerStatusRequest;
import dev.tugboat.kubelet.cri.v1.ImageFsInfoRequest;
import dev.tugboat.kubelet.cri.v1.ListImagesRequest;
import dev.tugboat.kubelet.cri.v1.ListPodSandboxRequest;
import dev.tugboat.kubelet.cri.v1.VersionResponse;
import io.grpc.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a real containerd in a network namespace of its own, talks CRI to it, and checks that
 * closing leaves no process and that the namespace and files go away. Needs root and Debian's
 * containerd, runc and containernetworking-plugins.
 */
class ContainerdIT {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private String netns;
    private Containerd containerd;

    @BeforeEach
    void requireRootAndContainerd() throws IOException {
        assumeTrue(Containerd.executable("containerd").isPresent(),
                "containerd is not installed: " + Containerd.MISSING_PACKAGES);
        assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0,
                "running containerd and creating network namespaces needs root");
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (containerd != null) {
                containerd.close();
            }
        } finally {
            if (netns != null) {
                run("ip", "netns", "del", netns);
                assertThat(Path.of("/run/netns", netns)).doesNotExist();
            }
        }
    }

    @Test
    void startsContainerdInItsOwnNetworkNamespaceAndStopsIt() throws Exception {
        netns = "tugboat-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        run("ip", "netns", "add", netns);
        // The CRI stream server binds 127.0.0.1 inside the namespace.
        run("ip", "-n", netns, "link", "set", "lo", "up");
        Path cniConf = tmp.resolve("cni/net.d");
        writeConflist(cniConf.resolve("10-podnet.conflist"), tmp.resolve("cni/data"));
        Path dir = tmp.resolve("containerd");
        ContainerdConfig config = ContainerdConfig.under(dir, "registry.k8s.io/pause:3.9", cniConf);

        long started = System.nanoTime();
        containerd = Containerd.start(config, dir, Optional.of(netns), READY_TIMEOUT);
        long readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        long pid = containerd.pid().orElseThrow();

        assertThat(ProcessHandle.of(pid).flatMap(p -> p.info().command())).hasValueSatisfying(
                command -> assertThat(command).endsWith("/containerd"));
        assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "net")).toString())
                .as("containerd runs in the test's network namespace")
                .isEqualTo("net:[" + Files.getAttribute(Path.of("/run/netns", netns), "unix:ino") + "]");
        assertThat(dir.resolve("config.toml")).hasContent(config.toToml());
        assertThat(containerd.logFile()).hasValue(dir.resolve("containerd.log"));

        VersionResponse version = containerd.version();
        assertThat(version.getRuntimeName()).isEqualTo("containerd");
        assertThat(version.getRuntimeApiVersion()).isEqualTo("v1");
        assertThat(version.getRuntimeVersion()).isNotEmpty();

        Containerd.Readiness readiness = containerd.readiness();
        assertThat(readiness.runtimeReady()).as(readiness.runtimeMessage()).isTrue();
        assertThat(readiness.networkReady()).as(readiness.networkMessage()).isTrue();

        assertThat(containerd.cri().images(img -> img.listImages(ListImagesRequest.getDefaultInstance()))
                .getImagesList()).isEmpty();
        assertThat(containerd.cri().runtime(rt -> rt.listPodSandbox(ListPodSandboxRequest.getDefaultInstance()))
                .getItemsList()).isEmpty();
        assertThat(containerd.cri().images(img -> img.imageFsInfo(ImageFsInfoRequest.getDefaultInstance()))
                .getImageFilesystemsList()).isNotEmpty();

        // A failure carries the method, the code and containerd's own words.
        assertThatThrownBy(() -> containerd.cri().runtime(rt -> rt.containerStatus(
                        ContainerStatusRequest.newBuilder().setContainerId("tugboat-test-no-such-container").build())))
                .isInstanceOfSatisfying(CriException.class, e -> {
                    assertThat(e.method()).isEqualTo("ContainerStatus");
                    assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getMessage()).contains("tugboat-test-no-such-container");
                });

        // ctr's complaint reaches the caller.
        Path notAnArchive = Files.writeString(tmp.resolve("not-an-image.tar"), "this is not a tar archive");
        assertThatThrownBy(() -> containerd.importImage(notAnArchive))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("ctr images import " + notAnArchive + " failed (exit ")
                .hasMessageNotContaining("no error output");

        // A second containerd on the same socket (and root) is refused, not started.
        assertThatThrownBy(() -> Containerd.start(config, tmp.resolve("second"), Optional.empty(), READY_TIMEOUT))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("a runtime already listens on " + config.socket());

        // Someone else's containerd: usable, and closing it leaves the process alone.
        try (Containerd existing = Containerd.existing(config.socket(), READY_TIMEOUT)) {
            assertThat(existing.pid()).isEmpty();
            assertThat(existing.version().getRuntimeName()).isEqualTo("containerd");
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).hasValue(true);

        containerd.close();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                .as("containerd pid %d is gone after close (it was ready after %d ms)", pid, readyMillis)
                .isEmpty();
    }

    @Test
    void theRenderedConfigurationIsOneContainerdAccepts() throws Exception {
        Path dir = tmp.resolve("dump");
        ContainerdConfig config = ContainerdConfig.under(dir, "registry.k8s.io/pause:3.9", dir.resolve("net.d"))
                .withRegistryConfigDir(dir.resolve("certs.d"));
        Files.createDirectories(dir);
        Path file = Files.writeString(dir.resolve("config.toml"), config.toToml());

        String dump = run(Containerd.executable("containerd").orElseThrow().toString(), "-c", file.toString(),
                "config", "dump");

        assertThat(dump)
                .contains("restrict_oom_score_adj = true")
                .contains("SystemdCgroup = false")
                .contains("sandbox_image = \"registry.k8s.io/pause:3.9\"")
                .contains("Root = \"" + config.runcRoot() + "\"")
                .contains("conf_dir = \"" + config.cniConfDir() + "\"")
                .contains("config_path = \"" + dir.resolve("certs.d") + "\"");
    }

    @Test
    void anAbsentSocketIsReportedAsNotReady() {
        Path socket = tmp.resolve("nothing-listens.sock");

        assertThatThrownBy(() -> Containerd.existing(socket, Duration.ofMillis(200)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("containerd on " + socket + " was not ready within PT0.2S");
    }

    private static void writeConflist(Path file, Path ipamData) throws IOException {
        int third = ThreadLocalRandom.current().nextInt(256);
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                {
                  "cniVersion": "1.0.0",
                  "name": "podnet",
                  "plugins": [
                    {"type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": false, "hairpinMode": true,
                     "ipam": {"type": "host-local", "dataDir": "%s",
                              "ranges": [[{"subnet": "10.250.%d.0/24"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
                    {"type": "portmap", "capabilities": {"portMappings": true}},
                    {"type": "loopback"}
                  ]
                }
                """.formatted(ipamData, third), StandardCharsets.UTF_8);
    }

    /** Runs a command to completion and returns its output; fails the test on a non-zero exit. */
    private static String run(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of(command));
        if (!full.getFirst().startsWith("/")) {
            full.set(0, Containerd.executable(full.getFirst()).orElseThrow(
                    () -> new IOException(command[0] + " is not installed")).toString());
        }
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + output);
        }
        return output;
    }
}
