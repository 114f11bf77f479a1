package dev.tugboat.api.apiextensions.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoValueTest {

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({"1000000, 1e+06", "123456, 123456", "1.5, 1.5", "0.0001, 0.0001", "0.00001, 1e-05",
            "-0.00000025, -2.5e-07", "1e21, 1e+21", "1234567.5, 1.2345675e+06", "10, 10", "0, 0"})
    void floatsPrintAsGoPercentV(double value, String printed) {
        assertThat(GoValue.formatFloat(value)).isEqualTo(printed);
    }

    @Test
    void jsonNumbersKeepGoTypes() throws IOException {
        assertThat(GoValue.kind(json("3"))).isEqualTo(GoValue.Kind.INT);
        assertThat(GoValue.kind(json("3.0"))).isEqualTo(GoValue.Kind.FLOAT);
        assertThat(GoValue.kind(json("1e3"))).isEqualTo(GoValue.Kind.FLOAT);
        assertThat(GoValue.kind(json("123456789012345678901234"))).isEqualTo(GoValue.Kind.FLOAT);
        assertThat(GoValue.deepEqual(json("1"), json("1.0"))).isFalse();
        assertThat(GoValue.deepEqual(json("{\"a\":[1,\"x\"]}"), json("{\"a\":[1,\"x\"]}"))).isTrue();
    }

    @Test
    void compositesPrintInGoSyntax() throws IOException {
        assertThat(GoValue.goSyntax(json("{\"b\":1,\"a\":[true,\"x\",null,2.5]}")))
                .isEqualTo("map[string]interface {}{\"a\":[]interface {}{true, \"x\", interface {}(nil), 2.5}, \"b\":1}");
        assertThat(GoValue.percentV(json("{\"b\":1,\"a\":[\"x\",\"y\"]}"))).isEqualTo("map[a:[x y] b:1]");
        assertThat(GoValue.json(json("0.0000001"))).isEqualTo("1e-7");
        assertThat(GoValue.json(json("{\"b\":1.50,\"a\":2}"))).isEqualTo("{\"a\":2,\"b\":1.5}");
    }

    @Test
    void nearlyIntegralFloatsCountAsIntegersLikeSwag() {
        assertThat(GoValue.isJsonInteger(3.0)).isTrue();
        assertThat(GoValue.isJsonInteger(1000000000.5)).isTrue();
        assertThat(GoValue.isJsonInteger(2.5)).isFalse();
        assertThat(GoValue.isJsonInteger(-2.5)).isFalse();
        assertThat(GoValue.isJsonInteger(1e300)).isFalse();
    }

    static JsonNode json(String s) throws IOException {
        return Json.parse(s.getBytes(StandardCharsets.UTF_8));
    }
}
