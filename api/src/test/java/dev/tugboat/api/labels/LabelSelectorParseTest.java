package dev.tugboat.api.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorParseTest {

    private static final String NAME_RULE = "must consist of alphanumeric characters, '-', '_' or '.', and must "
            + "start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used "
            + "for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    private static final String VALUE_RULE = "a valid label must be an empty string or consist of alphanumeric "
            + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  "
            + "or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    record Valid(String name, String input, String canonical) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Valid> validSelectors() {
        return Stream.of(
                new Valid("an empty string selects everything", "", ""),
                new Valid("blanks select everything", "  \t ", ""),
                new Valid("equality keeps its spelling", "x=a", "x=a"),
                new Valid("double equality keeps its spelling", "x==a", "x==a"),
                new Valid("inequality", "x!=a", "x!=a"),
                new Valid("a bare key means exists", "x", "x"),
                new Valid("a bang means does not exist", "!x", "!x"),
                new Valid("set values are sorted", "x in (b,a)", "x in (a,b)"),
                new Valid("notin with one value", "x notin (a)", "x notin (a)"),
                new Valid("greater than", "x>1", "x>1"),
                new Valid("less than", "x<10", "x<10"),
                new Valid("requirements are sorted by key", "z=1,a=2", "a=2,z=1"),
                new Valid("whitespace around tokens is ignored", " x = a , y ", "x=a,y"),
                new Valid("an empty exact value", "x=", "x="),
                new Valid("empty parentheses hold the empty value", "x in ()", "x in ()"),
                new Valid("a leading comma adds the empty value", "x in (,a)", "x in (,a)"),
                new Valid("spaces inside a value set", "x in ( a , b )", "x in (a,b)"),
                new Valid("keywords are values after an operator", "in in (in,notin)", "in in (in,notin)"),
                new Valid("duplicated set values collapse", "x in (a,a)", "x in (a)"),
                new Valid("prefixed keys", "example.com/app=web,!example.com/canary",
                        "example.com/app=web,!example.com/canary"));
    }

    @ParameterizedTest
    @MethodSource("validSelectors")
    void parsesValidSelectorsToTheirCanonicalForm(Valid c) {
        assertThat(LabelSelector.parse(c.input()).toString()).isEqualTo(c.canonical());
    }

    record Invalid(String name, String input, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Invalid> invalidSelectors() {
        return Stream.of(
                new Invalid("two words without a comma", "x=a b", "found 'b', expected: ',' or 'end of string'"),
                new Invalid("a trailing comma", "x,", "found '', expected: identifier after ','"),
                new Invalid("an operator first", "=a", "found '=', expected: !, identifier, or 'end of string'"),
                new Invalid("a key followed by a word", "x a",
                        "unable to parse requirement: found 'a', expected: in, notin, =, ==, !=, gt, lt"),
                new Invalid("a key followed by a bang", "x!",
                        "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt"),
                new Invalid("in without parentheses", "x in a", "unable to parse requirement: found 'a' expected: '('"),
                new Invalid("an unclosed value set", "x in (a",
                        "unable to parse requirement: found '', expected: ',' or ')'"),
                new Invalid("an operator opening a value set", "x in (=)",
                        "unable to parse requirement: found '=', expected: ',', ')' or identifier"),
                new Invalid("an operator inside a value set", "x in (a,=)",
                        "unable to parse requirement: found '=', expected: ',', or identifier"),
                new Invalid("a parenthesis as an exact value", "x=(",
                        "unable to parse requirement: found '(', expected: identifier"),
                new Invalid("a lone bang", "!", "unable to parse requirement: found '', expected: identifier"),
                new Invalid("a value after a does-not-exist", "!x=a", "found '=', expected: ',' or 'end of string'"),
                new Invalid("two comparisons", "x>1>2", "found '>', expected: ',' or 'end of string'"),
                new Invalid("a non-integer comparison", "x>a", "unable to parse requirement: values[0]: "
                        + "Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer"),
                new Invalid("a negative comparison is not a label value", "x>-1",
                        "unable to parse requirement: values[0][x]: Invalid value: \"-1\": " + VALUE_RULE),
                new Invalid("an invalid value", "x=-a",
                        "unable to parse requirement: values[0][x]: Invalid value: \"-a\": " + VALUE_RULE),
                new Invalid("two invalid values are aggregated", "x in (-a,-b)",
                        "unable to parse requirement: [values[0][x]: Invalid value: \"-a\": " + VALUE_RULE
                                + ", values[1][x]: Invalid value: \"-b\": " + VALUE_RULE + "]"),
                new Invalid("an invalid key", "-x=a",
                        "unable to parse requirement: <nil>: Invalid value: \"-x\": name part " + NAME_RULE),
                new Invalid("a key with two slashes", "a/b/c",
                        "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a valid label key " + NAME_RULE
                                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"),
                new Invalid("an empty prefix", "/x", "unable to parse requirement: <nil>: Invalid value: \"/x\": "
                        + "prefix part must be non-empty"),
                new Invalid("an empty name after the prefix", "a.io/",
                        "unable to parse requirement: <nil>: Invalid value: \"a.io/\": name part must be non-empty; "
                                + "name part " + NAME_RULE),
                new Invalid("a long name", "k".repeat(64), "unable to parse requirement: <nil>: Invalid value: \""
                        + "k".repeat(64) + "\": name part must be no more than 63 characters"));
    }

    @ParameterizedTest
    @MethodSource("invalidSelectors")
    void rejectsInvalidSelectorsWithUpstreamMessages(Invalid c) {
        assertThatThrownBy(() -> LabelSelector.parse(c.input()))
                .isInstanceOf(InvalidSelectorException.class)
                .hasMessage(c.message());
    }

    @ParameterizedTest
    @MethodSource("invalidSelectors")
    void turnsParseErrorsIntoBadRequests(Invalid c) {
        try {
            LabelSelector.parse(c.input());
        } catch (InvalidSelectorException e) {
            assertThat(e.toBadRequest().code()).isEqualTo(400);
            assertThat(e.toBadRequest().status().message()).isEqualTo(c.message());
            return;
        }
        throw new AssertionError("expected a parse error for " + c.input());
    }
}
