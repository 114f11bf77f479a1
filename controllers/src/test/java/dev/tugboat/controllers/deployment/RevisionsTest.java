package dev.tugboat.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevisionsTest {

    @Test
    void aNewReplicaSetGetsTheRevisionTheReplicaCountsAndTheDeploymentsAnnotations() {
        Map<String, String> rs = new HashMap<>();
        Map<String, String> deployment = Map.of("kubernetes.io/change-cause", "kubectl set image",
                "kubectl.kubernetes.io/last-applied-configuration", "{}", Revisions.REVISION, "7");
        assertThat(Revisions.setNewReplicaSetAnnotations(deployment, rs, 3, false, 4, 5)).isTrue();
        assertThat(rs).containsExactlyInAnyOrderEntriesOf(Map.of("kubernetes.io/change-cause", "kubectl set image",
                Revisions.REVISION, "3", Revisions.DESIRED_REPLICAS, "4", Revisions.MAX_REPLICAS, "5"));
        assertThat(Revisions.setNewReplicaSetAnnotations(deployment, rs, 3, true, 4, 5)).isFalse();
    }

    @Test
    void aRollbackRaisesTheRevisionAndKeepsTheOldOnesInTheHistory() {
        Map<String, String> rs = new HashMap<>(Map.of(Revisions.REVISION, "1"));
        assertThat(Revisions.setNewReplicaSetAnnotations(Map.of(), rs, 3, true, 0, 0)).isTrue();
        assertThat(rs).containsEntry(Revisions.REVISION, "3").containsEntry(Revisions.REVISION_HISTORY, "1");
        Revisions.setNewReplicaSetAnnotations(Map.of(), rs, 5, true, 0, 0);
        assertThat(rs).containsEntry(Revisions.REVISION, "5").containsEntry(Revisions.REVISION_HISTORY, "1,3");
    }

    @Test
    void aHigherRevisionIsNeverLowered() {
        Map<String, String> rs = new HashMap<>(Map.of(Revisions.REVISION, "9"));
        assertThat(Revisions.setNewReplicaSetAnnotations(Map.of(), rs, 4, true, 0, 0)).isFalse();
        assertThat(rs).containsEntry(Revisions.REVISION, "9").doesNotContainKey(Revisions.REVISION_HISTORY);
    }

    @Test
    void theMaximumRevisionIgnoresMissingAndMalformedOnes() {
        assertThat(Revisions.maxRevision(List.of(Map.of(Revisions.REVISION, "2"), Map.of(),
                Map.of(Revisions.REVISION, "x"), Map.of(Revisions.REVISION, "11")))).isEqualTo(11);
        assertThat(Revisions.maxRevision(List.of())).isZero();
    }

    @Test
    void replicaAnnotationsAreRewrittenOnlyWhenTheyDiffer() {
        Map<String, String> rs = new HashMap<>();
        assertThat(Revisions.setReplicasAnnotations(rs, 3, 4)).isTrue();
        assertThat(Revisions.replicasAnnotationsNeedUpdate(rs, 3, 4)).isFalse();
        assertThat(Revisions.setReplicasAnnotations(rs, 3, 4)).isFalse();
        assertThat(Revisions.replicasAnnotationsNeedUpdate(rs, 5, 7)).isTrue();
    }
}
