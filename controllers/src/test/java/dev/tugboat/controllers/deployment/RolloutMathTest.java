package dev.tugboat.controllers.deployment;

import static dev.tugboat.controllers.deployment.IntOrPercent.count;
import static dev.tugboat.controllers.deployment.IntOrPercent.percent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tugboat.api.meta.Json;
import dev.tugboat.controllers.deployment.RolloutMath.Fenceposts;
import dev.tugboat.controllers.deployment.RolloutMath.Scaling;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RolloutMathTest {

    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    static ReplicaSetState rs(String name, int ageRank, int replicas, int available) {
        return ReplicaSetState.of(name, T0.plusSeconds(ageRank), replicas, available, Map.of());
    }

    static ReplicaSetState rs(String name, int ageRank, int replicas, int available, int maxReplicas) {
        return ReplicaSetState.of(name, T0.plusSeconds(ageRank), replicas, available,
                Map.of(Revisions.MAX_REPLICAS, Integer.toString(maxReplicas)));
    }

    record FencepostCase(String name, IntOrPercent surge, IntOrPercent unavailable, int replicas, Fenceposts want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<FencepostCase> fenceposts() {
        return Stream.of(
                new FencepostCase("25% of 10: surge rounds up, unavailability down", percent(25), percent(25), 10,
                        new Fenceposts(3, 2)),
                new FencepostCase("25% of 1", percent(25), percent(25), 1, new Fenceposts(1, 0)),
                new FencepostCase("both rounding to zero makes unavailability 1", count(0), percent(10), 5,
                        new Fenceposts(0, 1)),
                new FencepostCase("counts are taken as they are", count(2), count(7), 3, new Fenceposts(2, 7)),
                new FencepostCase("50% of 3 and zero", percent(50), count(0), 3, new Fenceposts(2, 0)));
    }

    @ParameterizedTest
    @MethodSource("fenceposts")
    void resolvesFenceposts(FencepostCase c) {
        assertThat(RolloutMath.resolveFenceposts(c.surge(), c.unavailable(), c.replicas())).isEqualTo(c.want());
    }

    @Test
    void maxUnavailableIsCappedByReplicasAndZeroForRecreate() {
        DeploymentView d = DeploymentView.rolling(3, count(1), count(5));
        assertThat(RolloutMath.maxUnavailable(d)).isEqualTo(3);
        DeploymentView recreate = new DeploymentView("d", 1, 3, DeploymentView.Strategy.RECREATE, count(1), count(1),
                0, 10, 600, false, 0);
        assertThat(RolloutMath.maxUnavailable(recreate)).isZero();
        assertThat(RolloutMath.maxSurge(recreate)).isZero();
    }

    @Test
    void intOrPercentParsesNumbersAndPercentages() throws Exception {
        assertThat(IntOrPercent.parse(Json.parse("3".getBytes()), percent(25))).isEqualTo(count(3));
        assertThat(IntOrPercent.parse(Json.parse("\"30%\"".getBytes()), percent(25))).isEqualTo(percent(30));
        assertThat(IntOrPercent.parse(null, percent(25))).isEqualTo(percent(25));
        assertThatThrownBy(() -> IntOrPercent.parse(Json.parse("\"x\"".getBytes()), percent(25)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    record StepCase(String name, DeploymentView d, ReplicaSetState newRS, List<ReplicaSetState> old,
                    List<Scaling> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<StepCase> rollingSteps() {
        DeploymentView surgeOne = DeploymentView.rolling(4, count(1), count(0));
        DeploymentView oneEach = DeploymentView.rolling(4, count(1), count(1));
        return Stream.of(
                new StepCase("the new ReplicaSet surges by maxSurge", surgeOne, rs("new", 9, 0, 0),
                        List.of(rs("old", 0, 4, 4)), List.of(new Scaling("new", 0, 1, false))),
                new StepCase("nothing moves while the surge pod is unavailable", surgeOne, rs("new", 9, 1, 0),
                        List.of(rs("old", 0, 4, 4)), List.of()),
                new StepCase("an available new pod lets one old pod go", surgeOne, rs("new", 9, 1, 1),
                        List.of(rs("old", 0, 4, 4)), List.of(new Scaling("old", 4, 3, false))),
                new StepCase("unavailable old replicas are removed first, oldest ReplicaSet first", oneEach,
                        rs("new", 9, 0, 0), List.of(rs("older", 0, 2, 0), rs("old", 1, 3, 3)),
                        List.of(new Scaling("older", 2, 0, false))),
                new StepCase("maxUnavailable lets old pods go before new ones exist", oneEach, rs("new", 9, 1, 0),
                        List.of(rs("old", 0, 4, 4)), List.of(new Scaling("old", 4, 3, false))),
                new StepCase("a new ReplicaSet larger than the Deployment shrinks to it", surgeOne, rs("new", 9, 6, 6),
                        List.of(), List.of(new Scaling("new", 6, 4, false))),
                new StepCase("the last old pods go once the new ones are available", surgeOne, rs("new", 9, 4, 4),
                        List.of(rs("old", 0, 1, 1), rs("empty", 1, 0, 0)), List.of(new Scaling("old", 1, 0, false))),
                new StepCase("a finished rollout does nothing", surgeOne, rs("new", 9, 4, 4),
                        List.of(rs("old", 0, 0, 0)), List.of()));
    }

    @ParameterizedTest
    @MethodSource("rollingSteps")
    void rollingStep(StepCase c) {
        assertThat(RolloutMath.rollingStep(c.d(), c.newRS(), c.old())).isEqualTo(c.want());
    }

    @Test
    void theNewReplicaSetGrowsOnlyAsFarAsTheSurgeAllows() {
        DeploymentView d = DeploymentView.rolling(10, percent(25), percent(25));
        // max 13 pods: 10 old + 0 new leaves room for 3.
        assertThat(RolloutMath.newReplicaSetReplicas(d, List.of(rs("old", 0, 10, 10), rs("new", 1, 0, 0)), 0))
                .isEqualTo(3);
        assertThat(RolloutMath.newReplicaSetReplicas(d, List.of(rs("old", 0, 2, 2), rs("new", 1, 9, 9)), 9))
                .isEqualTo(10);
        assertThat(RolloutMath.newReplicaSetReplicas(d, List.of(rs("old", 0, 11, 10), rs("new", 1, 2, 0)), 2))
                .isEqualTo(2);
    }

    @Test
    void scalingMidRolloutIsSharedInProportionLargestFirst() {
        // 10 replicas with maxSurge 3 made 13 pods: 8 old, 5 new. Scaled to 20 (max 23): +10 in proportion.
        DeploymentView d = DeploymentView.rolling(20, count(3), count(2));
        List<Scaling> up = RolloutMath.scale(d, rs("new", 9, 5, 0, 13), List.of(rs("old", 0, 8, 8, 13)));
        assertThat(up).containsExactly(new Scaling("old", 8, 14, true), new Scaling("new", 5, 9, true));

        DeploymentView down = d.withReplicas(5);
        assertThat(RolloutMath.scale(down, rs("new", 9, 5, 0, 13), List.of(rs("old", 0, 8, 8, 13))))
                .containsExactly(new Scaling("old", 8, 5, true), new Scaling("new", 5, 3, true));

        assertThat(RolloutMath.scale(d.withReplicas(0), rs("new", 9, 5, 0, 13), List.of(rs("old", 0, 8, 8, 13))))
                .containsExactly(new Scaling("old", 8, 0, true), new Scaling("new", 5, 0, true));
    }

    @Test
    void roundingLeftoversGoToTheLargestReplicaSet() {
        // Three equal ReplicaSets of 1 (max 3) scaled to 4 (max 4 with no surge): each fraction rounds 1.33 to 1
        // -> +0, so the one leftover goes to the first (the newest, when growing).
        DeploymentView d = DeploymentView.rolling(4, count(0), count(1));
        List<Scaling> s = RolloutMath.scale(d, rs("c", 2, 1, 1, 3), List.of(rs("a", 0, 1, 1, 3), rs("b", 1, 1, 1, 3)));
        assertThat(s).containsExactly(new Scaling("c", 1, 2, true), new Scaling("b", 1, 1, true),
                new Scaling("a", 1, 1, true));
    }

    @Test
    void aLoneActiveReplicaSetTakesTheNewSizeAndASaturatedNewOneRetiresTheOld() {
        DeploymentView d = DeploymentView.rolling(5, percent(25), percent(25));
        assertThat(RolloutMath.scale(d, rs("new", 9, 3, 3), List.of(rs("old", 0, 0, 0))))
                .containsExactly(new Scaling("new", 3, 5, false));
        assertThat(RolloutMath.scale(d, null, List.of(rs("old", 0, 0, 0), rs("older", -1, 0, 0))))
                .containsExactly(new Scaling("old", 0, 5, false));
        ReplicaSetState saturated = ReplicaSetState.of("new", T0.plusSeconds(9), 5, 5,
                Map.of(Revisions.DESIRED_REPLICAS, "5"));
        assertThat(RolloutMath.scale(d, saturated, List.of(rs("old", 0, 2, 2))))
                .containsExactly(new Scaling("old", 2, 0, false));
    }

    @Test
    void cleanupDeletesTheLowestRevisionsBeyondTheLimitThatAreScaledDown() {
        DeploymentView d = new DeploymentView("d", 1, 1, DeploymentView.Strategy.ROLLING_UPDATE, count(1), count(0),
                0, 1, 600, false, 0);
        ReplicaSetState r1 = ReplicaSetState.of("r1", T0, 0, 0, Map.of(Revisions.REVISION, "1"));
        ReplicaSetState r2 = ReplicaSetState.of("r2", T0.plusSeconds(1), 1, 1, Map.of(Revisions.REVISION, "2"));
        ReplicaSetState r3 = ReplicaSetState.of("r3", T0.plusSeconds(2), 0, 0, Map.of(Revisions.REVISION, "3"));
        assertThat(RolloutMath.toCleanUp(d, List.of(r3, r2, r1))).extracting(ReplicaSetState::name)
                .containsExactly("r1");
        assertThat(RolloutMath.toCleanUp(d, List.of(r3))).isEmpty();
    }
}
