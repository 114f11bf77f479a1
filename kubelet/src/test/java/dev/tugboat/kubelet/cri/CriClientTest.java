package dev.tugboat.kubelet.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tugboat.kubelet.cri.v1.ListImagesRequest;
import dev.tugboat.kubelet.cri.v1.VersionRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriClientTest {

    @TempDir
    Path tmp;

    @Test
    void aMissingRuntimeIsUnavailableAndNamesTheMethod() {
        try (CriClient cri = CriClient.connect(tmp.resolve("absent.sock"))) {
            assertThatThrownBy(() -> cri.runtime(Duration.ofSeconds(5), rt -> rt.version(VersionRequest.getDefaultInstance())))
                    .isInstanceOfSatisfying(CriException.class, e -> {
                        assertThat(e.method()).isEqualTo("Version");
                        assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
                        assertThat(e.isUnavailable()).isTrue();
                        assertThat(e.isNotFound()).isFalse();
                    });
            assertThatThrownBy(() -> cri.images(Duration.ofSeconds(5), img -> img.listImages(ListImagesRequest.getDefaultInstance())))
                    .isInstanceOfSatisfying(CriException.class, e -> assertThat(e.method()).isEqualTo("ListImages"));
        }
    }

    @Test
    void theMessageIsTheRuntimesOwnText() {
        CriException e = CriException.from("PullImage", Status.NOT_FOUND
                .withDescription("failed to pull and unpack image \"docker.io/library/nope:latest\"")
                .asRuntimeException());

        assertThat(e.getMessage()).isEqualTo("failed to pull and unpack image \"docker.io/library/nope:latest\"");
        assertThat(e.isNotFound()).isTrue();
        assertThat(e.getCause()).isInstanceOf(StatusRuntimeException.class);
    }

    @Test
    void aFailureWithoutTextSaysWhichCallFailedAndHow() {
        CriException e = CriException.from("StopContainer", Status.DEADLINE_EXCEEDED.asRuntimeException());

        assertThat(e.getMessage()).isEqualTo("StopContainer failed: DEADLINE_EXCEEDED");
        assertThat(e.isUnavailable()).isTrue();
    }
}
