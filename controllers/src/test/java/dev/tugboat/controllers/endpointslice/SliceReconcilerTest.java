package dev.tugboat.controllers.endpointslice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.controllers.endpointslice.SliceReconciler.Endpoint;
import dev.tugboat.controllers.endpointslice.SliceReconciler.Plan;
import dev.tugboat.controllers.endpointslice.SliceReconciler.Port;
import dev.tugboat.controllers.endpointslice.SliceReconciler.Slice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SliceReconcilerTest {

    static final List<Port> HTTP = List.of(new Port("http", 8080, "TCP", ""));
    static final List<Port> OTHER = List.of(new Port("http", 9090, "TCP", ""));
    static final Map<String, String> LABELS = Map.of("kubernetes.io/service-name", "web");

    static Endpoint ep(int i, boolean ready) {
        return new Endpoint("10.0." + (i / 250) + "." + (i % 250), ready, ready, false, "n1", "", "", "ns", "p" + i,
                "uid" + i);
    }

    static List<Endpoint> eps(int from, int to) {
        List<Endpoint> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(ep(i, true));
        }
        return out;
    }

    @Test
    void nothingExistingGivesFullSlicesAndOnePartialOne() {
        Plan plan = SliceReconciler.reconcile(List.of(), Map.of(HTTP, eps(0, 250)), LABELS, 100);
        assertThat(plan.toCreate()).extracting(s -> s.endpoints().size()).containsExactly(100, 100, 50);
        assertThat(plan.toUpdate()).isEmpty();
        assertThat(plan.toDelete()).isEmpty();
    }

    @Test
    void aSettledServiceNeedsNoWrites() {
        List<Slice> existing = List.of(new Slice("web-a", HTTP, eps(0, 100), LABELS),
                new Slice("web-b", HTTP, eps(100, 130), LABELS));
        assertThat(SliceReconciler.reconcile(existing, Map.of(HTTP, eps(0, 130)), LABELS, 100).isEmpty()).isTrue();
    }

    @Test
    void aChangedEndpointRewritesOnlyItsSlice() {
        List<Slice> existing = List.of(new Slice("web-a", HTTP, eps(0, 100), LABELS),
                new Slice("web-b", HTTP, eps(100, 130), LABELS));
        List<Endpoint> desired = eps(0, 130);
        desired.set(110, ep(110, false));
        Plan plan = SliceReconciler.reconcile(existing, Map.of(HTTP, desired), LABELS, 100);
        assertThat(plan.toUpdate()).extracting(Slice::name).containsExactly("web-b");
        assertThat(plan.toUpdate().get(0).endpoints().get(10).ready()).isFalse();
        assertThat(plan.toCreate()).isEmpty();
        assertThat(plan.toDelete()).isEmpty();
    }

    @Test
    void newEndpointsFillARewrittenSliceFirstAndASmallBatchJoinsAnUntouchedSlice() {
        List<Slice> existing = List.of(new Slice("web-a", HTTP, eps(0, 100), LABELS),
                new Slice("web-b", HTTP, eps(100, 130), LABELS));
        // Five new endpoints fit into web-b whole: no new slice.
        Plan grow = SliceReconciler.reconcile(existing, Map.of(HTTP, eps(0, 135)), LABELS, 100);
        assertThat(grow.toUpdate()).extracting(Slice::name).containsExactly("web-b");
        assertThat(grow.toUpdate().get(0).endpoints()).hasSize(35);
        assertThat(grow.toCreate()).isEmpty();
        // One endpoint leaves web-a (rewritten anyway) and one arrives: it goes to web-a, web-b is untouched.
        List<Endpoint> desired = eps(1, 131);
        Plan shuffle = SliceReconciler.reconcile(existing, Map.of(HTTP, desired), LABELS, 100);
        assertThat(shuffle.toUpdate()).extracting(Slice::name).containsExactly("web-a");
        assertThat(shuffle.toUpdate().get(0).endpoints()).hasSize(100);
        assertThat(shuffle.toUpdate().get(0).endpoints().get(99).podName()).isEqualTo("p130");
    }

    @Test
    void emptiedSlicesAndSlicesOfVanishedPortSetsAreDeleted() {
        List<Slice> existing = List.of(new Slice("web-a", HTTP, eps(0, 10), LABELS),
                new Slice("web-b", HTTP, eps(10, 20), LABELS), new Slice("web-c", OTHER, eps(20, 30), LABELS));
        Plan plan = SliceReconciler.reconcile(existing, Map.of(HTTP, eps(0, 10)), LABELS, 100);
        assertThat(plan.toDelete()).containsExactlyInAnyOrder("web-b", "web-c");
        assertThat(plan.toUpdate()).isEmpty();
        assertThat(plan.toCreate()).isEmpty();
    }

    @Test
    void aServiceWithoutEndpointsKeepsOnePlaceholder() {
        Plan first = SliceReconciler.reconcile(List.of(new Slice("web-a", HTTP, eps(0, 10), LABELS)), Map.of(),
                LABELS, 100);
        assertThat(first.toDelete()).containsExactly("web-a");
        assertThat(first.toCreate()).containsExactly(new Slice("", List.of(), List.of(), LABELS));
        Plan settled = SliceReconciler.reconcile(List.of(new Slice("web-p", List.of(), List.of(), LABELS)), Map.of(),
                LABELS, 100);
        assertThat(settled.isEmpty()).isTrue();
    }

    @Test
    void changedLabelsRewriteEverySlice() {
        List<Slice> existing = List.of(new Slice("web-a", HTTP, eps(0, 10), Map.of("old", "x")));
        Plan plan = SliceReconciler.reconcile(existing, Map.of(HTTP, eps(0, 10)), LABELS, 100);
        assertThat(plan.toUpdate()).containsExactly(new Slice("web-a", HTTP, eps(0, 10), LABELS));
    }
}
