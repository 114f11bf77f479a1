package dev.tugboat.kubelet.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciArchiveTest {

    private static final String LONG_DIR = "a-directory-name-that-is-long-enough-to-matter";
    private static final String LONG_NAME = "a-file-whose-name-alone-is-longer-than-the-hundred-bytes-"
            + "that-a-ustar-header-can-hold-for-a-name.txt";

    @TempDir
    Path tmp;

    private Path sampleRootfs() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("rootfs"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/hostname"), "tugboat\n");
        Path tool = Files.write(root.resolve("tool"), new byte[] {0, 1, 2, (byte) 0xff});
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-x---"));
        Path sticky = Files.createDirectories(root.resolve("tmp"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        Files.createSymbolicLink(root.resolve("link"), Path.of("etc/hostname"));
        Path deep = Files.createDirectories(root.resolve(LONG_DIR + "/" + LONG_DIR));
        Files.write(deep.resolve(LONG_NAME), "x".repeat(70_000).getBytes(StandardCharsets.US_ASCII));
        Files.createSymbolicLink(root.resolve("long-link"), Path.of("/" + LONG_DIR + "/" + LONG_DIR + "/" + LONG_NAME));
        Files.createDirectories(root.resolve("empty"));
        return root;
    }

    @Test
    void layerReadsBackWithSystemTar() throws Exception {
        Path rootfs = sampleRootfs();
        ImageConfig config = ImageConfig.defaults().withEntrypoint("/tool").withCmd("--flag")
                .withExposedPorts("80/tcp").withUser("65534");
        OciArchive.Written written = OciArchive.write(rootfs, config,
                List.of(ImageReference.parse("docker.io/library/sample:1.0"),
                        ImageReference.parse("localhost/sample:latest")),
                "OciArchiveTest", tmp.resolve("out/sample.tar"));

        ExtractedLayout layout = ExtractedLayout.extract(written.archive(), tmp.resolve("layout"));
        assertThat(layout.imageNames()).containsExactly("docker.io/library/sample:1.0", "localhost/sample:latest");
        assertThat(layout.index().path("manifests").get(0).path("digest").asText()).isEqualTo(written.manifestDigest());
        assertThat(Files.size(layout.layer())).isEqualTo(written.layerSize());
        assertThat(written.archiveSize()).isEqualTo(Files.size(written.archive()));

        String listing = layout.listLayer();
        assertThat(listing.lines()).allMatch(line -> line.contains(" 0/0 ") && line.contains(" 1970-01-01 "));
        assertThat(listing.lines().map(line -> line.substring(line.lastIndexOf(":00 ") + 4)).toList())
                .as("entries in name order, directories before their contents")
                .containsExactly(
                        LONG_DIR + "/",
                        LONG_DIR + "/" + LONG_DIR + "/",
                        LONG_DIR + "/" + LONG_DIR + "/" + LONG_NAME,
                        "empty/",
                        "etc/",
                        "etc/hostname",
                        "link -> etc/hostname",
                        "long-link -> /" + LONG_DIR + "/" + LONG_DIR + "/" + LONG_NAME,
                        "tmp/",
                        "tool");
        assertThat(listing).contains("drwxrwxrwt 0/0", "-rwxr-x--- 0/0");

        Path back = layout.unpackLayer(tmp.resolve("back"));
        assertThat(Files.readString(back.resolve("etc/hostname"))).isEqualTo("tugboat\n");
        assertThat(Files.readAllBytes(back.resolve("tool"))).containsExactly(0, 1, 2, 0xff);
        assertThat(Files.getAttribute(back.resolve("tool"), "unix:mode")).isEqualTo(0100750);
        assertThat(Files.readSymbolicLink(back.resolve("link"))).isEqualTo(Path.of("etc/hostname"));
        assertThat(Files.readSymbolicLink(back.resolve("long-link")).toString()).endsWith(LONG_NAME);
        assertThat(Files.readAllBytes(back.resolve(LONG_DIR + "/" + LONG_DIR + "/" + LONG_NAME)))
                .isEqualTo(Files.readAllBytes(rootfs.resolve(LONG_DIR + "/" + LONG_DIR + "/" + LONG_NAME)));
        assertThat(Files.isDirectory(back.resolve("empty"), LinkOption.NOFOLLOW_LINKS)).isTrue();

        JsonNode runtime = layout.config().path("config");
        assertThat(layout.config().path("architecture").asText()).isEqualTo(OciArchive.hostArchitecture()).isNotBlank();
        assertThat(layout.config().path("os").asText()).isEqualTo("linux");
        assertThat(runtime.path("Entrypoint").toString()).isEqualTo("[\"/tool\"]");
        assertThat(runtime.path("Cmd").toString()).isEqualTo("[\"--flag\"]");
        assertThat(runtime.path("Env").get(0).asText()).startsWith("PATH=");
        assertThat(runtime.path("WorkingDir").asText()).isEqualTo("/");
        assertThat(runtime.path("User").asText()).isEqualTo("65534");
        assertThat(runtime.path("ExposedPorts").has("80/tcp")).isTrue();
        assertThat(layout.config().path("history").get(0).path("created_by").asText()).isEqualTo("OciArchiveTest");
    }

    @Test
    void sameTreeGivesIdenticalBytes() throws Exception {
        Path rootfs = sampleRootfs();
        List<ImageReference> refs = List.of(ImageReference.parse("localhost/sample:latest"));
        Path first = OciArchive.write(rootfs, ImageConfig.defaults(), refs, "t", tmp.resolve("one.tar")).archive();
        Files.setLastModifiedTime(rootfs.resolve("etc/hostname"), java.nio.file.attribute.FileTime.fromMillis(123_456_789));
        Path second = OciArchive.write(rootfs, ImageConfig.defaults(), refs, "t", tmp.resolve("two.tar")).archive();
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
        try (var left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary files left")
                    .containsExactlyInAnyOrder("rootfs", "one.tar", "two.tar");
        }
    }

    @Test
    void unsupportedFileTypesAndShortNamesAreRejected() throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("fifo-root"));
        ExtractedLayout.run(List.of("mkfifo", rootfs.resolve("pipe").toString()));
        List<ImageReference> refs = List.of(ImageReference.parse("localhost/x:1"));
        assertThatThrownBy(() -> OciArchive.write(rootfs, ImageConfig.defaults(), refs, "t", tmp.resolve("x.tar")))
                .hasMessageContaining("pipe").hasMessageContaining("neither a regular file");
        assertThat(tmp.resolve("x.tar")).doesNotExist();
        assertThatThrownBy(() -> ImageReference.parse("busybox:latest")).hasMessageContaining("not fully qualified");
        assertThatThrownBy(() -> ImageReference.parse("docker.io/library/busybox")).hasMessageContaining("no tag");
        assertThatThrownBy(() -> ImageReference.parse("library/busybox:1")).hasMessageContaining("registry host");
    }

    @Test
    void rootfsPathsStayInsideTheRootfs() {
        Rootfs rootfs = new Rootfs(tmp);
        assertThat(rootfs.path("/etc/passwd")).isEqualTo(tmp.resolve("etc/passwd"));
        assertThat(rootfs.path("lib/a..b")).isEqualTo(tmp.resolve("lib/a..b"));
        assertThatThrownBy(() -> rootfs.path("/../outside")).hasMessageContaining("not inside");
        assertThatThrownBy(() -> rootfs.path("/")).hasMessageContaining("not inside");
    }

    @Test
    void paxRecordLengthCountsItsOwnDigits() {
        assertThat(TarWriter.paxRecord("path", "x")).isEqualTo("9 path=x\n");
        assertThat(TarWriter.paxRecord("path", "y".repeat(90))).startsWith("99 path=").hasSize(99);
        // One more byte pushes the length to three digits, which itself adds a byte.
        assertThat(TarWriter.paxRecord("path", "y".repeat(91))).startsWith("101 path=").hasSize(101);
    }
}
