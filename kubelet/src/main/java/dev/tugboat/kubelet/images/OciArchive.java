package dev.tugboat.kubelet.images;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes a single-layer image as an OCI image-layout tar ({@code oci-layout}, {@code index.json},
 * {@code blobs/sha256/...}) that {@code ctr -n k8s.io images import} accepts without a registry.
 * The layer is an uncompressed tar of a root filesystem directory, so its digest is also its diff_id.
 * Output is byte-reproducible: entries in name order, mtime 0, owner 0:0, and a config whose
 * timestamps are the epoch. Every index entry names the image by its full reference
 * ({@code io.containerd.image.name}), which is the name containerd gives the imported image.
 */
public final class OciArchive {

    static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
    static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar";
    static final String INDEX_TYPE = "application/vnd.oci.image.index.v1+json";
    private static final String EPOCH = "1970-01-01T00:00:00Z";
    private static final Comparator<Path> BY_NAME = Comparator.comparing(
            p -> p.getFileName().toString().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned);

    /** What was written: the archive, its size, and the digests containerd will know the image by. */
    public record Written(Path archive, long archiveSize, String manifestDigest, String layerDigest, long layerSize) {
    }

    private record Blob(String digest, long size) {
        String hex() {
            return digest.substring("sha256:".length());
        }
    }

    private OciArchive() {
    }

