package dev.tugboat.api.fields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FieldSelectorTest {

    record Valid(String input, String canonical) {
    }

    static Stream<Valid> validSelectors() {
        return Stream.of(
                new Valid("", ""),
                new Valid("metadata.name=web", "metadata.name=web"),
                new Valid("metadata.name==web", "metadata.name=web"),
                new Valid("status.phase!=Running", "status.phase!=Running"),
                new Valid("spec.nodeName=n1,status.phase!=Succeeded,status.phase!=Failed",
                        "spec.nodeName=n1,status.phase!=Failed,status.phase!=Succeeded"),
                new Valid("a=,b=x", "a=,b=x"),
                new Valid("a=x,,b=y", "a=x,b=y"),
                new Valid("a=x\\,y", "a=x\\,y"),
                new Valid("a=x\\=y\\\\z", "a=x\\=y\\\\z"));
    }

    @ParameterizedTest
    @MethodSource("validSelectors")
    void parsesTermsSortedAndEscapesThemBack(Valid c) {
        assertThat(FieldSelector.parse(c.input()).toString()).isEqualTo(c.canonical());
    }

    @Test
    void unescapesValues() {
        FieldSelector s = FieldSelector.parse("a=x\\,y,b=p\\=q,c=back\\\\slash");
        assertThat(s.terms()).extracting(FieldSelector.Term::value).containsExactly("x,y", "p=q", "back\\slash");
    }

    record Invalid(String input, String message) {
    }

    static Stream<Invalid> invalidSelectors() {
        return Stream.of(
                new Invalid("metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'"),
                new Invalid("a=b,c", "invalid selector: 'a=b,c'; can't understand 'c'"),
                new Invalid("a=b=c", "invalid field selector: unescaped character in value: 61"),
                new Invalid("a!==b", "invalid field selector: unescaped character in value: 61"),
                new Invalid("a=x\\y", "invalid field selector: invalid escape sequence: \\y"),
                new Invalid("a=x\\", "invalid field selector: invalid escape sequence: \\"));
    }

    @ParameterizedTest
    @MethodSource("invalidSelectors")
    void rejectsMalformedSelectorsWithUpstreamMessages(Invalid c) {
        assertThatThrownBy(() -> FieldSelector.parse(c.input()))
                .isInstanceOf(InvalidFieldSelectorException.class)
                .hasMessage(c.message())
                .satisfies(e -> assertThat(((InvalidFieldSelectorException) e).toBadRequest().code()).isEqualTo(400));
    }

    record Match(String selector, Map<String, String> fields, boolean matches) {
    }

    static Stream<Match> matches() {
        Map<String, String> pod = Map.of("metadata.name", "web", "status.phase", "Running", "spec.nodeName", "n1");
        return Stream.of(
                new Match("", pod, true),
                new Match("metadata.name=web", pod, true),
                new Match("metadata.name=db", pod, false),
                new Match("status.phase!=Succeeded,status.phase!=Failed", pod, true),
                new Match("spec.nodeName=n1,status.phase=Pending", pod, false),
                new Match("spec.nodeName=", Map.of(), true),
                new Match("spec.nodeName!=", pod, true),
                new Match("missing=x", pod, false));
    }

    @ParameterizedTest
    @MethodSource("matches")
    void matchesFieldSetsWithAbsentFieldsReadingEmpty(Match c) {
        assertThat(FieldSelector.parse(c.selector()).matches(c.fields())).isEqualTo(c.matches());
    }

    @Test
    void reportsTheValueAnEqualityTermDemands() {
        FieldSelector s = FieldSelector.parse("metadata.name=web,status.phase!=Failed");
        assertThat(s.requiresExactMatch("metadata.name")).contains("web");
        assertThat(s.requiresExactMatch("status.phase")).isEmpty();
        assertThat(FieldSelector.oneTermEqual("a", "x,y")).hasToString("a=x\\,y");
    }
}
