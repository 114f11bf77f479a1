package dev.tugboat.api.apiextensions.validation;

import static dev.tugboat.api.apiextensions.validation.Fixtures.APP;
import static dev.tugboat.api.apiextensions.validation.Fixtures.CRONTAB;
import static dev.tugboat.api.apiextensions.validation.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StructuralDefaultingTest {

    record Case(String name, JsonNode schema, String in, String out) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("an absent field gets its default", CRONTAB, "{\"spec\":{\"image\":\"i\"}}",
                        "{\"spec\":{\"image\":\"i\",\"replicas\":1}}"),
                new Case("a present field keeps its value", CRONTAB, "{\"spec\":{\"replicas\":5}}",
                        "{\"spec\":{\"replicas\":5}}"),
                new Case("no parent object, no nested default", CRONTAB, "{\"kind\":\"CronTab\"}",
                        "{\"kind\":\"CronTab\"}"),
                new Case("a defaulted object gets the defaults of its own properties", APP, "{\"spec\":{}}",
                        "{\"spec\":{\"replicas\":1,\"settings\":{\"mode\":\"auto\",\"level\":3},"
                                + "\"defaultedNote\":\"none\"}}"),
                new Case("a non-nullable null takes the default, a nullable null stays", APP,
                        "{\"spec\":{\"replicas\":null,\"nullableNote\":null,\"settings\":{\"mode\":\"manual\"}}}",
                        "{\"spec\":{\"replicas\":1,\"nullableNote\":null,\"settings\":{\"mode\":\"manual\",\"level\":3},"
                                + "\"defaultedNote\":\"none\"}}"),
                new Case("list items and map values are defaulted", APP,
                        "{\"spec\":{\"ports\":[{\"name\":\"a\"},{\"name\":\"b\",\"protocol\":\"UDP\"}],"
                                + "\"limits\":{\"cpu\":{},\"mem\":{\"max\":2}}}}",
                        "{\"spec\":{\"ports\":[{\"name\":\"a\",\"protocol\":\"TCP\"},{\"name\":\"b\",\"protocol\":\"UDP\"}],"
                                + "\"limits\":{\"cpu\":{\"max\":10},\"mem\":{\"max\":2}},\"replicas\":1,"
                                + "\"settings\":{\"mode\":\"auto\",\"level\":3},\"defaultedNote\":\"none\"}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void appliesDefaultsAsUpstream(Case c) {
        ObjectNode obj = json(c.in());
        StructuralDefaulting.of(c.schema()).apply(obj);
        assertThat(obj).isEqualTo(json(c.out()));
    }

    @Test
    void defaultingTwiceChangesNothing() {
        ObjectNode once = json("{\"spec\":{\"ports\":[{\"name\":\"a\"}]}}");
        StructuralDefaulting d = StructuralDefaulting.of(APP);
        d.apply(once);
        ObjectNode twice = once.deepCopy();
        d.apply(twice);
        assertThat(twice).isEqualTo(once);
    }

    @Test
    void defaultsAreCopiedSoObjectsDoNotShareThem() {
        StructuralDefaulting d = StructuralDefaulting.of(APP);
        ObjectNode first = json("{\"spec\":{}}");
        d.apply(first);
        ((ObjectNode) first.path("spec").path("settings")).put("mode", "changed");
        ObjectNode second = json("{\"spec\":{}}");
        d.apply(second);
        assertThat(second.path("spec").path("settings").path("mode").asText()).isEqualTo("auto");
    }
}
