package dev.tugboat.api.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class YamlTreesTest {

    private static JsonNode read(String yaml) throws IOException {
        return YamlTrees.read(yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aliasesAreCopiesOfTheAnchoredNode() throws IOException {
        JsonNode doc = read("""
                labels: &l
                  app: web
                selector: *l
                name: &n web
                other: *n
                list: &xs [1, 2]
                again: *xs
                """);
        assertThat(Json.string(doc)).isEqualTo("{\"labels\":{\"app\":\"web\"},\"selector\":{\"app\":\"web\"},"
                + "\"name\":\"web\",\"other\":\"web\",\"list\":[1,2],\"again\":[1,2]}");
        ((ObjectNode) doc.get("selector")).put("app", "changed");
        assertThat(doc.at("/labels/app").asText()).isEqualTo("web");
    }

    @Test
    void mergeKeysFillInKeysTheMappingDoesNotSet() throws IOException {
        JsonNode doc = read("""
                base: &b {a: 1, b: 2}
                more: &m {c: 3, a: 9}
                one:
                  b: 20
                  <<: *b
                many:
                  <<: [*b, *m]
                """);
        assertThat(Json.string(doc.get("one"))).isEqualTo("{\"b\":20,\"a\":1}");
        assertThat(Json.string(doc.get("many"))).isEqualTo("{\"a\":1,\"b\":2,\"c\":3}");
    }

    @Test
    void anUndefinedAliasIsAnError() {
        assertThatThrownBy(() -> read("metadata:\n  name: *nope\n"))
                .hasMessage("yaml: unknown anchor 'nope' referenced");
    }

    @Test
    void scalarsKeepTheirTypesAndExactNumbers() throws IOException {
        JsonNode doc = read("""
                s: "1"
                i: 1
                big: 99999999999999999999999999
                f: 0.10
                t: true
                z: null
                """);
        assertThat(Json.string(doc)).isEqualTo(
                "{\"s\":\"1\",\"i\":1,\"big\":1E+26,\"f\":0.1,\"t\":true,\"z\":null}");
        assertThat(read("").isMissingNode()).isTrue();
    }

    @Test
    void plainScalarsResolveAsGoYamlResolvesThem() throws IOException {
        JsonNode doc = read("""
                mode: 0644
                hex: 0x1F
                under: 1_000
                exp: 1e3
                half: .5
                whole: 2.0
                bools: [yes, No, on, OFF, y, n]
                nulls: [~, null, NULL]
                empty:
                strings: [12:30, 2024-01-01, 1.2.3, 08x, 0x, +, .]
                octalish: 08
                quoted: ["yes", '0644']
                tagged: [!!str 0644, !!int "7", !!str true]
                block: |
                  text
                1: one
                true: yes
                n: go-yaml v2 reads the key n as false
                """);
        assertThat(Json.string(doc)).isEqualTo("{\"mode\":420,\"hex\":31,\"under\":1000,\"exp\":1000,"
                + "\"half\":0.5,\"whole\":2,\"bools\":[true,false,true,false,true,false],\"nulls\":[null,null,null],\"empty\":null,"
                + "\"strings\":[\"12:30\",\"2024-01-01\",\"1.2.3\",\"08x\",\"0x\",\"+\",\".\"],\"octalish\":8,"
                + "\"quoted\":[\"yes\",\"0644\"],\"tagged\":[\"0644\",7,\"true\"],\"block\":\"text\\n\",\"1\":\"one\","
                + "\"true\":true,\"false\":\"go-yaml v2 reads the key n as false\"}");
    }

    @Test
    void valuesWithoutAJsonFormAreErrors() {
        assertThatThrownBy(() -> read("a: .nan")).hasMessage("json: unsupported value: NaN");
        assertThatThrownBy(() -> read("a: -.inf")).hasMessage("json: unsupported value: -Inf");
        assertThatThrownBy(() -> read("a: &x [*x]")).hasMessageContaining("yaml:");
        assertThatThrownBy(() -> read("a: [1, 2")).hasMessageStartingWith("yaml: ");
    }

    @Test
    void nestingIsBoundedWithoutExhaustingTheStack() throws IOException {
        assertThat(read("a: " + "[".repeat(YamlTrees.MAX_DEPTH - 1) + "]".repeat(YamlTrees.MAX_DEPTH - 1))
                .at("/a/0/0/0").isArray()).isTrue();
        for (int depth : new int[] {YamlTrees.MAX_DEPTH, 200_000}) {
            assertThatThrownBy(() -> read("a: " + "[".repeat(depth) + "]".repeat(depth)))
                    .hasMessage("yaml: exceeded the maximum nesting depth of " + YamlTrees.MAX_DEPTH);
        }
    }

    @Test
    void aliasExpansionIsBounded() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 9; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        assertThatThrownBy(() -> read(yaml.toString())).hasMessage("yaml: document contains excessive aliasing");
    }
}
