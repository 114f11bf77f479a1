package dev.tugboat.controllers.nodeipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CidrSetTest {

    @Test
    void subnetsAreHandedOutInOrderFromTheClusterCidr() {
        CidrSet set = new CidrSet("10.244.0.0/16", 24);
        assertThat(set.allocateNext()).contains("10.244.0.0/24");
        assertThat(set.allocateNext()).contains("10.244.1.0/24");
        assertThat(set.free()).isEqualTo(254);
    }

    @Test
    void aSmallRangeIsExhaustedAndAReleasedSubnetCanBeHadAgain() {
        CidrSet set = new CidrSet("10.0.0.0/30", 31);
        assertThat(set.allocateNext()).contains("10.0.0.0/31");
        assertThat(set.allocateNext()).contains("10.0.0.2/31");
        assertThat(set.allocateNext()).isEmpty();
        set.release("10.0.0.0/31");
        assertThat(set.allocateNext()).contains("10.0.0.0/31");
        assertThat(set.allocateNext()).isEmpty();
    }

    @Test
    void allocationGoesRoundRobinSoAReleasedSubnetIsNotReusedAtOnce() {
        CidrSet set = new CidrSet("10.1.0.0/22", 24);
        String first = set.allocateNext().orElseThrow();
        set.release(first);
        assertThat(set.allocateNext()).contains("10.1.1.0/24");
    }

    @Test
    void occupiedSubnetsAreSkipped() {
        CidrSet set = new CidrSet("10.244.0.0/16", 24);
        set.occupy("10.244.0.0/24");
        set.occupy("10.244.1.0/24");
        assertThat(set.isTaken("10.244.1.0/24")).isTrue();
        assertThat(set.allocateNext()).contains("10.244.2.0/24");
    }

    @Test
    void occupyingALargerRangeTakesEverySubnetInIt() {
        CidrSet set = new CidrSet("10.244.0.0/16", 24);
        set.occupy("10.244.0.0/23");
        assertThat(set.free()).isEqualTo(254);
        assertThat(set.allocateNext()).contains("10.244.2.0/24");
    }

    @Test
    void aCidrOutsideTheClusterCidrIsIgnored() {
        CidrSet set = new CidrSet("10.244.0.0/16", 24);
        set.occupy("10.96.0.0/12");
        set.occupy("192.168.0.0/24");
        assertThat(set.free()).isEqualTo(256);
    }

    @Test
    void ipv6SubnetsArePrintedAsGoPrintsThem() {
        CidrSet set = new CidrSet("fd00:10:244::/56", 64);
        assertThat(set.allocateNext()).contains("fd00:10:244::/64");
        assertThat(set.allocateNext()).contains("fd00:10:244:1::/64");
    }

    @Test
    void subnetSizesThatDoNotFitAreRefused() {
        assertThatThrownBy(() -> new CidrSet("10.244.0.0/16", 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CidrSet("10.0.0.0/8", 25)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CidrSet("10.244.0.0", 24)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theAllocatorRebuildsFromExistingNodesAndExhaustsAllOrNothing() {
        NodeIpamConfig config = NodeIpamConfig.defaults().withClusterCidrs(List.of("10.0.0.0/29"))
                .withNodeMaskSizeIPv4(30);
        RangeAllocator allocator = new RangeAllocator(config);
        allocator.occupy(List.of("10.0.0.4/30"));
        assertThat(allocator.allocate()).contains(List.of("10.0.0.0/30"));
        assertThat(allocator.allocate()).isEmpty();
        allocator.release(List.of("10.0.0.4/30"));
        assertThat(allocator.allocate()).contains(List.of("10.0.0.4/30"));
    }

    @Test
    void dualStackTakesOneSubnetPerFamilyAndGivesBothBackWhenOneIsExhausted() {
        NodeIpamConfig config = NodeIpamConfig.defaults()
                .withClusterCidrs(List.of("10.0.0.0/30", "fd00::/127")).withNodeMaskSizeIPv4(31);
        RangeAllocator allocator = new RangeAllocator(new NodeIpamConfig(config.clusterCidrs(), 31, 128,
                Optional.empty(), 1));
        List<List<String>> got = new ArrayList<>();
        got.add(allocator.allocate().orElseThrow());
        got.add(allocator.allocate().orElseThrow());
        assertThat(got).containsExactly(List.of("10.0.0.0/31", "fd00::/128"), List.of("10.0.0.2/31", "fd00::1/128"));
        assertThat(allocator.allocate()).isEmpty();
        allocator.release(List.of("10.0.0.0/31"));
        // The IPv4 subnet is free but the IPv6 range is still exhausted: nothing is taken.
        assertThat(allocator.allocate()).isEmpty();
        assertThat(allocator.isTaken("10.0.0.0/31")).isFalse();
    }

    @Test
    void theServiceRangeIsKeptOutWhenItOverlaps() {
        RangeAllocator allocator = new RangeAllocator(NodeIpamConfig.defaults()
                .withClusterCidrs(List.of("10.0.0.0/22")).withServiceCidr("10.0.0.0/24"));
        assertThat(allocator.allocate()).contains(List.of("10.0.1.0/24"));
    }
}
