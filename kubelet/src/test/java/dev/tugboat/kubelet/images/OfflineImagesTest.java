package dev.tugboat.kubelet.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds the offline images for real from this host's gcc, busybox-static and Debian's nginx
 * packages, and checks what is inside; as root, also runs them (chroot) and imports them into a
 * containerd of the test's own.
 */
class OfflineImagesTest {

    @TempDir
    static Path images;
    @TempDir
    Path tmp;

    private static boolean root() throws IOException {
        return Commands.run(List.of("id", "-u"), null, "").output().strip().equals("0");
    }

    private static void assumeGccWithStaticLibc() throws IOException {
        Commands.Result gcc;
        try {
            gcc = Commands.run(List.of("gcc", "-print-file-name=libc.a"), null, "");
        } catch (ImageBuildException e) {
            gcc = null;
        }
        assumeTrue(gcc != null && gcc.ok() && gcc.output().strip().startsWith("/"),
                "gcc with a static libc is not installed (apt-get install gcc libc6-dev); the pause image cannot be built");
    }

    private static void assumeStaticBusybox() {
        try {
            StaticBusybox.locate();
        } catch (IOException e) {
            abort("busybox-static is not installed (apt-get install busybox-static): " + e.getMessage());
        }
    }

    private static Path nginxOrAbort() throws IOException {
        try {
            return new OfflineImages(images).nginx();
        } catch (ImageBuildException e) {
            if (e.getMessage().contains("could not download") || e.getMessage().contains("apt knows no nginx")) {
                abort("Debian's nginx packages cannot be fetched here, so the nginx image is not tested: " + e.getMessage());
            }
            throw e;
        }
    }

