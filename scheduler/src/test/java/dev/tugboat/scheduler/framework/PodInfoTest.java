package dev.tugboat.scheduler.framework;

import static dev.tugboat.scheduler.Objects.json;
import static dev.tugboat.scheduler.Objects.node;
import static dev.tugboat.scheduler.Objects.nodeInfo;
import static dev.tugboat.scheduler.Objects.pod;
import static dev.tugboat.scheduler.Objects.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Requests as upstream's resource helpers compute them, and node totals. */
class PodInfoTest {

    @Test
    void nodeAllocatableIsReadFromStatus() {
        NodeInfo n = nodeInfo(node("n", "4", "8Gi", 110));
        assertThat(n.allocatable().milliCpu).isEqualTo(4000);
        assertThat(n.allocatable().memory).isEqualTo(8L << 30);
        assertThat(n.allocatable().allowedPodNumber).isEqualTo(110);
        assertThat(n.allocatable().ephemeralStorage).isEqualTo(100L << 30);
    }

    @Test
    void requestsAreTheMaxOfContainersPlusSidecarsAndEachInitContainerPlusOverhead() {
        ObjectNode p = pod("ns", "p", "500m", "1Gi");
        spec(p).set("initContainers", json("{'l':["
                + "{'name':'sidecar','restartPolicy':'Always','resources':{'requests':{'cpu':'200m'}}},"
                + "{'name':'init','resources':{'requests':{'cpu':'1','memory':'2Gi'}}}]}").get("l"));
        spec(p).set("overhead", json("{'cpu':'10m','memory':'1Mi'}"));
        PodInfo info = PodInfo.from(p);
        // containers + sidecar = 700m; init alongside the sidecar = 1200m → max 1200m, + 10m overhead.
        assertThat(info.requests().milliCpu).isEqualTo(1210);
        // containers 1Gi vs init 2Gi → 2Gi, + 1Mi.
        assertThat(info.requests().memory).isEqualTo((2L << 30) + (1L << 20));
    }

    @Test
    void nonZeroRequestsDefaultCpuAndMemoryPerContainer() {
        PodInfo info = PodInfo.from(pod("ns", "p", null, null));
        assertThat(info.requests().isZero()).isTrue();
        assertThat(info.nonZeroMilliCpu()).isEqualTo(100);
        assertThat(info.nonZeroMemory()).isEqualTo(200L << 20);
    }

    @Test
    void extendedResourcesAreScalars() {
        ObjectNode p = pod("ns", "p", "1", null);
        ((ObjectNode) p.at("/spec/containers/0/resources/requests")).put("example.com/gpu", "2");
        assertThat(PodInfo.from(p).requests().scalar("example.com/gpu")).isEqualTo(2);
    }
}
