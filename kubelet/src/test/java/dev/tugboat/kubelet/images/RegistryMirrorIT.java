package dev.tugboat.kubelet.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.kubelet.containerd.RegistryHosts;
import dev.tugboat.kubelet.cri.CriClient;
import dev.tugboat.kubelet.cri.CriException;
import dev.tugboat.kubelet.cri.v1.Image;
import dev.tugboat.kubelet.cri.v1.ImageSpec;
import dev.tugboat.kubelet.cri.v1.ImageStatusRequest;
import dev.tugboat.kubelet.cri.v1.PullImageRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror serving the real pause and busybox archives: the distribution API checked over HTTP,
 * and (as root, with containerd installed) a containerd with nothing imported pulling through it.
 */
class RegistryMirrorIT {

    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    @TempDir
    static Path images;
    private static RegistryMirror mirror;
    private static ExtractedLayout busybox;
    private static ExtractedLayout pause;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void serveTheOfflineImages() throws Exception {
        OfflineImages offline = new OfflineImages(images.resolve("archives"));
        Path busyboxArchive;
        Path pauseArchive;
        try {
            busyboxArchive = offline.busybox();
            pauseArchive = offline.pause();
        } catch (ImageBuildException e) {
            abort("the offline images cannot be built here (gcc, libc6-dev and busybox-static are needed): "
                    + e.getMessage());
            return;
        }
        busybox = ExtractedLayout.extract(busyboxArchive, images.resolve("busybox"));
        pause = ExtractedLayout.extract(pauseArchive, images.resolve("pause"));
        mirror = RegistryMirror.start(List.of(busyboxArchive, pauseArchive));
    }

    @AfterAll
    static void stop() throws IOException {
        if (mirror != null) {
            mirror.close();
        }
    }

    private static String manifestDigest(ExtractedLayout layout) {
        return layout.index().path("manifests").get(0).path("digest").asText();
    }

    private static String layerDigest(ExtractedLayout layout) {
        return layout.manifest().path("layers").get(0).path("digest").asText();
    }

    private static String configDigest(ExtractedLayout layout) {
        return layout.manifest().path("config").path("digest").asText();
    }

