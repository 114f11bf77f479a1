package dev.tugboat.api.patch.fieldpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tugboat.api.meta.Json;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class FieldsV1Test {

    static final String DEPLOYMENT_APPLY = "{\"f:metadata\":{\"f:labels\":{\"f:app\":{}}},\"f:spec\":{\"f:replicas\":{},"
            + "\"f:selector\":{},\"f:template\":{\"f:metadata\":{\"f:labels\":{\"f:app\":{}}},\"f:spec\":{\"f:containers\":"
            + "{\"k:{\\\"name\\\":\\\"nginx\\\"}\":{\".\":{},\"f:image\":{},\"f:name\":{},\"f:ports\":{\"k:{\\\"containerPort\\\":80,"
            + "\\\"protocol\\\":\\\"TCP\\\"}\":{\".\":{},\"f:containerPort\":{},\"f:protocol\":{}}}}}}}}}";

    record Case(String name, String fieldsV1) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> examples() {
        return Stream.of(
                new Case("a Deployment applied with server-side apply", DEPLOYMENT_APPLY),
                new Case("a ConfigMap created by client-side apply", "{\"f:data\":{\".\":{},\"f:a\":{}},\"f:metadata\":"
                        + "{\"f:annotations\":{\".\":{},\"f:kubectl.kubernetes.io/last-applied-configuration\":{}}}}"),
                new Case("the same ConfigMap applied", "{\"f:data\":{\"f:a\":{}}}"),
                new Case("finalizers as a set", "{\"f:metadata\":{\"f:finalizers\":{\"v:\\\"example.com/a\\\"\":{}}}}"),
                new Case("an atomic owner reference item", "{\"f:metadata\":{\"f:ownerReferences\":"
                        + "{\"k:{\\\"uid\\\":\\\"6b1e\\\"}\":{}}}}"),
                new Case("an env item", "{\"f:env\":{\"k:{\\\"name\\\":\\\"A\\\"}\":{\".\":{},\"f:name\":{},\"f:value\":{}}}}"),
                new Case("status written through /status", "{\"f:status\":{\"f:conditions\":{\".\":{},"
                        + "\"k:{\\\"type\\\":\\\"Available\\\"}\":{\".\":{},\"f:status\":{},\"f:type\":{}}},\"f:replicas\":{}}}"),
                new Case("all element kinds in order", "{\".\":{},\"f:a\":{},\"f:b\":{},\"k:{\\\"n\\\":1}\":{},"
                        + "\"k:{\\\"n\\\":\\\"a\\\"}\":{},\"v:2\":{},\"v:\\\"x\\\"\":{},\"i:0\":{}}"));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void decodingThenEncodingReproducesTheExactBytes(Case c) throws Exception {
        JsonNode in = Json.MAPPER.readTree(c.fieldsV1());
        FieldSet set = FieldsV1.decode(in);

        assertThat(Json.string(FieldsV1.encode(set))).isEqualTo(c.fieldsV1().replace("{\".\":{},\"f:a\":{},\"f:b\"",
                "{\"f:a\":{},\"f:b\""));
    }

    @Test
    void encodingWritesKeysInPathElementOrderWhateverTheInsertionOrder() {
        FieldSet set = FieldSet.of(
                Path.fields("spec", "template", "spec", "containers")
                        .child(key("name", TextNode.valueOf("nginx"))).child("name"),
                Path.fields("spec", "replicas"),
                Path.fields("spec", "template", "spec", "containers").child(key("name", TextNode.valueOf("nginx"))),
                Path.fields("metadata", "labels", "app"),
                Path.fields("spec", "selector"));

        assertThat(Json.string(FieldsV1.encode(set))).isEqualTo("{\"f:metadata\":{\"f:labels\":{\"f:app\":{}}},"
                + "\"f:spec\":{\"f:replicas\":{},\"f:selector\":{},\"f:template\":{\"f:spec\":{\"f:containers\":"
                + "{\"k:{\\\"name\\\":\\\"nginx\\\"}\":{\".\":{},\"f:name\":{}}}}}}}");
    }

    @Test
    void keyElementsSortTheirFieldsByNameAndUseGoEscaping() {
        PathElement k = new PathElement.Key(List.of(
                new PathElement.KeyField("protocol", TextNode.valueOf("TCP")),
                new PathElement.KeyField("containerPort", IntNode.valueOf(80))));
        PathElement v = new PathElement.Value(TextNode.valueOf("a<b>&c"));

        assertThat(k.encoded()).isEqualTo("k:{\"containerPort\":80,\"protocol\":\"TCP\"}");
        assertThat(v.encoded()).isEqualTo("v:\"a\\u003cb\\u003e\\u0026c\"");
    }

    @Test
    void unknownPrefixesAreIgnoredWhenDecoding() throws Exception {
        FieldSet set = FieldsV1.decode(Json.MAPPER.readTree("{\"f:a\":{},\"x:whatever\":{\"f:b\":{}}}"));

        assertThat(set.paths()).containsExactly(Path.fields("a"));
    }

    @Test
    void malformedTriesAreRejected() {
        assertThatThrownBy(() -> FieldsV1.decode(Json.MAPPER.readTree("{\"f:a\":3}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldsV1.decode(Json.MAPPER.readTree("{\"k:notjson\":{}}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldsV1.decode(Json.MAPPER.readTree("[1]")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void numericKeysAreEqualWhateverTheirJsonForm() throws Exception {
        FieldSet a = FieldsV1.decode(Json.MAPPER.readTree("{\"k:{\\\"port\\\":80}\":{}}"));
        FieldSet b = FieldsV1.decode(Json.MAPPER.readTree("{\"k:{\\\"port\\\":80.0}\":{}}"));

        assertThat(a).isEqualTo(b);
        assertThat(a.has(Path.of(key("port", IntNode.valueOf(80))))).isTrue();
    }

    static PathElement key(String name, JsonNode value) {
        return new PathElement.Key(List.of(new PathElement.KeyField(name, value)));
    }
}
