package dev.tugboat.controllers.disruption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The PodDisruptionBudget arithmetic. */
class BudgetsTest {

    record Case(String name, String spec, int pods, int scale, int wantExpected, int wantDesired) {
        @Override
        public String toString() {
            return name;
        }
    }

    static JsonNode json(String s) {
        try {
            return Json.parse(s.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("an integer minAvailable counts the pods, not the scale", "{'minAvailable':2}", 3, 10, 3, 2),
                new Case("a percentage minAvailable rounds up against the scale", "{'minAvailable':'50%'}", 3, 5, 5, 3),
                new Case("an integer maxUnavailable is taken from the scale", "{'maxUnavailable':1}", 3, 4, 4, 3),
                new Case("a percentage maxUnavailable rounds up", "{'maxUnavailable':'30%'}", 3, 5, 5, 3),
                new Case("maxUnavailable beyond the scale leaves nothing desired", "{'maxUnavailable':7}", 3, 4, 4, 0),
                new Case("100% minAvailable wants every pod", "{'minAvailable':'100%'}", 3, 3, 3, 3),
                new Case("neither field expects nothing", "{}", 3, 3, 0, 0));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void desired(Case c) {
        Budgets.Desired d = Budgets.desired(json(c.spec()), c.pods(), c::scale);
        assertThat(d).isEqualTo(new Budgets.Desired(c.wantExpected(), c.wantDesired()));
    }

    @Test
    void anIntegerMinAvailableNeverAsksForTheScale() {
        Budgets.desired(json("{'minAvailable':1}"), 2, () -> {
            throw new AssertionError("scale asked for");
        });
    }

    @Test
    void scaledValuesRoundAsUpstream() {
        assertThat(Budgets.scaled(json("'25%'"), 10, true)).isEqualTo(3);
        assertThat(Budgets.scaled(json("'25%'"), 10, false)).isEqualTo(2);
        assertThat(Budgets.scaled(json("'0%'"), 10, true)).isZero();
        assertThat(Budgets.scaled(json("5"), 10, true)).isEqualTo(5);
        assertThatThrownBy(() -> Budgets.scaled(json("'5'"), 10, true))
                .hasMessageContaining("string is not a percentage");
    }

    @Test
    void disruptionsAllowedAreTheHealthyBeyondTheDesiredAndNoneWithoutExpectedPods() {
        assertThat(Budgets.disruptionsAllowed(3, 2, 3)).isEqualTo(1);
        assertThat(Budgets.disruptionsAllowed(2, 2, 3)).isZero();
        assertThat(Budgets.disruptionsAllowed(1, 2, 3)).isZero();
        assertThat(Budgets.disruptionsAllowed(3, 0, 0)).isZero();
    }

    static ObjectNode pod(String name, boolean ready, boolean deleting) {
        ObjectNode p = Json.object();
        ObjectNode meta = p.putObject("metadata").put("name", name);
        if (deleting) {
            meta.put("deletionTimestamp", "2025-01-01T00:00:00Z");
        }
        p.putObject("status").putArray("conditions").addObject().put("type", "Ready").put("status", ready ? "True" : "False");
        return p;
    }

    @Test
    void disruptedPodsAreDroppedWhenGoneDeletingOrTimedOutAndTheRestDoNotCountAsHealthy() {
        Instant now = Instant.parse("2025-01-01T00:10:00Z");
        JsonNode recorded = json("{'pending':'2025-01-01T00:09:00Z','old':'2025-01-01T00:07:00Z',"
                + "'deleting':'2025-01-01T00:09:30Z','gone':'2025-01-01T00:09:30Z'}");
        List<ObjectNode> pods = List.of(pod("pending", true, false), pod("old", true, false),
                pod("deleting", true, true), pod("healthy", true, false), pod("unready", false, false));
        Budgets.Disrupted d = Budgets.disrupted(recorded, pods, now, Duration.ofMinutes(2));
        assertThat(d.pending()).isEqualTo(Map.of("pending", "2025-01-01T00:09:00Z"));
        assertThat(d.expired()).containsExactly("old");
        assertThat(d.recheckAt()).contains(Instant.parse("2025-01-01T00:11:00Z"));
        // healthy and old count; pending is about to go, deleting is going, unready is not ready.
        assertThat(Budgets.currentHealthy(pods, d.pending())).isEqualTo(2);
    }
}
