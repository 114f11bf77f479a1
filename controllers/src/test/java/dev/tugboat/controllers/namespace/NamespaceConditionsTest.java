package dev.tugboat.controllers.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NamespaceConditionsTest {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant T1 = Instant.parse("2025-01-01T00:01:00Z");

    record Case(String name, Consumer<NamespaceConditions> problems, String type, String status, String reason,
                String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("without problems discovery reports success", c -> { },
                        NamespaceConditions.DISCOVERY_FAILURE, "False", "ResourcesDiscovered",
                        "All resources successfully discovered"),
                new Case("without problems no finalizer remains", c -> { },
                        NamespaceConditions.FINALIZERS_REMAINING, "False", "ContentHasNoFinalizers",
                        "All content-preserving finalizers finished"),
                new Case("a discovery failure is reported with its message",
                        c -> c.discoveryFailed("connection refused"), NamespaceConditions.DISCOVERY_FAILURE, "True",
                        "DiscoveryFailed", "connection refused"),
                new Case("content deletion failures are counted and sorted", c -> {
                    c.contentDeletionFailed("b failed");
                    c.contentDeletionFailed("a failed");
                }, NamespaceConditions.CONTENT_FAILURE, "True", "ContentDeletionFailed",
                        "Failed to delete all resource types, 2 remaining: a failed, b failed"),
                new Case("remaining resources are listed sorted, zero counts left out", c -> c.contentRemaining(
                        map("widgets.example.com", 2, "pods.", 3, "secrets.", 0), Map.of()),
                        NamespaceConditions.CONTENT_REMAINING, "True", "SomeResourcesRemain",
                        "Some resources are remaining: pods. has 3 resource instances, "
                                + "widgets.example.com has 2 resource instances"),
                new Case("remaining finalizers are listed sorted", c -> c.contentRemaining(map("pods.", 2),
                        map("z.io/f", 1, "a.io/f", 2)), NamespaceConditions.FINALIZERS_REMAINING, "True",
                        "SomeFinalizersRemain",
                        "Some content in the namespace has finalizers remaining: a.io/f in 2 resource instances, "
                                + "z.io/f in 1 resource instances"));
    }

    static Map<String, Integer> map(Object... kv) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Integer) kv[i + 1]);
        }
        return m;
    }

    static JsonNode condition(ObjectNode ns, String type) {
        for (JsonNode c : ns.path("status").path("conditions")) {
            if (c.path("type").asText().equals(type)) {
                return c;
            }
        }
        return null;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void conditionsCarryUpstreamsReasonsAndMessages(Case c) {
        NamespaceConditions conditions = new NamespaceConditions();
        c.problems().accept(conditions);
        ObjectNode ns = NamespaceConditions.emptyNamespace();

        assertThat(conditions.apply(ns, T0)).isTrue();

        JsonNode got = condition(ns, c.type());
        assertThat(got.path("status").asText()).isEqualTo(c.status());
        assertThat(got.path("reason").asText()).isEqualTo(c.reason());
        assertThat(got.path("message").asText()).isEqualTo(c.message());
        List<String> types = new ArrayList<>();
        ns.path("status").path("conditions").forEach(x -> types.add(x.path("type").asText()));
        assertThat(types).containsExactly(NamespaceConditions.DISCOVERY_FAILURE,
                NamespaceConditions.GROUP_VERSION_PARSING_FAILURE, NamespaceConditions.CONTENT_FAILURE,
                NamespaceConditions.CONTENT_REMAINING, NamespaceConditions.FINALIZERS_REMAINING);
    }

    @Test
    void unchangedConditionsAreNotRewritten() {
        ObjectNode ns = NamespaceConditions.emptyNamespace();
        new NamespaceConditions().apply(ns, T0);

        assertThat(new NamespaceConditions().apply(ns, T1)).isFalse();
        assertThat(condition(ns, NamespaceConditions.CONTENT_REMAINING).path("lastTransitionTime").asText())
                .isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void theTransitionTimeMovesOnlyWhenTheStatusChanges() {
        ObjectNode ns = NamespaceConditions.emptyNamespace();
        NamespaceConditions first = new NamespaceConditions();
        first.contentRemaining(map("pods.", 2), Map.of());
        first.apply(ns, T0);

        NamespaceConditions sameStatusOtherMessage = new NamespaceConditions();
        sameStatusOtherMessage.contentRemaining(map("pods.", 1), Map.of());
        assertThat(sameStatusOtherMessage.apply(ns, T1)).isTrue();
        assertThat(condition(ns, NamespaceConditions.CONTENT_REMAINING).path("lastTransitionTime").asText())
                .isEqualTo("2025-01-01T00:00:00Z");

        assertThat(new NamespaceConditions().apply(ns, T1)).isTrue();
        JsonNode cleared = condition(ns, NamespaceConditions.CONTENT_REMAINING);
        assertThat(cleared.path("status").asText()).isEqualTo("False");
        assertThat(cleared.path("lastTransitionTime").asText()).isEqualTo("2025-01-01T00:01:00Z");
    }

    @Test
    void otherConditionsAreKept() {
        ObjectNode ns = NamespaceConditions.emptyNamespace();
        ((ObjectNode) ns.get("status")).putArray("conditions").addObject().put("type", "SomethingElse")
                .put("status", "True");

        new NamespaceConditions().apply(ns, T0);

        assertThat(condition(ns, "SomethingElse")).isNotNull();
        assertThat(ns.path("status").path("conditions")).hasSize(6);
    }
}
