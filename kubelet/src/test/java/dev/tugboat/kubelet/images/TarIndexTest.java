package dev.tugboat.kubelet.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarIndexTest {

    @TempDir
    Path tmp;

    @Test
    void findsEveryRegularFileInPlaceIncludingPaxLongNames() throws IOException {
        String longName = "blobs/" + "d".repeat(150) + "/file";
        Path archive = tmp.resolve("a.tar");
        try (OutputStream out = Files.newOutputStream(archive)) {
            TarWriter tar = new TarWriter(out);
            tar.directory("blobs", 0755);
            tar.file("index.json", 0644, "{\"x\":1}".getBytes(StandardCharsets.UTF_8));
            tar.symlink("link", "index.json");
            tar.file(longName, 0644, new byte[1000]);
            tar.file("empty", 0644, new byte[0]);
            tar.file("last", 0644, "the end".getBytes(StandardCharsets.UTF_8));
            tar.finish();
        }

        try (FileChannel channel = FileChannel.open(archive)) {
            Map<String, TarIndex.Member> members = TarIndex.of(channel);

            assertThat(members).containsOnlyKeys("index.json", longName, "empty", "last");
            assertThat(read(channel, members.get("index.json"))).isEqualTo("{\"x\":1}");
            assertThat(members.get(longName).size()).isEqualTo(1000);
            assertThat(members.get("empty").size()).isZero();
            assertThat(read(channel, members.get("last"))).isEqualTo("the end");
        }
    }

    @Test
    void agreesWithGnuTarOnItsOwnArchives() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("src/sub"));
        Files.writeString(dir.resolve("f.txt"), "hello");
        Files.writeString(tmp.resolve("src").resolve("x".repeat(120)), "long");
        Path archive = tmp.resolve("gnu.tar");
        ExtractedLayout.run(java.util.List.of("tar", "--format=gnu", "-cf", archive.toString(), "-C",
                tmp.resolve("src").toString(), "."));

        try (FileChannel channel = FileChannel.open(archive)) {
            Map<String, TarIndex.Member> members = TarIndex.of(channel);

            assertThat(members).containsOnlyKeys("sub/f.txt", "x".repeat(120));
            assertThat(read(channel, members.get("sub/f.txt"))).isEqualTo("hello");
            assertThat(read(channel, members.get("x".repeat(120)))).isEqualTo("long");
        }
    }

    @Test
    void refusesWhatIsNotATarArchive() throws IOException {
        Path junk = Files.write(tmp.resolve("junk"), "not a tar archive at all".repeat(40).getBytes(StandardCharsets.UTF_8));

        try (FileChannel channel = FileChannel.open(junk)) {
            assertThatThrownBy(() -> TarIndex.of(channel)).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("header at byte 0 has a");
        }
    }

    private static String read(FileChannel channel, TarIndex.Member member) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) member.size());
        TarIndex.readFully(channel, buffer, member.offset());
        return new String(buffer.array(), StandardCharsets.UTF_8);
    }
}
