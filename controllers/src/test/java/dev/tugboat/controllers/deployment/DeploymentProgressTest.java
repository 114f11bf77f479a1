package dev.tugboat.controllers.deployment;

import static dev.tugboat.controllers.deployment.IntOrPercent.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.controllers.deployment.DeploymentStatus.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeploymentProgressTest {

    static final Instant NOW = Instant.parse("2024-01-01T00:10:00Z");
    static final DeploymentView D = DeploymentView.rolling(3, count(1), count(1));
    static final DeploymentStatus EMPTY = new DeploymentStatus(0, 0, 0, 0, 0, 0, List.of(), null);

    static ReplicaSetState rs(String name, int replicas, int available) {
        return ReplicaSetState.of(name, NOW, replicas, available, Map.of());
    }

    static Condition progressing(String reason, String since) {
        return new Condition("Progressing", "True", since, since, reason, "x");
    }

    @Test
    void countsAndAvailability() {
        ReplicaSetState newRS = rs("new", 2, 1);
        DeploymentStatus s = DeploymentProgress.calculate(D, EMPTY, List.of(rs("old", 2, 2), newRS), newRS, NOW);
        assertThat(s).extracting(DeploymentStatus::observedGeneration, DeploymentStatus::replicas,
                DeploymentStatus::updatedReplicas, DeploymentStatus::availableReplicas,
                DeploymentStatus::unavailableReplicas).containsExactly(1L, 4, 2, 3, 1);
        assertThat(s.condition("Available").orElseThrow()).extracting(Condition::status, Condition::reason,
                Condition::message).containsExactly("True", "MinimumReplicasAvailable",
                "Deployment has minimum availability.");
        DeploymentStatus low = DeploymentProgress.calculate(D, s, List.of(rs("new", 3, 1)), rs("new", 3, 1), NOW);
        assertThat(low.condition("Available").orElseThrow()).extracting(Condition::status, Condition::reason)
                .containsExactly("False", "MinimumReplicasUnavailable");
    }

    @Test
    void aCompleteRolloutSaysItsReplicaSetSuccessfullyProgressed() {
        ReplicaSetState newRS = rs("web-abc", 3, 3);
        DeploymentStatus s = DeploymentProgress.rolloutStatus(D, EMPTY.withConditions(List.of(
                progressing("ReplicaSetUpdated", "2024-01-01T00:09:00Z"))), List.of(newRS), newRS, NOW);
        assertThat(DeploymentProgress.complete(D, s)).isTrue();
        Condition p = s.condition("Progressing").orElseThrow();
        assertThat(p.reason()).isEqualTo("NewReplicaSetAvailable");
        assertThat(p.message()).isEqualTo("ReplicaSet \"web-abc\" has successfully progressed.");
        assertThat(p.lastTransitionTime()).isEqualTo("2024-01-01T00:09:00Z");
        // Settled: the same inputs give the same status (no write).
        assertThat(DeploymentProgress.rolloutStatus(D, s, List.of(newRS), newRS, NOW.plusSeconds(60))).isEqualTo(s);
    }

    @Test
    void progressRefreshesLastUpdateTimeButKeepsTheTransitionTime() {
        DeploymentStatus before = new DeploymentStatus(1, 3, 1, 1, 1, 2,
                List.of(progressing("ReplicaSetUpdated", "2024-01-01T00:00:00Z")), null);
        ReplicaSetState newRS = rs("web-abc", 2, 2);
        DeploymentStatus s = DeploymentProgress.rolloutStatus(D, before, List.of(rs("old", 1, 1), newRS), newRS, NOW);
        Condition p = s.condition("Progressing").orElseThrow();
        assertThat(p.reason()).isEqualTo("ReplicaSetUpdated");
        assertThat(p.message()).isEqualTo("ReplicaSet \"web-abc\" is progressing.");
        assertThat(p.lastUpdateTime()).isEqualTo("2024-01-01T00:10:00Z");
        assertThat(p.lastTransitionTime()).isEqualTo("2024-01-01T00:00:00Z");
    }

    @Test
    void noProgressPastTheDeadlineTimesOut() {
        DeploymentView d = new DeploymentView("web", 1, 3, DeploymentView.Strategy.ROLLING_UPDATE, count(1), count(1),
                0, 10, 60, false, 0);
        ReplicaSetState newRS = rs("web-abc", 1, 0);
        List<ReplicaSetState> all = List.of(rs("old", 3, 3), newRS);
        DeploymentStatus stuck = DeploymentProgress.calculate(d, EMPTY, all, newRS, NOW)
                .withCondition(progressing("ReplicaSetUpdated", "2024-01-01T00:09:30Z"));
        assertThat(DeploymentProgress.rolloutStatus(d, stuck, all, newRS, NOW)).isEqualTo(stuck);
        assertThat(DeploymentProgress.checkAgainIn(d, stuck, NOW)).contains(Duration.ofSeconds(31));

        DeploymentStatus late = DeploymentProgress.rolloutStatus(d, stuck, all, newRS, NOW.plusSeconds(31));
        Condition p = late.condition("Progressing").orElseThrow();
        assertThat(p).extracting(Condition::status, Condition::reason, Condition::message)
                .containsExactly("False", "ProgressDeadlineExceeded", "ReplicaSet \"web-abc\" has timed out progressing.");
        assertThat(DeploymentProgress.checkAgainIn(d, late, NOW.plusSeconds(40))).isEmpty();
    }

    @Test
    void pausingAndResumingSetUnknownProgress() {
        DeploymentView paused = new DeploymentView("web", 1, 3, DeploymentView.Strategy.ROLLING_UPDATE, count(1),
                count(1), 0, 10, 600, true, 0);
        DeploymentStatus p = DeploymentProgress.pausedConditions(paused, EMPTY, NOW).orElseThrow();
        assertThat(p.condition("Progressing").orElseThrow()).extracting(Condition::status, Condition::reason,
                Condition::message).containsExactly("Unknown", "DeploymentPaused", "Deployment is paused");
        assertThat(DeploymentProgress.pausedConditions(paused, p, NOW)).isEmpty();
        DeploymentStatus r = DeploymentProgress.pausedConditions(D, p, NOW).orElseThrow();
        assertThat(r.condition("Progressing").orElseThrow()).extracting(Condition::reason, Condition::message)
                .containsExactly("DeploymentResumed", "Deployment is resumed");
        assertThat(DeploymentProgress.pausedConditions(D, r, NOW)).isEqualTo(Optional.empty());
    }

    @Test
    void aReplicaSetFailureBecomesADeploymentCondition() {
        Condition failure = new Condition("ReplicaFailure", "True", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z",
                "FailedCreate", "pods \"x\" is forbidden: exceeded quota");
        ReplicaSetState newRS = new ReplicaSetState("new", "u", NOW, 3, 0, 0, 0, Map.of(), 1, 1, false,
                Optional.of(failure));
        DeploymentStatus s = DeploymentProgress.rolloutStatus(D, EMPTY, List.of(newRS), newRS, NOW);
        assertThat(s.condition("ReplicaFailure")).contains(failure);
        ReplicaSetState fixed = rs("new", 3, 0);
        assertThat(DeploymentProgress.rolloutStatus(D, s, List.of(fixed), fixed, NOW).condition("ReplicaFailure"))
                .isEmpty();
    }
}
