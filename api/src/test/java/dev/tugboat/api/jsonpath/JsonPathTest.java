package dev.tugboat.api.jsonpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JsonPathTest {

    static JsonNode json(String s) {
        try {
            return Json.parse(s.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final JsonNode POD = json("""
            {'kind':'Pod','metadata':{'name':'web','namespace':'default',
              'labels':{'tier':'front','app':'web'},
              'annotations':{'example.com/key':'v1','a.b':'dotted'}},
             'spec':{'replicas':3,'ratio':1.5,'big':1234567.5,'tiny':0.00001,'paused':false,'html':'<a&b>',
              'containers':[{'name':'app','ports':[{'containerPort':80},{'containerPort':443}]},
                            {'name':'side','ports':[{'containerPort':9090}]}]},
             'status':{'conditions':[{'type':'PodScheduled','status':'True'},{'type':'Ready','status':'False'}]}}
            """);

    private static final JsonNode LIST = json("""
            {'items':[{'metadata':{'name':'a'},'spec':{'replicas':1}},
                      {'metadata':{'name':'b'},'spec':{'replicas':2,'paused':true}},
                      {'metadata':{'name':'c'},'spec':{'replicas':3}}]}
            """);

    record Case(String name, JsonNode data, String template, String want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a field", POD, "{.metadata.name}", "web"),
                new Case("literal text around actions", POD, "name: {.metadata.name}!", "name: web!"),
                new Case("every item", LIST, "{.items[*].metadata.name}", "a b c"),
                new Case("the first item", LIST, "{.items[0].metadata.name}", "a"),
                new Case("the last item", LIST, "{.items[-1].metadata.name}", "c"),
                new Case("a slice", LIST, "{.items[0:2].metadata.name}", "a b"),
                new Case("an open slice", LIST, "{.items[1:].metadata.name}", "b c"),
                new Case("a slice with a step", LIST, "{.items[::2].metadata.name}", "a c"),
                new Case("a union of indexes", LIST, "{.items[0,2].metadata.name}", "a c"),
                new Case("a union of keys", POD, "{.metadata['name','namespace']}", "web default"),
                new Case("a filter on a string", POD, "{.status.conditions[?(@.type==\"Ready\")].status}", "False"),
                new Case("a filter with single quotes and !=", POD,
                        "{.status.conditions[?(@.status!='False')].type}", "PodScheduled"),
                new Case("a filter on numbers", LIST, "{.items[?(@.spec.replicas>1)].metadata.name}", "b c"),
                new Case("a filter with spaces", LIST, "{.items[?( @.spec.replicas <= 2 )].metadata.name}", "a b"),
                new Case("an existence filter", LIST, "{.items[?(@.spec.paused)].metadata.name}", "b"),
                new Case("a boolean filter", json("{'items':[{'n':'x','on':true},{'n':'y','on':false}]}"),
                        "{.items[?(@.on==true)].n}", "x"),
                new Case("recursive descent", LIST, "{..name}", "a b c"),
                new Case("recursive descent into nested arrays", POD, "{..containerPort}", "80 443 9090"),
                new Case("nested wildcards", POD, "{.spec.containers[*].ports[*].containerPort}", "80 443 9090"),
                new Case("a quoted key with a slash", POD, "{.metadata.annotations['example.com/key']}", "v1"),
                new Case("a quoted key with dots", POD, "{.metadata.annotations['a.b']}", "dotted"),
                new Case("an escaped dot in a field", POD, "{.metadata.annotations.example\\.com/key}", "v1"),
                new Case("an integer", POD, "{.spec.replicas}", "3"),
                new Case("a float", POD, "{.spec.ratio}", "1.5"),
                new Case("a large float prints in Go's exponent form", POD, "{.spec.big}", "1.2345675e+06"),
                new Case("a small float prints in Go's exponent form", POD, "{.spec.tiny}", "1e-05"),
                new Case("a boolean", POD, "{.spec.paused}", "false"),
                new Case("a map prints as JSON with sorted keys", POD, "{.metadata.labels}",
                        "{\"app\":\"web\",\"tier\":\"front\"}"),
                new Case("JSON escapes HTML characters", POD, "{.spec.containers[1].ports}",
                        "[{\"containerPort\":9090}]"),
                new Case("a range over items", LIST, "{range .items[*]}{.metadata.name}{\"\\n\"}{end}", "a\nb\nc\n"),
                new Case("a range with text after it", LIST, "{range .items[*]}[{.spec.replicas}]{end} done",
                        "[1][2][3] done"),
                new Case("the current object", LIST, "{.items[0].metadata.}", "{\"name\":\"a\"}"),
                new Case("a missing field is empty when allowed", POD, "{.spec.missing}", ""),
                new Case("a number literal", POD, "{.metadata.name}{1}", "web1"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void evaluatesTemplatesAsClientGoDoes(Case c) {
        assertThat(JsonPath.parse(c.template()).execute(c.data(), true)).isEqualTo(c.want());
    }

    record Bad(String name, String template, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Bad> parseErrors() {
        return Stream.of(
                new Bad("an unclosed action", "{.metadata.name", "unclosed action"),
                new Bad("an unterminated array", "{.items[0}", "unterminated array"),
                new Bad("a non-numeric index", "{.items[a]}", "invalid array index a"),
                new Bad("an unterminated filter", "{.items[?(@.x==1}", "unterminated filter"),
                new Bad("a filter without its bracket", "{.items[?(@.x==1)}", "unclosed array expect ]"),
                new Bad("an unknown character", "{&}", "unrecognized character in action: U+0026 '&'"),
                new Bad("an unterminated string", "{'abc}", "unterminated quoted string"),
                new Bad("a double recursive descent", "{....a}", "invalid multiple recursive descent"),
                new Bad("a bad escape in a string", "{\"\\q\"}", "unquote string \"\\q\" error invalid syntax"));
    }

    @ParameterizedTest
    @MethodSource("parseErrors")
    void rejectsMalformedTemplates(Bad c) {
        assertThatThrownBy(() -> JsonPath.parse(c.template()))
                .isInstanceOf(JsonPathException.class)
                .hasMessage(c.message());
    }

    static Stream<Bad> evaluationErrors() {
        return Stream.of(
                new Bad("a missing key", "{.items[0].spec.missing}", "missing is not found"),
                new Bad("an index past the end", "{.items[5]}", "array index out of bounds: index 5, length 3"),
                new Bad("an index into an object", "{.items[0].metadata[0]}",
                        "map[string]interface {} is not array or slice"),
                new Bad("comparing a number with a string", "{.items[?(@.spec.replicas==\"1\")]}",
                        "incompatible types for comparison"),
                new Bad("comparing an integer with a float", "{.items[?(@.spec.replicas==1.5)]}",
                        "incompatible types for comparison"),
                new Bad("an end without a range", "{end}", "not in range, nothing to end"),
                new Bad("an unknown keyword", "{foo}", "unrecognized identifier foo"));
    }

    @ParameterizedTest
    @MethodSource("evaluationErrors")
    void failsEvaluationWithClientGoMessages(Bad c) {
        JsonPath path = JsonPath.parse(c.template());
        assertThatThrownBy(() -> path.execute(LIST, false))
                .isInstanceOf(JsonPathException.class)
                .hasMessage(c.message());
    }

    @Test
    void aComparisonNeedsTheFieldOnEveryElementEvenWhenMissingKeysAreAllowed() {
        assertThatThrownBy(() -> JsonPath.parse("{.items[?(@.spec.paused==true)]}").execute(LIST, true))
                .hasMessage("can only compare one element at a time");
    }

    @Test
    void parsesBareExpressionsAndReturnsMatchedValues() {
        JsonPath path = JsonPath.parseExpression(".items[*].spec.replicas");
        assertThat(path.evaluate(LIST, false)).extracting(JsonNode::asInt).containsExactly(1, 2, 3);
        assertThat(path.findResults(LIST, false)).hasSize(1);
    }

    @Test
    void anEmptyArrayOrSliceYieldsNothing() {
        JsonNode data = json("{'a':[]}");
        assertThat(JsonPath.parse("{.a[*]}").evaluate(data, false)).isEmpty();
        assertThat(JsonPath.parse("{.a[0:0]}").evaluate(data, false)).isEmpty();
        assertThatThrownBy(() -> JsonPath.parse("{.a[0]}").evaluate(data, false))
                .hasMessage("array index out of bounds: index 0, length 0");
    }

    @Test
    void printsValuesAsGoDoes() {
        assertThat(JsonPath.text(json("{'x':null}").get("x"))).isEqualTo("<nil>");
        assertThat(JsonPath.text(json("{'x':'<a&b>'}"))).isEqualTo("{\"x\":\"\\u003ca\\u0026b\\u003e\"}");
        assertThat(JsonPath.text(json("{'x':1000000.0}").get("x"))).isEqualTo("1e+06");
        assertThat(JsonPath.text(json("{'x':100000.5}").get("x"))).isEqualTo("100000.5");
        assertThat(JsonPath.text(json("{'x':[1.5e-7, 2e21, 0.5]}"))).isEqualTo("{\"x\":[1.5e-7,2e+21,0.5]}");
    }
}
