package dev.tugboat.scheduler.cache;

import static dev.tugboat.scheduler.Objects.json;
import static dev.tugboat.scheduler.Objects.node;
import static dev.tugboat.scheduler.Objects.pod;
import static dev.tugboat.scheduler.Objects.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.scheduler.framework.NamespaceLabels;
import dev.tugboat.scheduler.framework.NodeInfo;
import dev.tugboat.scheduler.framework.PodInfo;
import dev.tugboat.scheduler.framework.Snapshot;
import org.junit.jupiter.api.Test;

/** Assumed pods and the generation-based incremental snapshot. */
class SchedulerCacheTest {

    final SchedulerCache cache = new SchedulerCache();
    final Snapshot snapshot = new Snapshot(NamespaceLabels.NONE);

    @Test
    void assumedPodsCountAtOnceAndAreForgottenOrConfirmed() {
        cache.addOrUpdateNode(node("n1", "4", "8Gi", 110));
        PodInfo p = PodInfo.from(pod("ns", "p", "1", null)).withNodeName("n1");
        cache.assumePod(p);
        cache.updateSnapshot(snapshot);
        assertThat(snapshot.get("n1").requested().milliCpu).isEqualTo(1000);
        cache.forgetPod(p);
        cache.updateSnapshot(snapshot);
        assertThat(snapshot.get("n1").requested().milliCpu).isZero();

        cache.assumePod(p);
        cache.addOrUpdatePod(p);
        assertThat(cache.isAssumed(p.key())).isFalse();
        cache.forgetPod(p);
        cache.updateSnapshot(snapshot);
        assertThat(snapshot.get("n1").pods()).hasSize(1);
    }

    @Test
    void theSnapshotCopiesOnlyChangedNodes() {
        cache.addOrUpdateNode(node("n1", "4", "8Gi", 110));
        cache.addOrUpdateNode(node("n2", "4", "8Gi", 110));
        cache.updateSnapshot(snapshot);
        NodeInfo n1 = snapshot.get("n1");
        NodeInfo n2 = snapshot.get("n2");
        cache.addOrUpdatePod(PodInfo.from(pod("ns", "p", "1", null)).withNodeName("n2"));
        cache.updateSnapshot(snapshot);
        assertThat(snapshot.get("n1")).isSameAs(n1);
        assertThat(snapshot.get("n2")).isNotSameAs(n2);
        assertThat(n2.pods()).as("the old copy is untouched").isEmpty();
        assertThat(snapshot.nodes()).extracting(NodeInfo::name).containsExactly("n1", "n2");
    }

    @Test
    void nodesComeAndGoAndAffinityListsFollowPods() {
        cache.addOrUpdateNode(node("n1", "4", "8Gi", 110));
        cache.updateSnapshot(snapshot);
        ObjectNode anti = pod("ns", "a", null, null);
        spec(anti).set("affinity", json("{'podAntiAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':"
                + "[{'labelSelector':{},'topologyKey':'zone'}]}}"));
        cache.addOrUpdatePod(PodInfo.from(anti).withNodeName("n1"));
        cache.addOrUpdateNode(node("n2", "4", "8Gi", 110));
        cache.updateSnapshot(snapshot);
        assertThat(snapshot.nodes()).hasSize(2);
        assertThat(snapshot.havePodsWithRequiredAntiAffinity()).extracting(NodeInfo::name).containsExactly("n1");
        cache.removeNode("n2");
        cache.removePod("ns/a");
        cache.updateSnapshot(snapshot);
        assertThat(snapshot.nodes()).extracting(NodeInfo::name).containsExactly("n1");
        assertThat(snapshot.havePodsWithRequiredAntiAffinity()).isEmpty();
    }
}