    @Test
    void pauseImageHoldsAStaticPauseThatExitsCleanlyOnSignals() throws Exception {
        assumeGccWithStaticLibc();
        Path archive = new OfflineImages(images).pause();

        ExtractedLayout layout = ExtractedLayout.extract(archive, tmp.resolve("layout"));
        assertThat(layout.imageNames()).containsExactly("registry.k8s.io/pause:3.9", "localhost/pause:latest");
        assertThat(layout.config().path("config").path("Entrypoint").toString()).isEqualTo("[\"/pause\"]");
        assertThat(layout.config().path("config").path("User").asText()).isEqualTo("65535:65535");
        assertThat(layout.listLayer().lines().toList()).hasSize(1).first().asString()
                .startsWith("-rwxr-xr-x 0/0").endsWith(" pause");
        Path pause = layout.unpackLayer(tmp.resolve("rootfs")).resolve("pause");
        assertThat(StaticBusybox.isStaticElf(pause)).as("pause is linked statically").isTrue();

        for (String signal : List.of("TERM", "INT")) {
            Process process = new ProcessBuilder(pause.toString()).start();
            assertThat(process.waitFor(300, TimeUnit.MILLISECONDS)).as("pause keeps running").isFalse();
            ExtractedLayout.run(List.of("kill", "-" + signal, Long.toString(process.pid())));
            assertThat(process.waitFor(5, TimeUnit.SECONDS)).as("pause ends on SIG" + signal).isTrue();
            assertThat(process.exitValue()).as("exit status after SIG" + signal).isZero();
        }
        Process ignoresHup = new ProcessBuilder(pause.toString()).start();
        try {
            ExtractedLayout.run(List.of("kill", "-CHLD", Long.toString(ignoresHup.pid())));
            assertThat(ignoresHup.waitFor(300, TimeUnit.MILLISECONDS)).as("SIGCHLD does not end pause").isFalse();
        } finally {
            ignoresHup.destroy();
            ignoresHup.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void busyboxImageHasEveryAppletAndRuns() throws Exception {
        assumeStaticBusybox();
        Path archive = new OfflineImages(images).busybox();

        ExtractedLayout layout = ExtractedLayout.extract(archive, tmp.resolve("layout"));
        assertThat(layout.imageNames()).containsExactly("docker.io/library/busybox:latest", "localhost/busybox:latest");
        assertThat(layout.config().path("config").path("Cmd").toString()).isEqualTo("[\"sh\"]");
        assertThat(layout.config().path("config").has("Entrypoint")).isFalse();
        String listing = layout.listLayer();
        assertThat(listing).contains("drwxrwxrwt 0/0", " tmp/\n");
        Path rootfs = layout.unpackLayer(tmp.resolve("rootfs"));
        assertThat(StaticBusybox.isStaticElf(rootfs.resolve("bin/busybox"))).isTrue();
        String applets = ExtractedLayout.run(List.of(rootfs.resolve("bin/busybox").toString(), "--list-full"));
        for (String applet : applets.lines().filter(a -> !a.equals("bin/busybox")).toList()) {
            assertThat(Files.readSymbolicLink(rootfs.resolve(applet))).as(applet).isEqualTo(Path.of("/bin/busybox"));
        }
        assertThat(applets.lines()).contains("bin/sh", "usr/bin/wget", "usr/bin/nc", "usr/sbin/httpd");
        assertThat(Files.readString(rootfs.resolve("etc/passwd"))).contains("root:x:0:0:", "nobody:x:65534:65534:");
        assertThat(Files.readString(rootfs.resolve("etc/group"))).contains("root:x:0:", "nobody:x:65534:");
        assertThat(rootfs.resolve("var/www/index.html")).isRegularFile();

        if (root()) {
            String out = ExtractedLayout.run(List.of("chroot", rootfs.toString(), "sh", "-c",
                    "id -u; cat /etc/passwd | wc -l; ls -d /tmp"));
            assertThat(out.lines()).containsExactly("0", "2", "/tmp");
        }
    }

    @Test
    void anArchiveIsRebuiltOnlyWhenItsRecordedInputsChange() throws Exception {
        assumeStaticBusybox();
        Path dir = tmp.resolve("images");
        OfflineImages offline = new OfflineImages(dir);
        Path first = offline.busybox();
        Object inode = Files.readAttributes(first, BasicFileAttributes.class).fileKey();
        byte[] bytes = Files.readAllBytes(first);
        Path stamp = dir.resolve("busybox.tar.inputs");
        assertThat(Files.readString(stamp)).contains("/busybox\":\"sha256:");

        assertThat(offline.busybox()).isEqualTo(first);
        assertThat(Files.readAttributes(first, BasicFileAttributes.class).fileKey()).as("kept, not rewritten").isEqualTo(inode);

        // A recorded input that no longer matches (as after a busybox upgrade) means a rebuild.
        Files.writeString(stamp, Files.readString(stamp).replaceFirst("(/busybox\":\"sha256:)[0-9a-f]", "$1x"));
        offline.busybox();
        assertThat(Files.readAttributes(first, BasicFileAttributes.class).fileKey()).as("rewritten").isNotEqualTo(inode);
        assertThat(Files.readAllBytes(first)).as("and byte-identical").isEqualTo(bytes);

        Object rebuilt = Files.readAttributes(first, BasicFileAttributes.class).fileKey();
        Files.delete(stamp);
        offline.busybox();
        assertThat(Files.readAttributes(first, BasicFileAttributes.class).fileKey()).as("no record, rebuilt").isNotEqualTo(rebuilt);
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no scratch left behind")
                    .containsExactlyInAnyOrder("busybox.tar", "busybox.tar.inputs");
        }
    }

    @Test
    void nginxImageServesDebiansWelcomePage() throws Exception {
        assumeStaticBusybox();
        Path archive = nginxOrAbort();

        ExtractedLayout layout = ExtractedLayout.extract(archive, tmp.resolve("layout"));
        assertThat(layout.imageNames()).containsExactly("docker.io/library/nginx:latest", "localhost/nginx:latest");
        assertThat(layout.config().path("config").has("Entrypoint")).isFalse();
        assertThat(layout.config().path("config").path("Cmd").toString()).isEqualTo("[\"nginx\",\"-g\",\"daemon off;\"]");
        assertThat(layout.config().path("config").path("ExposedPorts").has("80/tcp")).isTrue();
        Path rootfs = layout.unpackLayer(tmp.resolve("rootfs"));
        assertThat(Files.readString(rootfs.resolve("usr/share/nginx/html/index.html"))).contains("<h1>Welcome to nginx!</h1>");
        assertThat(Files.readString(rootfs.resolve("etc/nginx/nginx.conf")))
                .contains("user nobody nogroup;", "root /usr/share/nginx/html;").doesNotContain("daemon off;");
        assertThat(rootfs.resolve("etc/nginx/mime.types")).isRegularFile();
        try (var enabled = Files.list(rootfs.resolve("etc/nginx/sites-enabled"))) {
            assertThat(enabled).isEmpty();
        }
        for (String dir : List.of("var/lib/nginx", "var/log/nginx", "run")) {
            assertThat(rootfs.resolve(dir)).isDirectory();
        }
        assertThat(Files.readSymbolicLink(rootfs.resolve("bin/sh"))).isEqualTo(Path.of("/bin/busybox"));
        assertThat(Files.isRegularFile(rootfs.resolve("usr/sbin/nginx"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.readString(rootfs.resolve("etc/group"))).contains("nogroup:x:65534:");

        assumeTrue(root(), "not root: the nginx rootfs is checked but not run");
        // The rootfs alone must be enough: nginx -t inside a chroot loads every library and the config.
        String check = ExtractedLayout.run(List.of("chroot", rootfs.toString(), "/usr/sbin/nginx", "-t"));
        assertThat(check).contains("syntax is ok", "test is successful");

        // And it serves the welcome page: nginx from the rootfs in a network namespace of our own.
        try (ThrowawayNetns netns = ThrowawayNetns.create()) {
            // (Its access log goes to /dev/stdout, which only a container runtime provides; a bare chroot has no /dev.)
            Path log = tmp.resolve("nginx.log");
            Process nginx = new ProcessBuilder("nsenter", netns.nsenterArgument(), "chroot", rootfs.toString(),
                    "/usr/sbin/nginx", "-g", "daemon off;").redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                List<String> fetch = List.of("nsenter", netns.nsenterArgument(), "timeout", "5",
                        rootfs.resolve("bin/busybox").toString(), "wget", "-qO-", "http://127.0.0.1/");
                Commands.Result page = Commands.run(fetch, null, "");
                for (int attempt = 0; !page.ok() && attempt < 100 && nginx.isAlive(); attempt++) {
                    Thread.sleep(50);
                    page = Commands.run(fetch, null, "");
                }
                assertThat(page.ok()).as(page.describe() + "\nnginx log:\n" + Files.readString(log)).isTrue();
                assertThat(page.output()).contains("<title>Welcome to nginx!</title>");
            } finally {
                nginx.destroy();
                assertThat(nginx.waitFor(10, TimeUnit.SECONDS)).as("nginx stops on SIGTERM").isTrue();
            }
        }
    }

    @Test
    void containerdImportsTheArchivesUnderTheirFullNames() throws Exception {
        assumeTrue(root(), "importing into a throwaway containerd needs root");
        for (String tool : List.of("containerd", "ctr", "nsenter", "ip")) {
            assumeTrue(Commands.run(List.of("sh", "-c", "command -v " + tool), null, "").ok(),
                    tool + " is not installed; the containerd import is not tested");
        }
        assumeGccWithStaticLibc();
        assumeStaticBusybox();
        OfflineImages offline = new OfflineImages(images);
        List<Path> archives;
        List<String> expected = new ArrayList<>(List.of("registry.k8s.io/pause:3.9", "localhost/pause:latest",
                "docker.io/library/busybox:latest", "localhost/busybox:latest"));
        try {
            archives = offline.buildAll();
            assertThat(archives).containsExactly(images.resolve("pause.tar"), images.resolve("busybox.tar"),
                    images.resolve("nginx.tar"));
            expected.addAll(List.of("docker.io/library/nginx:latest", "localhost/nginx:latest"));
        } catch (ImageBuildException e) {
            if (!e.getMessage().contains("could not download")) {
                throw e;
            }
            archives = List.of(offline.pause(), offline.busybox());
        }

        try (ThrowawayContainerd containerd = ThrowawayContainerd.start()) {
            for (Path archive : archives) {
                Commands.Result imported = containerd.ctr("-n", "k8s.io", "images", "import", archive.toString());
                assertThat(imported.ok()).as(imported.describe()).isTrue();
            }
            Commands.Result listed = containerd.ctr("-n", "k8s.io", "images", "ls", "-q");
            assertThat(listed.ok()).as(listed.describe()).isTrue();
            // The CRI plugin adds each image's ID (its config digest) as a further name.
            List<String> ids = new ArrayList<>();
            for (Path archive : archives) {
                ExtractedLayout layout = ExtractedLayout.extract(archive, tmp.resolve(archive.getFileName() + ".d"));
                ids.add(layout.manifest().path("config").path("digest").asText());
            }
            expected.addAll(ids);
            assertThat(listed.output().lines().toList()).containsExactlyInAnyOrderElementsOf(expected);
            Commands.Result checked = containerd.ctr("-n", "k8s.io", "images", "check");
            assertThat(checked.output().lines().skip(1))
                    .as("every image complete and unpacked:\n" + checked.output())
                    .hasSize(expected.size())
                    .allMatch(line -> line.contains("complete") && !line.contains("incomplete") && line.strip().endsWith("true"));
        }
    }
}
