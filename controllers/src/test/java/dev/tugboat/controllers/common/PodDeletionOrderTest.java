package dev.tugboat.controllers.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PodDeletionOrderTest {

    /** A pod built up by the case: name, node, phase, readiness since, creation time, restarts, cost. */
    static final class P {
        final ObjectNode pod = Json.object();

        P(String name) {
            pod.putObject("metadata").put("name", name).put("uid", name)
                    .put("creationTimestamp", "2024-01-01T00:00:00Z");
            pod.putObject("spec");
            pod.putObject("status").put("phase", "Running");
        }

        P node(String n) {
            ((ObjectNode) pod.get("spec")).put("nodeName", n);
            return this;
        }

        P phase(String p) {
            ((ObjectNode) pod.get("status")).put("phase", p);
            return this;
        }

        P readySince(String t) {
            ((ObjectNode) pod.get("status")).putArray("conditions").addObject().put("type", "Ready")
                    .put("status", "True").put("lastTransitionTime", t);
            return this;
        }

        P created(String t) {
            Meta.mutableMetadata(pod).put("creationTimestamp", t);
            return this;
        }

        P restarts(int n) {
            ((ObjectNode) pod.get("status")).putArray("containerStatuses").addObject().put("restartCount", n);
            return this;
        }

        P cost(int c) {
            Meta.mutableMetadata(pod).putObject("annotations").put(PodDeletionOrder.DELETION_COST, String.valueOf(c));
            return this;
        }
    }

    record Case(String name, List<P> pods, List<P> related, int count, List<String> wantVictims) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("an unassigned pod goes before an assigned one",
                        List.of(new P("a").node("n1"), new P("b")), List.of(), 1, List.of("b")),
                new Case("pending goes before unknown, unknown before running",
                        List.of(new P("run").node("n"), new P("unk").node("n").phase("Unknown"),
                                new P("pend").node("n").phase("Pending")), List.of(), 2, List.of("pend", "unk")),
                new Case("a not-ready pod goes before a ready one",
                        List.of(new P("ready").node("n").readySince("2024-01-01T00:00:00Z"), new P("unready").node("n")),
                        List.of(), 1, List.of("unready")),
                new Case("a lower deletion cost goes first",
                        List.of(new P("cheap").node("n").cost(-5), new P("dear").node("n").cost(10), new P("plain").node("n")),
                        List.of(), 2, List.of("cheap", "plain")),
                new Case("a pod doubled up on a node goes before a lone one",
                        List.of(new P("lone").node("n1"), new P("crowded").node("n2")),
                        List.of(new P("lone").node("n1"), new P("crowded").node("n2"), new P("sib1").node("n2"),
                                new P("sib2").node("n2")), 1, List.of("crowded")),
                new Case("of two ready pods the more recently ready goes first",
                        List.of(new P("old").node("n").readySince("2024-01-01T00:00:00Z"),
                                new P("new").node("n").readySince("2024-01-02T00:00:00Z")), List.of(), 1, List.of("new")),
                new Case("more restarts go first",
                        List.of(new P("calm").node("n").restarts(0), new P("flappy").node("n").restarts(7)),
                        List.of(), 1, List.of("flappy")),
                new Case("a newer pod goes before an older one",
                        List.of(new P("old").node("n").created("2024-01-01T00:00:00Z"),
                                new P("new").node("n").created("2024-03-01T00:00:00Z")), List.of(), 1, List.of("new")),
                new Case("asking for all of them returns all",
                        List.of(new P("a"), new P("b")), List.of(), 5, List.of("a", "b")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void victims(Case c) {
        List<JsonNode> pods = c.pods().stream().map(p -> (JsonNode) p.pod).toList();
        List<JsonNode> related = c.related().stream().map(p -> (JsonNode) p.pod).toList();
        assertThat(PodDeletionOrder.victims(pods, related, c.count())).extracting(Meta::name)
                .containsExactlyElementsOf(c.wantVictims());
    }
}
