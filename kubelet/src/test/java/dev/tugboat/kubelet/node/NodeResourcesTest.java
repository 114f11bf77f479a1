package dev.tugboat.kubelet.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeResourcesTest {

    @Test
    void allocatableIsCapacityLessTheDefaultHardEvictionThresholds() {
        NodeResources r = new NodeResources(2, 24576004L * 1024, 100L * 1024 * 1024 * 1024, 110);

        assertThat(r.capacity().path("cpu").asText()).isEqualTo("2");
        assertThat(r.capacity().path("memory").asText()).isEqualTo("24576004Ki");
        assertThat(r.capacity().path("ephemeral-storage").asText()).isEqualTo("100Gi");
        assertThat(r.capacity().path("pods").asText()).isEqualTo("110");
        assertThat(r.allocatable().path("memory").asText()).isEqualTo("24473604Ki");
        assertThat(r.allocatable().path("ephemeral-storage").asText()).isEqualTo("90Gi");
        assertThat(r.allocatable().path("cpu").asText()).isEqualTo("2");
    }

    @Test
    void bytesPrintInTheLargestExactBinarySuffix() {
        assertThat(NodeResources.binary(0)).isEqualTo("0");
        assertThat(NodeResources.binary(1000)).isEqualTo("1000");
        assertThat(NodeResources.binary(1024)).isEqualTo("1Ki");
        assertThat(NodeResources.binary(3L * 1024 * 1024 * 1024)).isEqualTo("3Gi");
        assertThat(NodeResources.binary(1536L * 1024)).isEqualTo("1536Ki");
    }
}
