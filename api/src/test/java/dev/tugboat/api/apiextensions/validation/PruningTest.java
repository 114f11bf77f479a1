package dev.tugboat.api.apiextensions.validation;

import static dev.tugboat.api.apiextensions.validation.Fixtures.APP;
import static dev.tugboat.api.apiextensions.validation.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PruningTest {

    record Case(String name, String in, String out, List<String> pruned) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("root type and object metadata are kept even though the schema omits them",
                        "{\"apiVersion\":\"a/v1\",\"kind\":\"App\",\"metadata\":{\"name\":\"x\",\"whatever\":1}}",
                        "{\"apiVersion\":\"a/v1\",\"kind\":\"App\",\"metadata\":{\"name\":\"x\",\"whatever\":1}}",
                        List.of()),
                new Case("unknown fields at every level are removed and reported sorted",
                        "{\"zeta\":1,\"spec\":{\"bogus\":true,\"replicas\":2,\"ports\":[{\"name\":\"a\",\"extra\":1}]}}",
                        "{\"spec\":{\"replicas\":2,\"ports\":[{\"name\":\"a\"}]}}",
                        List.of("spec.bogus", "spec.ports[0].extra", "zeta")),
                new Case("additional properties follow their schema and join keys with a dot",
                        "{\"spec\":{\"limits\":{\"cpu\":{\"max\":4,\"min\":1}}}}",
                        "{\"spec\":{\"limits\":{\"cpu\":{\"max\":4}}}}",
                        List.of("spec.limits.cpu.min")),
                new Case("a preserved subtree keeps unknown fields but prunes inside known properties",
                        "{\"spec\":{\"config\":{\"free\":{\"x\":1},\"known\":{\"a\":\"y\",\"b\":2}}}}",
                        "{\"spec\":{\"config\":{\"free\":{\"x\":1},\"known\":{\"a\":\"y\"}}}}",
                        List.of("spec.config.known.b")),
                new Case("an embedded resource keeps its type and metadata and drops unknown metadata fields",
                        "{\"spec\":{\"template\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\","
                                + "\"labels\":{\"a\":\"b\"},\"bogus\":1,\"annotations\":{}},\"spec\":{\"any\":1},"
                                + "\"status\":{}}}}",
                        "{\"spec\":{\"template\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\","
                                + "\"labels\":{\"a\":\"b\"}},\"spec\":{\"any\":1}}}}",
                        List.of("spec.template.status", "spec.template.metadata.bogus")),
                new Case("embedded metadata timestamps are normalised and owner references completed",
                        "{\"spec\":{\"template\":{\"metadata\":{\"creationTimestamp\":null,"
                                + "\"deletionTimestamp\":\"2024-05-01T12:00:00.5+02:00\","
                                + "\"ownerReferences\":[{\"name\":\"o\",\"extra\":1}]}}}}",
                        "{\"spec\":{\"template\":{\"metadata\":{\"deletionTimestamp\":\"2024-05-01T10:00:00Z\","
                                + "\"ownerReferences\":[{\"name\":\"o\",\"apiVersion\":\"\",\"kind\":\"\",\"uid\":\"\"}]}}}}",
                        List.of("spec.template.metadata.ownerReferences[0].extra")),
                new Case("embedded metadata of the wrong shape is left for validation",
                        "{\"spec\":{\"template\":{\"metadata\":{\"name\":5,\"bogus\":1}}}}",
                        "{\"spec\":{\"template\":{\"metadata\":{\"name\":5,\"bogus\":1}}}}",
                        List.of()),
                new Case("non-nullable nulls without a default are removed, the others stay",
                        "{\"spec\":{\"plainNote\":null,\"nullableNote\":null,\"defaultedNote\":null,"
                                + "\"env\":[null,{\"name\":null}]}}",
                        "{\"spec\":{\"nullableNote\":null,\"defaultedNote\":null,\"env\":[null,{}]}}",
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void prunesAsUpstreamCoercionDoes(Case c) {
        ObjectNode obj = json(c.in());
        List<String> pruned = Pruning.of(APP).prune(obj);
        assertThat(pruned).containsExactlyElementsOf(c.pruned());
        assertThat(obj).isEqualTo(json(c.out()));
    }
}
