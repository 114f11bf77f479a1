package dev.tugboat.simnode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {

    @ParameterizedTest
    @CsvSource({"nginx,docker.io/library/nginx:latest", "nginx:1.27,docker.io/library/nginx:1.27",
            "bitnami/redis:7,docker.io/bitnami/redis:7", "registry.k8s.io/pause:3.10,registry.k8s.io/pause:3.10",
            "localhost:5000/app,localhost:5000/app:latest", "localhost/app:v1,localhost/app:v1"})
    void normalizesAsARuntimeReportsIt(String image, String want) {
        assertThat(ImageReference.normalize(image)).isEqualTo(want);
    }

    @ParameterizedTest
    @CsvSource({"nginx,docker.io/library/nginx@sha256:", "nginx:1.2@sha256:abc,docker.io/library/nginx@sha256:abc"})
    void imageIdsAreRepositoryAtDigest(String image, String prefix) {
        assertThat(ImageReference.imageId(image)).startsWith(prefix);
    }
}
