package dev.tugboat.kubelet.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Json;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the mirror serves: the images of a set of OCI image-layout archives, filed by registry and
 * repository. Each archive is opened once and its members indexed; blobs are then read in place
 * from the open file, so an archive that is replaced on disk later (OfflineImages renames a new
 * one over the old) keeps serving the content that was indexed. Manifests and indexes are
 * checked against their digests when loaded; layers and configs against their sizes (containerd
 * verifies every digest it downloads anyway).
 */
final class MirroredImages implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(MirroredImages.class);
    static final String IMAGE_NAME_ANNOTATION = "io.containerd.image.name";
    static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final Set<String> INDEX_TYPES = Set.of(
            OciArchive.INDEX_TYPE, "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final Set<String> MANIFEST_TYPES = Set.of(
            OciArchive.MANIFEST_TYPE, "application/vnd.docker.distribution.manifest.v2+json");
    /** Manifests are small JSON documents; anything this big is not one. */
    private static final long MAX_MANIFEST_BYTES = 4 << 20;

    /** A registry host and a repository in it. */
    record Repository(String registry, String name) {
    }

    /** A blob's bytes: {@code size} bytes from {@code offset} of an open archive. */
    record Blob(String digest, long size, FileChannel archive, long offset) {
    }

    /** A manifest (or index) document and the media type it is served as. */
    record Manifest(String digest, String mediaType, byte[] content) {
    }

    private record Contents(Map<String, String> tags, Set<String> digests) {
    }

    private final List<FileChannel> channels;
    private final Map<Repository, Contents> repositories;
    private final Map<String, Blob> blobs;
    private final Map<String, Manifest> manifests;

    private MirroredImages(List<FileChannel> channels, Map<Repository, Contents> repositories,
                           Map<String, Blob> blobs, Map<String, Manifest> manifests) {
        this.channels = channels;
        this.repositories = repositories;
        this.blobs = blobs;
        this.manifests = manifests;
    }

    /** Opens and indexes {@code archives}; a tag two archives give different manifests is an error. */
    static MirroredImages load(List<Path> archives) throws IOException {
        Loader loader = new Loader();
        try {
            for (Path archive : archives) {
                loader.add(archive.toAbsolutePath());
            }
        } catch (IOException | RuntimeException e) {
            loader.closeAll();
            throw e;
        }
        return new MirroredImages(List.copyOf(loader.channels), loader.repositories, loader.blobs, loader.manifests);
    }

    /** The registry hosts some image is filed under, e.g. docker.io and registry.k8s.io. */
    SortedSet<String> registries() {
        SortedSet<String> hosts = new TreeSet<>();
        repositories.keySet().forEach(r -> hosts.add(r.registry()));
        return Collections.unmodifiableSortedSet(hosts);
    }

    boolean hasRepository(Repository repository) {
        return repositories.containsKey(repository);
    }

    /** The tags of a repository, sorted; empty when the repository is unknown. */
    List<String> tags(Repository repository) {
        Contents contents = repositories.get(repository);
        return contents == null ? List.of() : List.copyOf(new TreeSet<>(contents.tags().keySet()));
    }

    /** The manifest a tag or digest names in {@code repository}. */
    Optional<Manifest> manifest(Repository repository, String tagOrDigest) {
        Contents contents = repositories.get(repository);
        if (contents == null) {
            return Optional.empty();
        }
        String digest = DIGEST.matcher(tagOrDigest).matches() ? tagOrDigest : contents.tags().get(tagOrDigest);
        if (digest == null || !contents.digests().contains(digest)) {
            return Optional.empty();
        }
        return Optional.ofNullable(manifests.get(digest));
    }

    /** A blob of {@code repository}: its layers, configs and manifests. */
    Optional<Blob> blob(Repository repository, String digest) {
        Contents contents = repositories.get(repository);
        if (contents == null || !contents.digests().contains(digest)) {
            return Optional.empty();
        }
        return Optional.ofNullable(blobs.get(digest));
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (FileChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static final class Loader {
        final List<FileChannel> channels = new ArrayList<>();
        final Map<Repository, Contents> repositories = new TreeMap<>(
                java.util.Comparator.comparing(Repository::registry).thenComparing(Repository::name));
        final Map<String, Blob> blobs = new HashMap<>();
        final Map<String, Manifest> manifests = new HashMap<>();

        void add(Path archive) throws IOException {
            FileChannel channel = FileChannel.open(archive, StandardOpenOption.READ);
            channels.add(channel);
            Map<String, TarIndex.Member> members = TarIndex.of(channel);
            TarIndex.Member indexMember = members.get("index.json");
            if (indexMember == null) {
                throw new IOException(archive + " has no index.json; not an OCI image layout archive");
            }
            JsonNode index = Json.parse(read(channel, indexMember, archive + " index.json"));
            int named = 0;
            for (JsonNode entry : index.path("manifests")) {
                String reference = entry.path("annotations").path(IMAGE_NAME_ANNOTATION).asText("");
                if (reference.isEmpty()) {
                    LOG.warn("{}: an index entry without the {} annotation is not served", archive, IMAGE_NAME_ANNOTATION);
                    continue;
                }
                MirroredName name;
                try {
                    name = MirroredName.parse(reference);
                } catch (IllegalArgumentException e) {
                    throw new IOException(archive + ": cannot serve " + reference + ": " + e.getMessage(), e);
                }
                Set<String> reachable = new HashSet<>();
                String digest = walk(archive, channel, members, entry, reachable, true);
                Contents contents = repositories.computeIfAbsent(new Repository(name.registry(), name.repository()),
                        r -> new Contents(new HashMap<>(), new HashSet<>()));
                String previous = contents.tags().putIfAbsent(name.tag(), digest);
                if (previous != null && !previous.equals(digest)) {
                    throw new IOException(archive + " names " + name + " manifest " + digest
                            + ", but an earlier archive gave it " + previous);
                }
                contents.digests().addAll(reachable);
                named++;
            }
            LOG.info("registry mirror serves {} image name(s) from {}", named, archive);
        }

        /**
         * Records the manifest or index {@code descriptor} points to and every blob it references,
         * adding their digests to {@code reachable}; returns the descriptor's digest. A child manifest
         * of an index that the archive lacks (another platform's) is skipped; anything else missing
         * is an error, since containerd would fail half-way through a pull.
         */
        String walk(Path archive, FileChannel channel, Map<String, TarIndex.Member> members, JsonNode descriptor,
                    Set<String> reachable, boolean required) throws IOException {
            String digest = digestOf(archive, descriptor);
            TarIndex.Member member = members.get(blobPath(digest));
            if (member == null) {
                if (required) {
                    throw new IOException(archive + " lacks the manifest " + digest);
                }
                return digest;
            }
            if (member.size() > MAX_MANIFEST_BYTES) {
                throw new IOException(archive + ": manifest " + digest + " is " + member.size() + " bytes");
            }
            byte[] content = read(channel, member, archive + " " + digest);
            String actual = "sha256:" + HexFormat.of().formatHex(OciArchive.sha256().digest(content));
            if (!actual.equals(digest)) {
                throw new IOException(archive + ": manifest " + digest + " has the digest " + actual);
            }
            JsonNode document = Json.parse(content);
            String mediaType = document.path("mediaType").asText(descriptor.path("mediaType").asText(""));
            if (INDEX_TYPES.contains(mediaType)) {
                for (JsonNode child : document.path("manifests")) {
                    walk(archive, channel, members, child, reachable, false);
                }
            } else if (MANIFEST_TYPES.contains(mediaType)) {
                List<JsonNode> referenced = new ArrayList<>();
                referenced.add(document.path("config"));
                document.path("layers").forEach(referenced::add);
                for (JsonNode blob : referenced) {
                    addBlob(archive, channel, members, blob, reachable);
                }
            } else {
                throw new IOException(archive + ": " + digest + " has the media type '" + mediaType
                        + "', which is neither an image manifest nor an index");
            }
            manifests.put(digest, new Manifest(digest, mediaType, content));
            blobs.put(digest, new Blob(digest, member.size(), channel, member.offset()));
            reachable.add(digest);
            return digest;
        }

        private void addBlob(Path archive, FileChannel channel, Map<String, TarIndex.Member> members,
                             JsonNode descriptor, Set<String> reachable) throws IOException {
            String digest = digestOf(archive, descriptor);
            TarIndex.Member member = members.get(blobPath(digest));
            if (member == null) {
                throw new IOException(archive + " lacks the blob " + digest);
            }
            long declared = descriptor.path("size").asLong(-1);
            if (declared != member.size()) {
                throw new IOException(archive + ": blob " + digest + " is " + member.size()
                        + " bytes, its descriptor says " + declared);
            }
            blobs.putIfAbsent(digest, new Blob(digest, member.size(), channel, member.offset()));
            reachable.add(digest);
        }

        void closeAll() {
            for (FileChannel channel : channels) {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.debug("closing an archive failed", e);
                }
            }
        }
    }

    private static String digestOf(Path archive, JsonNode descriptor) throws IOException {
        String digest = descriptor.path("digest").asText("");
        if (!DIGEST.matcher(digest).matches()) {
            throw new IOException(archive + ": '" + digest + "' is not a sha256 digest");
        }
        return digest;
    }

    private static String blobPath(String digest) {
        return "blobs/sha256/" + digest.substring("sha256:".length());
    }

    private static byte[] read(FileChannel channel, TarIndex.Member member, String what) throws IOException {
        if (member.size() > MAX_MANIFEST_BYTES) {
            throw new IOException(what + " is " + member.size() + " bytes, too big for a JSON document");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) member.size());
        TarIndex.readFully(channel, buffer, member.offset());
        return buffer.array();
    }
}
