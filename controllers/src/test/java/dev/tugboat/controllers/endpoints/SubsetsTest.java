package dev.tugboat.controllers.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.controllers.endpoints.Subsets.Address;
import dev.tugboat.controllers.endpoints.Subsets.Entry;
import dev.tugboat.controllers.endpoints.Subsets.Port;
import dev.tugboat.controllers.endpoints.Subsets.Subset;
import dev.tugboat.controllers.endpoints.Subsets.TargetRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubsetsTest {

    static Address addr(String ip) {
        return new Address(ip, "", "n1", new TargetRef("ns", "pod-" + ip, "uid-" + ip));
    }

    static final Port HTTP = new Port("http", 8080, "TCP", "");
    static final Port HTTP_9090 = new Port("http", 9090, "TCP", "");
    static final Port METRICS = new Port("metrics", 9100, "TCP", "");

    @Test
    void addressesWithTheSamePortsShareASubsetSortedByIp() {
        List<Subset> s = Subsets.repack(List.of(
                new Entry(addr("10.0.0.2"), HTTP, true), new Entry(addr("10.0.0.1"), HTTP, true),
                new Entry(addr("10.0.0.3"), HTTP, false)));
        assertThat(s).containsExactly(new Subset(List.of(addr("10.0.0.1"), addr("10.0.0.2")),
                List.of(addr("10.0.0.3")), List.of(HTTP)));
    }

    @Test
    void aNamedPortResolvingDifferentlySplitsTheSubsets() {
        List<Subset> s = Subsets.repack(List.of(
                new Entry(addr("10.0.0.1"), HTTP, true), new Entry(addr("10.0.0.1"), METRICS, true),
                new Entry(addr("10.0.0.2"), HTTP_9090, true), new Entry(addr("10.0.0.2"), METRICS, true)));
        assertThat(s).containsExactly(
                new Subset(List.of(addr("10.0.0.1")), List.of(), List.of(HTTP, METRICS)),
                new Subset(List.of(addr("10.0.0.2")), List.of(), List.of(HTTP_9090, METRICS)));
    }

    @Test
    void theOrderOfTheInputDoesNotMatterAndJsonRoundTrips() {
        List<Entry> entries = new ArrayList<>(List.of(
                new Entry(addr("10.0.0.5"), HTTP, false), new Entry(addr("10.0.0.1"), METRICS, true),
                new Entry(addr("10.0.0.1"), HTTP, true), new Entry(addr("10.0.0.7"), HTTP, true)));
        List<Subset> a = Subsets.repack(entries);
        java.util.Collections.reverse(entries);
        assertThat(Subsets.repack(entries)).isEqualTo(a);
        assertThat(Subsets.fromJson(Subsets.toJson(a))).isEqualTo(a);
    }

    @Test
    void aHeadlessServiceWithoutPortsListsAddressesOnly() {
        List<Subset> s = Subsets.repack(List.of(new Entry(addr("10.0.0.1"), null, true)));
        assertThat(s).containsExactly(new Subset(List.of(addr("10.0.0.1")), List.of(), List.of()));
        assertThat(Subsets.fromJson(Subsets.toJson(s))).isEqualTo(s);
    }

    static List<Entry> many(String prefix, int n, Port port, boolean ready) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Entry(addr(prefix + (i / 250) + "." + (i % 250)), port, ready));
        }
        return out;
    }

    @Test
    void withinCapacityNothingIsCut() {
        List<Subset> s = Subsets.repack(many("10.1.", 1000, HTTP, true));
        assertThat(Subsets.truncate(s)).isSameAs(s);
    }

    @Test
    void notReadyAddressesAreCutFirst() {
        List<Entry> entries = many("10.1.", 900, HTTP, true);
        entries.addAll(many("10.2.", 300, HTTP, false));
        List<Subset> cut = Subsets.truncate(Subsets.repack(entries));
        assertThat(Subsets.size(cut)).isEqualTo(1000);
        assertThat(cut.get(0).addresses()).hasSize(900);
        assertThat(cut.get(0).notReadyAddresses()).hasSize(100);
    }

    @Test
    void tooManyReadyAddressesAreCutInProportionAndNotReadyOnesDropped() {
        List<Entry> entries = many("10.1.", 900, HTTP, true);
        entries.addAll(many("10.2.", 300, METRICS, true));
        entries.addAll(many("10.3.", 10, METRICS, false));
        List<Subset> cut = Subsets.truncate(Subsets.repack(entries));
        assertThat(Subsets.size(cut)).isEqualTo(1000);
        assertThat(cut.get(0).ports()).containsExactly(HTTP);
        assertThat(cut.get(0).addresses()).hasSize(750);
        assertThat(cut.get(1).addresses()).hasSize(250);
        assertThat(cut.get(1).notReadyAddresses()).isEmpty();
    }
}
