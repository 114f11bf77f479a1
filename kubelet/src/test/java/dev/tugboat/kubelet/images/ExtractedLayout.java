package dev.tugboat.kubelet.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An image archive unpacked with the system's tar and checked the way an importer walks it:
 * index.json → manifest → config and layer, each blob's digest and size against its bytes.
 */
record ExtractedLayout(Path dir, JsonNode index, JsonNode manifest, JsonNode config, Path layer) {

    static ExtractedLayout extract(Path archive, Path into) throws IOException, InterruptedException {
        Files.createDirectories(into);
        run(List.of("tar", "-xf", archive.toString(), "-C", into.toString()));
        assertThat(Files.readString(into.resolve("oci-layout"))).isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
        JsonNode index = Json.parse(Files.readAllBytes(into.resolve("index.json")));
        assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(index.path("manifests").size()).isPositive();
        JsonNode entry = index.path("manifests").get(0);
        for (JsonNode other : index.path("manifests")) {
            assertThat(other.path("digest")).isEqualTo(entry.path("digest"));
        }
        assertThat(entry.path("mediaType").asText()).isEqualTo(OciArchive.MANIFEST_TYPE);
        JsonNode manifest = Json.parse(checkedBlob(into, entry));
        assertThat(manifest.path("config").path("mediaType").asText()).isEqualTo(OciArchive.CONFIG_TYPE);
        JsonNode config = Json.parse(checkedBlob(into, manifest.path("config")));
        JsonNode layerDescriptor = manifest.path("layers").get(0);
        assertThat(manifest.path("layers").size()).isEqualTo(1);
        assertThat(layerDescriptor.path("mediaType").asText()).isEqualTo(OciArchive.LAYER_TYPE);
        checkedBlob(into, layerDescriptor);
        assertThat(config.path("rootfs").path("diff_ids").get(0).asText())
                .isEqualTo(layerDescriptor.path("digest").asText());
        try (var blobs = Files.list(into.resolve("blobs/sha256"))) {
            assertThat(blobs.count()).as("blobs in the archive").isEqualTo(3);
        }
        return new ExtractedLayout(into, index, manifest, config, blobPath(into, layerDescriptor));
    }

    /** The references the index names, in order. */
    List<String> imageNames() {
        List<String> names = new ArrayList<>();
        for (JsonNode entry : index.path("manifests")) {
            JsonNode annotations = entry.path("annotations");
            String name = annotations.path("io.containerd.image.name").asText();
            assertThat(annotations.path("org.opencontainers.image.ref.name").asText())
                    .isEqualTo(name.substring(name.lastIndexOf(':') + 1));
            names.add(name);
        }
        return names;
    }

    /** The layer unpacked into {@code into} by the system's tar. */
    Path unpackLayer(Path into) throws IOException, InterruptedException {
        Files.createDirectories(into);
        run(List.of("tar", "-xf", layer.toString(), "-C", into.toString()));
        return into;
    }

    /** The layer's {@code tar -tvf} listing. */
    String listLayer() throws IOException, InterruptedException {
        return run(List.of("tar", "--numeric-owner", "-tvf", layer.toString()));
    }

    private static Path blobPath(Path dir, JsonNode descriptor) {
        String digest = descriptor.path("digest").asText();
        assertThat(digest).matches("sha256:[0-9a-f]{64}");
        return dir.resolve("blobs/sha256").resolve(digest.substring(7));
    }

    private static byte[] checkedBlob(Path dir, JsonNode descriptor) throws IOException {
        Path path = blobPath(dir, descriptor);
        byte[] bytes = Files.readAllBytes(path);
        assertThat((long) bytes.length).as("size of " + path).isEqualTo(descriptor.path("size").asLong());
        String actual = "sha256:" + HexFormat.of().formatHex(OciArchive.sha256().digest(bytes));
        assertThat(actual).as("digest of " + path).isEqualTo(descriptor.path("digest").asText());
        return bytes;
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command + " timed out");
        }
        assertThat(process.exitValue()).as(command + " exit code; output:\n" + output).isZero();
        return output;
    }
}
