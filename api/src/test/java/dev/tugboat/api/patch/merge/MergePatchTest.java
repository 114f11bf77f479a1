package dev.tugboat.api.patch.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.meta.Json;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MergePatchTest {

    record Case(String name, String target, String patch, String want) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The examples of RFC 7386 Appendix A, plus Kubernetes-relevant cases. */
    static Stream<Case> cases() {
        return Stream.of(
                new Case("a changed member replaces", "{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}"),
                new Case("a new member is added", "{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}"),
                new Case("null deletes a member", "{\"a\":\"b\"}", "{\"a\":null}", "{}"),
                new Case("null deletes only that member", "{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}", "{\"b\":\"c\"}"),
                new Case("an array replaces an array", "{\"a\":[\"b\"]}", "{\"a\":\"c\"}", "{\"a\":\"c\"}"),
                new Case("a scalar replaces an array", "{\"a\":\"c\"}", "{\"a\":[\"b\"]}", "{\"a\":[\"b\"]}"),
                new Case("nested objects merge", "{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}",
                        "{\"a\":{\"b\":\"d\"}}"),
                new Case("arrays are replaced, not merged", "{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}", "{\"a\":[1]}"),
                new Case("an array target is replaced by an object", "[\"a\",\"b\"]", "{\"a\":\"b\"}", "{\"a\":\"b\"}"),
                new Case("a scalar target is replaced by an object", "{\"e\":null}", "{\"a\":1}", "{\"e\":null,\"a\":1}"),
                new Case("a non-object patch replaces everything", "{\"a\":\"foo\"}", "\"bar\"", "\"bar\""),
                new Case("a null patch yields null", "{\"a\":\"foo\"}", "null", "null"),
                new Case("nested objects are created with nulls dropped", "{}", "{\"a\":{\"bb\":{\"ccc\":null}}}",
                        "{\"a\":{\"bb\":{}}}"),
                new Case("deleting an absent member is a no-op", "{\"x\":1}", "{\"y\":null}", "{\"x\":1}"),
                new Case("a label patch keeps other labels", "{\"metadata\":{\"labels\":{\"a\":\"1\",\"b\":\"2\"}}}",
                        "{\"metadata\":{\"labels\":{\"a\":null,\"c\":\"3\"}}}",
                        "{\"metadata\":{\"labels\":{\"b\":\"2\",\"c\":\"3\"}}}"),
                new Case("null members of objects inside a new array are dropped", "{}",
                        "{\"items\":[{\"a\":1,\"b\":null}]}", "{\"items\":[{\"a\":1}]}"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void appliesAsRfc7386Specifies(Case c) throws Exception {
        JsonNode target = Json.MAPPER.readTree(c.target());
        JsonNode before = target.deepCopy();

        JsonNode got = MergePatch.apply(target, Json.MAPPER.readTree(c.patch()));

        assertThat(got).isEqualTo(Json.MAPPER.readTree(c.want()));
        assertThat(target).as("input untouched").isEqualTo(before);
    }

    @Test
    void patchingAnObjectWithANonObjectIsABadRequest() throws Exception {
        ObjectNode live = (ObjectNode) Json.MAPPER.readTree("{\"a\":1}");

        assertThatThrownBy(() -> MergePatch.applyToObject(live, Json.MAPPER.readTree("[1]")))
                .isInstanceOfSatisfying(ApiException.BadRequest.class,
                        e -> assertThat(e.getMessage()).isEqualTo("Invalid JSON Patch"));
        assertThat(MergePatch.applyToObject(live, Json.MAPPER.readTree("{\"b\":2}")))
                .isEqualTo(Json.MAPPER.readTree("{\"a\":1,\"b\":2}"));
    }
}