    /**
     * Archives {@code rootfs} as an image named by every one of {@code references}, replacing
     * {@code archive} atomically. {@code createdBy} is recorded in the image history.
     */
    public static Written write(Path rootfs, ImageConfig config, List<ImageReference> references,
                                String createdBy, Path archive) throws IOException {
        if (references.isEmpty()) {
            throw new IllegalArgumentException("an image archive needs at least one reference");
        }
        if (!Files.isDirectory(rootfs, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(rootfs + " is not a directory");
        }
        Path dir = archive.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path layer = Files.createTempFile(dir, "." + archive.getFileName() + "-layer-", ".tmp");
        Path partial = Files.createTempFile(dir, "." + archive.getFileName() + "-", ".tmp");
        try {
            Blob layerBlob = writeLayer(rootfs, layer);
            String architecture = hostArchitecture();
            byte[] configJson = Json.bytes(configDocument(config, layerBlob, architecture, createdBy));
            Blob configBlob = blob(configJson);
            byte[] manifestJson = Json.bytes(manifestDocument(configBlob, configJson.length, layerBlob));
            Blob manifestBlob = blob(manifestJson);
            byte[] indexJson = Json.bytes(indexDocument(manifestBlob, architecture, references));

            Map<String, Object> blobs = new TreeMap<>();
            blobs.put(layerBlob.hex(), layer);
            blobs.put(configBlob.hex(), configJson);
            blobs.put(manifestBlob.hex(), manifestJson);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
                TarWriter tar = new TarWriter(out);
                tar.directory("blobs", 0755);
                tar.directory("blobs/sha256", 0755);
                for (Map.Entry<String, Object> e : blobs.entrySet()) {
                    String name = "blobs/sha256/" + e.getKey();
                    if (e.getValue() instanceof byte[] bytes) {
                        tar.file(name, 0644, bytes);
                    } else {
                        try (InputStream in = Files.newInputStream(layer)) {
                            tar.file(name, 0644, layerBlob.size(), in);
                        }
                    }
                }
                tar.file("index.json", 0644, indexJson);
                tar.file("oci-layout", 0644, "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
                tar.finish();
            }
            Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Written(archive, Files.size(archive), manifestBlob.digest(), layerBlob.digest(), layerBlob.size());
        } finally {
            Files.deleteIfExists(layer);
            Files.deleteIfExists(partial);
        }
    }

    /** The layer tar of {@code rootfs}, streamed to {@code target} while its SHA-256 is computed. */
    private static Blob writeLayer(Path rootfs, Path target) throws IOException {
        MessageDigest sha256 = sha256();
        CountingOutputStream counted;
        try (OutputStream out = new BufferedOutputStream(new DigestOutputStream(
                counted = new CountingOutputStream(Files.newOutputStream(target)), sha256), 1 << 16)) {
            TarWriter tar = new TarWriter(out);
            addChildren(tar, rootfs, "");
            tar.finish();
        }
        return new Blob("sha256:" + HexFormat.of().formatHex(sha256.digest()), counted.count);
    }

    private static void addChildren(TarWriter tar, Path dir, String prefix) throws IOException {
        List<Path> children;
        try (Stream<Path> listing = Files.list(dir)) {
            children = listing.sorted(BY_NAME).toList();
        }
        for (Path child : children) {
            String name = prefix + child.getFileName();
            BasicFileAttributes attributes = Files.readAttributes(child, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                tar.symlink(name, Files.readSymbolicLink(child).toString());
                continue;
            }
            int mode = (Integer) Files.getAttribute(child, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (attributes.isDirectory()) {
                tar.directory(name, mode);
                addChildren(tar, child, name + "/");
            } else if (attributes.isRegularFile()) {
                try (InputStream in = Files.newInputStream(child, LinkOption.NOFOLLOW_LINKS)) {
                    tar.file(name, mode, attributes.size(), in);
                }
            } else {
                throw new IOException(child + " is neither a regular file, a directory nor a symbolic link;"
                        + " image layers built here hold only those");
            }
        }
    }

    private static ObjectNode configDocument(ImageConfig config, Blob layer, String architecture, String createdBy) {
        ObjectNode doc = Json.object();
        doc.put("created", EPOCH);
        doc.put("architecture", architecture);
        doc.put("os", "linux");
        ObjectNode runtime = doc.putObject("config");
        if (!config.user().isEmpty()) {
            runtime.put("User", config.user());
        }
        if (!config.exposedPorts().isEmpty()) {
            ObjectNode ports = runtime.putObject("ExposedPorts");
            config.exposedPorts().forEach(port -> ports.putObject(port));
        }
        strings(runtime, "Env", config.env());
        strings(runtime, "Entrypoint", config.entrypoint());
        strings(runtime, "Cmd", config.cmd());
        runtime.put("WorkingDir", config.workingDir());
        ObjectNode rootfs = doc.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(layer.digest());
        ObjectNode history = doc.putArray("history").addObject();
        history.put("created", EPOCH);
        history.put("created_by", createdBy);
        return doc;
    }

    private static void strings(ObjectNode node, String field, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode array = node.putArray(field);
            values.forEach(array::add);
        }
    }

    private static ObjectNode manifestDocument(Blob config, long configSize, Blob layer) {
        ObjectNode doc = Json.object();
        doc.put("schemaVersion", 2);
        doc.put("mediaType", MANIFEST_TYPE);
        descriptor(doc.putObject("config"), CONFIG_TYPE, config.digest(), configSize);
        descriptor(doc.putArray("layers").addObject(), LAYER_TYPE, layer.digest(), layer.size());
        return doc;
    }

    private static ObjectNode indexDocument(Blob manifest, String architecture, List<ImageReference> references) {
        ObjectNode doc = Json.object();
        doc.put("schemaVersion", 2);
        doc.put("mediaType", INDEX_TYPE);
        ArrayNode manifests = doc.putArray("manifests");
        for (ImageReference reference : references) {
            ObjectNode entry = manifests.addObject();
            descriptor(entry, MANIFEST_TYPE, manifest.digest(), manifest.size());
            ObjectNode platform = entry.putObject("platform");
            platform.put("architecture", architecture);
            platform.put("os", "linux");
            ObjectNode annotations = entry.putObject("annotations");
            annotations.put("io.containerd.image.name", reference.toString());
            annotations.put("org.opencontainers.image.ref.name", reference.tag());
        }
        return doc;
    }

    private static void descriptor(ObjectNode node, String mediaType, String digest, long size) {
        node.put("mediaType", mediaType);
        node.put("digest", digest);
        node.put("size", size);
    }

    private static Blob blob(byte[] bytes) {
        return new Blob("sha256:" + HexFormat.of().formatHex(sha256().digest(bytes)), bytes.length);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The OCI name of the architecture this JVM (and the binaries copied from this host) runs on. */
    static String hostArchitecture() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
