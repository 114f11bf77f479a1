package dev.tugboat.kubelet.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.kubelet.images.RegistryRequest.ApiVersion;
import dev.tugboat.kubelet.images.RegistryRequest.BlobRequest;
import dev.tugboat.kubelet.images.RegistryRequest.Invalid;
import dev.tugboat.kubelet.images.RegistryRequest.ManifestRequest;
import dev.tugboat.kubelet.images.RegistryRequest.NotAnEndpoint;
import dev.tugboat.kubelet.images.RegistryRequest.TagsRequest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryRequestTest {

    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    @Test
    void routesTheReadEndpoints() {
        assertThat(RegistryRequest.parse("/v2/")).isEqualTo(new ApiVersion());
        assertThat(RegistryRequest.parse("/v2")).isEqualTo(new ApiVersion());
        assertThat(RegistryRequest.parse("/v2/library/nginx/manifests/latest"))
                .isEqualTo(new ManifestRequest("library/nginx", "latest"));
        assertThat(RegistryRequest.parse("/v2/pause/manifests/" + DIGEST)).isEqualTo(new ManifestRequest("pause", DIGEST));
        assertThat(RegistryRequest.parse("/v2/a/b/c/blobs/" + DIGEST)).isEqualTo(new BlobRequest("a/b/c", DIGEST));
        assertThat(RegistryRequest.parse("/v2/library/busybox/tags/list")).isEqualTo(new TagsRequest("library/busybox"));
    }

    @Test
    void aRepositoryMayBeNamedLikeAnEndpoint() {
        // The last /manifests/ or /blobs/ separates name from reference.
        assertThat(RegistryRequest.parse("/v2/blobs/manifests/manifests/1")).isEqualTo(new ManifestRequest("blobs/manifests", "1"));
        assertThat(RegistryRequest.parse("/v2/manifests/x/blobs/" + DIGEST)).isEqualTo(new BlobRequest("manifests/x", DIGEST));
    }

    @Test
    void malformedNamesTagsAndDigestsAreClientErrors() {
        assertThat(RegistryRequest.parse("/v2/Library/nginx/manifests/latest"))
                .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.code()).isEqualTo("NAME_INVALID"));
        assertThat(RegistryRequest.parse("/v2/library/nginx/manifests/-x"))
                .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.code()).isEqualTo("MANIFEST_INVALID"));
        assertThat(RegistryRequest.parse("/v2/library/nginx/blobs/sha256:abc"))
                .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.code()).isEqualTo("DIGEST_INVALID"));
        assertThat(RegistryRequest.parse("/v2/library/nginx/blobs/latest"))
                .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.code()).isEqualTo("DIGEST_INVALID"));
    }

    @Test
    void writesAndOtherPathsAreNotEndpoints() {
        assertThat(RegistryRequest.parse("/v2/library/nginx/blobs/uploads/")).isInstanceOf(NotAnEndpoint.class);
        assertThat(RegistryRequest.parse("/v2/_catalog")).isInstanceOf(NotAnEndpoint.class);
        assertThat(RegistryRequest.parse("/v1/search")).isInstanceOf(NotAnEndpoint.class);
        assertThat(RegistryRequest.parse("/")).isInstanceOf(NotAnEndpoint.class);
    }

    @Test
    void readsTheNamespaceParameterContainerdSendsToMirrors() {
        assertThat(RegistryMirror.queryParameter("ns=docker.io", "ns")).contains("docker.io");
        assertThat(RegistryMirror.queryParameter("a=1&ns=registry.example.com%3A5000", "ns")).contains("registry.example.com:5000");
        assertThat(RegistryMirror.queryParameter(null, "ns")).isEmpty();
        assertThat(RegistryMirror.queryParameter("nsx=1", "ns")).isEmpty();
    }

    @Test
    void byteRangesFollowHttpSemantics() {
        assertThat(RegistryMirror.byteRange("0", "9", 100)).hasValueSatisfying(r -> assertThat(r).containsExactly(0, 9));
        assertThat(RegistryMirror.byteRange("90", "", 100)).hasValueSatisfying(r -> assertThat(r).containsExactly(90, 99));
        assertThat(RegistryMirror.byteRange("90", "500", 100)).hasValueSatisfying(r -> assertThat(r).containsExactly(90, 99));
        assertThat(RegistryMirror.byteRange("", "10", 100)).hasValueSatisfying(r -> assertThat(r).containsExactly(90, 99));
        assertThat(RegistryMirror.byteRange("100", "", 100)).isEqualTo(Optional.empty());
        assertThat(RegistryMirror.byteRange("5", "4", 100)).isEmpty();
        assertThat(RegistryMirror.byteRange("", "", 100)).isEmpty();
    }
}
