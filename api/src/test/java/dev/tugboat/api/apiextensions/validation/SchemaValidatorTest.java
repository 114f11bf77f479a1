package dev.tugboat.api.apiextensions.validation;

import static dev.tugboat.api.apiextensions.validation.Fixtures.CRONTAB;
import static dev.tugboat.api.apiextensions.validation.Fixtures.WIDGET;
import static dev.tugboat.api.apiextensions.validation.Fixtures.json;
import static dev.tugboat.api.apiextensions.validation.Fixtures.messages;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.FieldError;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaValidatorTest {

    record Case(String name, JsonNode schema, String spec, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case widget(String name, String spec, String... errors) {
        return new Case(name, WIDGET, "{\"size\":\"small\"," + spec.substring(1), List.of(errors));
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a valid crontab has no errors", CRONTAB,
                        "{\"cronSpec\":\"*/5 * * * *\",\"image\":\"my-cron\",\"replicas\":3}", List.of()),
                new Case("the crontab of the documentation fails its pattern and maximum", CRONTAB,
                        "{\"cronSpec\":\"* * * *\",\"image\":\"my-cron\",\"replicas\":15}", List.of(
                        "spec.cronSpec: Invalid value: \"* * * *\": spec.cronSpec in body should match "
                                + "'^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'",
                        "spec.replicas: Invalid value: 15: spec.replicas in body should be less than or equal to 10")),
                new Case("replicas below the minimum", CRONTAB, "{\"replicas\":0}",
                        List.of("spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1")),
                new Case("a required property that is missing", WIDGET, "{}", List.of("spec.size: Required value")),
                widget("a value outside the enum", "{\"color\":\"pink\"}",
                        "spec.color: Unsupported value: \"pink\": supported values: \"red\", \"blue\""),
                widget("numeric enum members are listed as JSON and quoted", "{\"level\":3}",
                        "spec.level: Unsupported value: 3: supported values: \"1\", \"2\""),
                widget("a string where an integer belongs", "{\"count\":\"3\"}",
                        "spec.count: Invalid value: \"string\": spec.count in body must be of type integer: \"string\""),
                widget("a fraction where an integer belongs", "{\"count\":2.5}",
                        "spec.count: Invalid value: \"number\": spec.count in body must be of type integer: \"number\""),
                widget("an integral float is an integer", "{\"count\":3.0}"),
                widget("exclusive minimum on an integer value", "{\"ratio\":0}",
                        "spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0"),
                widget("exclusive maximum on a float value", "{\"ratio\":1.0}",
                        "spec.ratio: Invalid value: 1: spec.ratio in body should be less than 1"),
                widget("float bounds print the way Go prints floats", "{\"big\":1500000.5}",
                        "spec.big: Invalid value: 1.5000005e+06: spec.big in body should be less than or equal to 1e+06"),
                widget("integer bounds print as integers", "{\"count\":11}",
                        "spec.count: Invalid value: 11: spec.count in body should be less than or equal to 10"),
                widget("an integer that is not a multiple", "{\"step\":7}",
                        "spec.step: Invalid value: 7: spec.step in body should be a multiple of 5"),
                widget("a float that is not a multiple of a fraction", "{\"weight\":0.3}",
                        "spec.weight: Invalid value: 0.3: spec.weight in body should be a multiple of 0.5"),
                widget("a multiple of a fraction", "{\"weight\":1.5}"),
                widget("a string that is too short", "{\"name\":\"ab\"}",
                        "spec.name: Invalid value: \"ab\": spec.name in body should be at least 3 chars long"),
                widget("a string that is too long", "{\"name\":\"abcdefghijk\"}",
                        "spec.name: Too long: must have at most 10 bytes"),
                widget("length counts characters, not bytes", "{\"name\":\"ééééééééé\"}"),
                widget("too many items", "{\"tags\":[\"a\",\"b\",\"c\",\"d\"]}",
                        "spec.tags: Too many: 4: must have at most 3 items"),
                widget("too few items", "{\"tags\":[]}",
                        "spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items"),
                widget("duplicate items", "{\"tags\":[\"a\",\"a\"]}",
                        "spec.tags: Invalid value: \"\": spec.tags in body shouldn't contain duplicates"),
                widget("a wrong item names its index", "{\"tags\":[\"a\",5]}",
                        "spec.tags[1]: Invalid value: \"integer\": spec.tags[1] in body must be of type string: \"integer\""),
                widget("too few properties", "{\"labels\":{}}",
                        "spec.labels: Invalid value: 0: spec.labels in body should have at least 1 properties"),
                widget("too many properties, and their values are still checked",
                        "{\"labels\":{\"a\":\"1\",\"b\":\"2\",\"c\":3}}",
                        "spec.labels: Too many: 3: must have at most 2 items",
                        "spec.labels.c: Invalid value: \"integer\": spec.labels.c in body must be of type string: \"integer\""),
                widget("a map value is named with a dot", "{\"labels\":{\"a\":1}}",
                        "spec.labels.a: Invalid value: \"integer\": spec.labels.a in body must be of type string: \"integer\""),
                widget("additionalProperties false forbids other fields", "{\"strict\":{\"a\":\"x\",\"b\":1}}",
                        "spec.strict: Invalid value: \"b\": spec.strict.b in body is a forbidden property"),
                widget("int-or-string accepts both", "{\"port\":\"http\"}"),
                widget("int-or-string rejects a boolean", "{\"port\":true}",
                        "spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer,string: \"boolean\""),
                widget("a nullable field accepts null", "{\"note\":null}"),
                widget("a null that is not nullable fails its type and its enum", "{\"color\":null}",
                        "spec.color: Invalid value: \"null\": spec.color in body must be of type string: \"null\"",
                        "spec.color: Unsupported value: null: supported values: \"red\", \"blue\""),
                widget("a malformed date-time", "{\"created\":\"yesterday\"}",
                        "spec.created: Invalid value: \"yesterday\": spec.created in body must be of type date-time: \"yesterday\""),
                widget("malformed base64", "{\"data\":\"not base64!\"}",
                        "spec.data: Invalid value: \"not base64!\": spec.data in body must be of type byte: \"not base64!\""),
                widget("int32 does not check the range, as upstream", "{\"wide\":10000000000}"),
                widget("a boolean where an int32 belongs reports the format", "{\"wide\":true}",
                        "spec.wide: Invalid value: \"\": spec.wide in body must be of type int32: \"\""),
                widget("an object where a boolean belongs", "{\"enabled\":{}}",
                        "spec.enabled: Invalid value: \"object\": spec.enabled in body must be of type boolean: \"object\""),
                widget("anyOf reports itself and the closest branch", "{\"choice\":{\"c\":\"x\"}}",
                        "Invalid value: \"\": \"spec.choice\" must validate at least one schema (anyOf)",
                        "spec.choice.a: Required value"),
                widget("anyOf passes when one branch does", "{\"choice\":{\"b\":\"x\"}}"),
                widget("oneOf with two valid branches", "{\"exclusive\":{\"a\":\"x\",\"b\":\"y\"}}",
                        "Invalid value: \"\": \"spec.exclusive\" must validate one and only one schema (oneOf). "
                                + "Found 2 valid alternatives"),
                widget("oneOf with no valid branch", "{\"exclusive\":{}}",
                        "Invalid value: \"\": \"spec.exclusive\" must validate one and only one schema (oneOf). "
                                + "Found none valid",
                        "spec.exclusive.a: Required value"),
                widget("not fails when its schema validates", "{\"negated\":{\"c\":\"x\"}}",
                        "Invalid value: \"\": \"spec.negated\" must not validate the schema (not)"),
                widget("allOf reports the branch errors and itself", "{\"both\":{\"a\":\"xy\"}}",
                        "spec.both.a: Too long: must have at most 1 bytes",
                        "Invalid value: \"\": \"spec.both\" must validate all the schemas (allOf). None validated"),
                new Case("a wrong type for a whole object", WIDGET, "\"oops\"", List.of(
                        "spec: Invalid value: \"string\": spec in body must be of type object: \"string\"")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsUpstreamErrors(Case c) {
        JsonNode obj = json("{\"apiVersion\":\"stable.example.com/v1\",\"kind\":\"X\",\"metadata\":{\"name\":\"x\"},"
                + "\"spec\":" + c.spec() + "}");
        assertThat(messages(SchemaValidator.of(c.schema()).validate(obj))).containsExactlyElementsOf(c.errors());
    }

    @Test
    void errorsCarryUpstreamTypesAndValues() {
        List<FieldError> errs = SchemaValidator.of(WIDGET).validate(json(
                "{\"spec\":{\"count\":\"x\",\"color\":\"pink\",\"name\":\"a\"}}"));
        assertThat(errs).extracting(FieldError::type).containsExactly(FieldError.Type.NOT_SUPPORTED,
                FieldError.Type.TYPE_INVALID, FieldError.Type.INVALID, FieldError.Type.REQUIRED);
        assertThat(errs).extracting(FieldError::field).containsExactly("spec.color", "spec.count", "spec.name",
                "spec.size");
        assertThat(errs.get(0).body()).isEqualTo("Unsupported value: \"pink\": supported values: \"red\", \"blue\"");
    }

    @Test
    void aMissingSchemaAcceptsAnything() {
        assertThat(SchemaValidator.of(null).validate(json("{\"spec\":{\"anything\":[1,2]}}"))).isEmpty();
    }
}