    private static HttpResponse<byte[]> send(String method, String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(mirror.endpoint().resolve(pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> get(String pathAndQuery) throws Exception {
        return send("GET", pathAndQuery);
    }

    private static String sha256(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(OciArchive.sha256().digest(bytes));
    }

    private static void assertError(HttpResponse<byte[]> response, int status, String code) throws IOException {
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode errors = Json.parse(response.body()).path("errors");
        assertThat(errors.size()).isEqualTo(1);
        assertThat(errors.get(0).path("code").asText()).isEqualTo(code);
        assertThat(errors.get(0).path("message").asText()).isNotBlank();
    }

    @Test
    void listensOnLoopbackAndKnowsTheRegistriesOfTheArchives() throws Exception {
        assertThat(mirror.port()).isPositive();
        assertThat(mirror.endpoint()).isEqualTo(URI.create("http://127.0.0.1:" + mirror.port()));
        assertThat(mirror.registries()).containsExactly("docker.io", "localhost", "registry.k8s.io");

        HttpResponse<byte[]> base = get("/v2/");
        assertThat(base.statusCode()).isEqualTo(200);
        assertThat(base.headers().firstValue("Docker-Distribution-API-Version")).contains("registry/2.0");
        assertThat(new String(base.body())).isEqualTo("{}");
    }

    @Test
    void servesAManifestByTagAndByDigestWithItsMediaTypeAndDigest() throws Exception {
        String digest = manifestDigest(busybox);
        for (String path : List.of("/v2/library/busybox/manifests/latest?ns=docker.io",
                "/v2/library/busybox/manifests/latest",
                "/v2/library/busybox/manifests/" + digest + "?ns=docker.io")) {
            HttpResponse<byte[]> response = get(path);

            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains(OCI_MANIFEST);
            assertThat(response.headers().firstValue("Docker-Content-Digest")).contains(digest);
            assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length);
            assertThat(sha256(response.body())).isEqualTo(digest);
            assertThat(Json.parse(response.body())).isEqualTo(busybox.manifest());
        }
    }

    @Test
    void headGivesTheHeadersOfGetWithoutABody() throws Exception {
        HttpResponse<byte[]> manifest = send("HEAD", "/v2/pause/manifests/3.9?ns=registry.k8s.io");
        long manifestSize = pause.index().path("manifests").get(0).path("size").asLong();

        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.body()).isEmpty();
        assertThat(manifest.headers().firstValue("Docker-Content-Digest")).contains(manifestDigest(pause));
        assertThat(manifest.headers().firstValue("Content-Type")).contains(OCI_MANIFEST);
        assertThat(manifest.headers().firstValueAsLong("Content-Length")).hasValue(manifestSize);

        HttpResponse<byte[]> layer = send("HEAD", "/v2/pause/blobs/" + layerDigest(pause) + "?ns=registry.k8s.io");
        assertThat(layer.statusCode()).isEqualTo(200);
        assertThat(layer.body()).isEmpty();
        assertThat(layer.headers().firstValueAsLong("Content-Length")).hasValue(Files.size(pause.layer()));
        assertThat(layer.headers().firstValue("Docker-Content-Digest")).contains(layerDigest(pause));

        assertError(get("/v2/pause/manifests/9.9?ns=registry.k8s.io"), 404, "MANIFEST_UNKNOWN");
        HttpResponse<byte[]> missing = send("HEAD", "/v2/pause/manifests/9.9?ns=registry.k8s.io");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEmpty();
    }

    @Test
    void streamsBlobsStraightFromTheArchive() throws Exception {
        HttpResponse<byte[]> layer = get("/v2/library/busybox/blobs/" + layerDigest(busybox) + "?ns=docker.io");

        assertThat(layer.statusCode()).isEqualTo(200);
        assertThat(layer.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(layer.headers().firstValue("Docker-Content-Digest")).contains(layerDigest(busybox));
        assertThat(layer.body()).isEqualTo(Files.readAllBytes(busybox.layer()));
        assertThat(sha256(layer.body())).isEqualTo(layerDigest(busybox));

        HttpResponse<byte[]> config = get("/v2/library/busybox/blobs/" + configDigest(busybox) + "?ns=docker.io");
        assertThat(Json.parse(config.body())).isEqualTo(busybox.config());

        // A manifest is a blob too; containerd falls back to /blobs/ for some fetches.
        HttpResponse<byte[]> manifest = get("/v2/library/busybox/blobs/" + manifestDigest(busybox));
        assertThat(sha256(manifest.body())).isEqualTo(manifestDigest(busybox));
    }

    @Test
    void servesByteRangesOfABlobForResumedDownloads() throws Exception {
        byte[] whole = Files.readAllBytes(pause.layer());
        HttpRequest request = HttpRequest.newBuilder(
                        mirror.endpoint().resolve("/v2/pause/blobs/" + layerDigest(pause) + "?ns=registry.k8s.io"))
                .header("Range", "bytes=1000-")
                .build();
        HttpResponse<byte[]> partial = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());

        assertThat(partial.statusCode()).isEqualTo(206);
        assertThat(partial.headers().firstValue("Content-Range"))
                .contains("bytes 1000-" + (whole.length - 1) + "/" + whole.length);
        assertThat(partial.body()).isEqualTo(java.util.Arrays.copyOfRange(whole, 1000, whole.length));

        HttpResponse<byte[]> beyond = HTTP.send(HttpRequest.newBuilder(request.uri())
                .header("Range", "bytes=" + whole.length + "-").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).contains("bytes */" + whole.length);
    }

    @Test
    void theNamespaceParameterKeepsRegistriesApart() throws Exception {
        assertThat(get("/v2/pause/manifests/3.9?ns=registry.k8s.io").statusCode()).isEqualTo(200);
        assertThat(get("/v2/pause/manifests/latest?ns=localhost").statusCode()).isEqualTo(200);
        // docker.io has no repository "pause" here, and registry.k8s.io no library/busybox.
        assertError(get("/v2/pause/manifests/3.9?ns=docker.io"), 404, "NAME_UNKNOWN");
        assertError(get("/v2/pause/manifests/3.9"), 404, "NAME_UNKNOWN");
        assertError(get("/v2/library/busybox/manifests/latest?ns=registry.k8s.io"), 404, "NAME_UNKNOWN");
        assertError(get("/v2/library/busybox/manifests/latest?ns=quay.io"), 404, "NAME_UNKNOWN");
        assertError(get("/v2/library/nginx/manifests/latest?ns=docker.io"), 404, "NAME_UNKNOWN");
    }

    @Test
    void blobsAndManifestsAreScopedToTheirRepository() throws Exception {
        // pause's layer exists in the mirror, but not in docker.io/library/busybox.
        assertError(get("/v2/library/busybox/blobs/" + layerDigest(pause) + "?ns=docker.io"), 404, "BLOB_UNKNOWN");
        assertError(get("/v2/library/busybox/manifests/" + manifestDigest(pause) + "?ns=docker.io"), 404,
                "MANIFEST_UNKNOWN");
        assertError(get("/v2/library/busybox/blobs/sha256:" + "0".repeat(64) + "?ns=docker.io"), 404, "BLOB_UNKNOWN");
        assertError(get("/v2/library/busybox/manifests/1.36?ns=docker.io"), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void badInputAndWritesGetClearClientErrors() throws Exception {
        assertError(get("/v2/library/busybox/blobs/sha256:xyz"), 400, "DIGEST_INVALID");
        assertError(get("/v2/Library/busybox/manifests/latest"), 400, "NAME_INVALID");
        assertError(get("/v2/library/busybox/manifests/.bad"), 400, "MANIFEST_INVALID");
        assertError(get("/v2/_catalog"), 404, "UNSUPPORTED");
        HttpResponse<byte[]> put = send("PUT", "/v2/library/busybox/manifests/latest");
        assertError(put, 405, "UNSUPPORTED");
        assertThat(put.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    @Test
    void listsTheTagsOfARepository() throws Exception {
        HttpResponse<byte[]> tags = get("/v2/library/busybox/tags/list?ns=docker.io");

        assertThat(tags.statusCode()).isEqualTo(200);
        assertThat(Json.string(Json.parse(tags.body()))).isEqualTo("{\"name\":\"library/busybox\",\"tags\":[\"latest\"]}");
    }

    @Test
    void anEmptyContainerdPullsThroughTheMirrorAndFallsBackToTheRegistryForTheRest() throws Exception {
        assumeTrue(Commands.run(List.of("id", "-u"), null, "").output().strip().equals("0"),
                "running a throwaway containerd needs root");
        for (String tool : List.of("containerd", "ctr")) {
            assumeTrue(Commands.run(List.of("sh", "-c", "command -v " + tool), null, "").ok(),
                    tool + " is not installed; pulling through the mirror is not tested");
        }
        Path hostsDir = new RegistryHosts(mirror.registries(), mirror.endpoint()).writeTo(images.resolve("certs.d"));

        try (ThrowawayContainerd containerd = ThrowawayContainerd.startOnHostLoopback(hostsDir);
             CriClient cri = CriClient.connect(containerd.socket())) {
            Commands.Result listed = containerd.ctr("-n", "k8s.io", "images", "ls", "-q");
            assertThat(listed.output().strip()).as("nothing imported").isEmpty();

            // As a pod spec writes it: the CRI makes docker.io/library/busybox:latest of it.
            String busyboxRef = cri.images(Duration.ofSeconds(60), s -> s.pullImage(PullImageRequest.newBuilder()
                    .setImage(ImageSpec.newBuilder().setImage("busybox:latest")).build())).getImageRef();
            assertThat(busyboxRef).isEqualTo(configDigest(busybox));
            Image pulled = cri.images(s -> s.imageStatus(ImageStatusRequest.newBuilder()
                    .setImage(ImageSpec.newBuilder().setImage("busybox")).build())).getImage();
            assertThat(pulled.getId()).isEqualTo(configDigest(busybox));
            assertThat(pulled.getRepoTagsList()).contains("docker.io/library/busybox:latest");
            assertThat(pulled.getRepoDigestsList()).contains("docker.io/library/busybox@" + manifestDigest(busybox));

            String pauseRef = cri.images(Duration.ofSeconds(60), s -> s.pullImage(PullImageRequest.newBuilder()
                    .setImage(ImageSpec.newBuilder().setImage("registry.k8s.io/pause:3.9")).build())).getImageRef();
            assertThat(pauseRef).isEqualTo(configDigest(pause));
            Image pausePulled = cri.images(s -> s.imageStatus(ImageStatusRequest.newBuilder()
                    .setImage(ImageSpec.newBuilder().setImage("registry.k8s.io/pause:3.9")).build())).getImage();
            assertThat(pausePulled.getRepoDigestsList()).contains("registry.k8s.io/pause@" + manifestDigest(pause));

            Commands.Result checked = containerd.ctr("-n", "k8s.io", "images", "check");
            assertThat(checked.output()).as(checked.output()).contains("docker.io/library/busybox:latest")
                    .contains("registry.k8s.io/pause:3.9").doesNotContain("incomplete");

            // Not in the mirror: containerd goes on to the real registry, which is unreachable here.
            long start = System.nanoTime();
            assertThatThrownBy(() -> cri.images(Duration.ofSeconds(30), s -> s.pullImage(PullImageRequest.newBuilder()
                    .setImage(ImageSpec.newBuilder().setImage("docker.io/library/alpine:3.19")).build())))
                    .isInstanceOfSatisfying(CriException.class, e -> {
                        if (e.code() == io.grpc.Status.Code.DEADLINE_EXCEEDED) {
                            abort("the real registry neither answered nor failed within 30 s");
                        }
                        assertThat(e.getMessage()).as(e.getMessage())
                                .contains("docker.io/library/alpine:3.19")
                                .contains("registry-1.docker.io");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertThat(cri.images(s -> s.imageStatus(ImageStatusRequest.newBuilder()
                    .setImage(ImageSpec.newBuilder().setImage("alpine:3.19")).build())).hasImage()).isFalse();
        }
    }
}
