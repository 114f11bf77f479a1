package dev.tugboat.simnode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AddressPoolTest {

    private static AddressPool pool(String cidr) {
        return new AddressPool(Ipv4Cidr.parse(cidr).orElseThrow());
    }

    @Test
    void handsOutUniqueAddressesSkippingNetworkGatewayAndBroadcast() {
        AddressPool p = pool("10.244.3.0/24");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 253; i++) {
            seen.add(p.allocate("pod-" + i).orElseThrow());
        }
        assertThat(seen).hasSize(253).doesNotContain("10.244.3.0", "10.244.3.1", "10.244.3.255")
                .contains("10.244.3.2", "10.244.3.254");
        assertThat(p.allocate("one-too-many")).isEmpty();
    }

    @Test
    void anOwnerKeepsItsAddressAndAReleasedAddressIsNotReusedAtOnce() {
        AddressPool p = pool("10.0.0.0/29");
        String a = p.allocate("a").orElseThrow();
        assertThat(p.allocate("a")).contains(a);
        p.release("a");
        assertThat(p.allocate("b")).isNotEqualTo(Optional.of(a));
        assertThat(p.addressOf("a")).isEmpty();
    }

    @Test
    void reservingRespectsOtherOwnersAndTheRange() {
        AddressPool p = pool("10.0.0.0/24");
        assertThat(p.reserve("a", "10.0.0.9")).isTrue();
        assertThat(p.reserve("b", "10.0.0.9")).isFalse();
        assertThat(p.reserve("b", "10.0.0.1")).isFalse();
        assertThat(p.reserve("b", "10.0.1.9")).isFalse();
        assertThat(p.reserve("a", "10.0.0.9")).isTrue();
        for (int i = 0; i < 252; i++) {
            assertThat(p.allocate("x" + i)).isPresent().get().isNotEqualTo("10.0.0.9");
        }
    }

    @Test
    void parsesOnlyIpv4Cidrs() {
        assertThat(Ipv4Cidr.parse("10.244.0.0/16")).isPresent();
        assertThat(Ipv4Cidr.parse("10.244.1.7/24").orElseThrow().toString()).isEqualTo("10.244.1.0/24");
        assertThat(Ipv4Cidr.parse("fd00::/64")).isEmpty();
        assertThat(Ipv4Cidr.parse("10.244.0.0")).isEmpty();
        assertThat(Ipv4Cidr.parse("300.1.1.1/24")).isEmpty();
    }
}
