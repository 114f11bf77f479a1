package dev.tugboat.kubelet.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MirroredNameTest {

    @Test
    void splitsAFullReferenceIntoRegistryRepositoryAndTag() {
        assertThat(MirroredName.parse("docker.io/library/nginx:latest"))
                .isEqualTo(new MirroredName("docker.io", "library/nginx", "latest"));
        assertThat(MirroredName.parse("registry.k8s.io/pause:3.9"))
                .isEqualTo(new MirroredName("registry.k8s.io", "pause", "3.9"));
        assertThat(MirroredName.parse("localhost/busybox:latest"))
                .isEqualTo(new MirroredName("localhost", "busybox", "latest"));
    }

    @Test
    void keepsTheRegistryPortAndDeepRepositoryPaths() {
        MirroredName name = MirroredName.parse("registry.example.com:5000/team/tools/app:v1.2-rc_3");

        assertThat(name).isEqualTo(new MirroredName("registry.example.com:5000", "team/tools/app", "v1.2-rc_3"));
        assertThat(name).hasToString("registry.example.com:5000/team/tools/app:v1.2-rc_3");
    }

    @Test
    void refusesShortNamesWhoseRegistryIsAClientConvention() {
        assertThatThrownBy(() -> MirroredName.parse("nginx:latest")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not fully qualified");
        assertThatThrownBy(() -> MirroredName.parse("library/nginx:latest")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not start with a registry host");
    }

    @Test
    void refusesReferencesWithoutATagOrWithInvalidParts() {
        assertThatThrownBy(() -> MirroredName.parse("docker.io/library/nginx")).hasMessageContaining("has no tag");
        assertThatThrownBy(() -> MirroredName.parse("docker.io/library/Nginx:1")).hasMessageContaining("lower case");
        assertThatThrownBy(() -> MirroredName.parse("docker.io/library//nginx:1"))
                .hasMessageContaining("not a valid repository name");
        assertThatThrownBy(() -> new MirroredName("docker.io", "library/nginx", "-bad"))
                .hasMessageContaining("not a valid tag");
        assertThatThrownBy(() -> new MirroredName("../etc", "x", "1"))
                .hasMessageContaining("not a host name");
    }
}
