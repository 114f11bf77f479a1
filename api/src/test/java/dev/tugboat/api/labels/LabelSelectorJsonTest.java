package dev.tugboat.api.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorJsonTest {

    private static JsonNode json(String s) {
        try {
            return Json.parse(s.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    record Case(String name, String selector, String canonical, String formatted) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("match labels sorted by key", "{'matchLabels':{'tier':'db','app':'x'}}",
                        "app=x,tier=db", "app=x,tier=db"),
                new Case("every expression operator", "{'matchExpressions':["
                        + "{'key':'tier','operator':'In','values':['b','a']},"
                        + "{'key':'env','operator':'NotIn','values':['prod']},"
                        + "{'key':'k','operator':'DoesNotExist'},"
                        + "{'key':'canary','operator':'Exists'}]}",
                        "canary,env notin (prod),!k,tier in (a,b)", "canary,env notin (prod),!k,tier in (a,b)"),
                new Case("labels and expressions together", "{'matchLabels':{'app':'x'},'matchExpressions':"
                        + "[{'key':'tier','operator':'In','values':['a','b']},{'key':'k','operator':'DoesNotExist'}]}",
                        "app=x,!k,tier in (a,b)", "app=x,!k,tier in (a,b)"),
                new Case("an empty selector", "{}", "", "<none>"),
                new Case("empty lists", "{'matchLabels':{},'matchExpressions':[]}", "", "<none>"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void convertsMetav1LabelSelectors(Case c) {
        assertThat(LabelSelector.fromJson(json(c.selector())).toString()).isEqualTo(c.canonical());
        assertThat(Labels.formatSelector(json(c.selector()))).isEqualTo(c.formatted());
    }

    @Test
    void anEmptySelectorMatchesEverythingAndANullOneNothing() {
        assertThat(LabelSelector.fromJson(json("{}")).matches(Map.of("a", "b"))).isTrue();
        assertThat(LabelSelector.fromJson(NullNode.getInstance()).matches(Map.of("a", "b"))).isFalse();
        assertThat(LabelSelector.fromJson(json("{}").path("missing")).matchesNothing()).isTrue();
        assertThat(Labels.formatSelector(NullNode.getInstance())).isEqualTo("<none>");
    }

    @Test
    void matchesWithExpressions() {
        LabelSelector s = LabelSelector.fromJson(json("{'matchLabels':{'app':'x'},'matchExpressions':"
                + "[{'key':'tier','operator':'NotIn','values':['db']}]}"));
        assertThat(s.matches(Map.of("app", "x"))).isTrue();
        assertThat(s.matches(Map.of("app", "x", "tier", "db"))).isFalse();
        assertThat(s.matches(Map.of("tier", "web"))).isFalse();
    }

    @Test
    void rejectsAnUnknownOperator() {
        assertThatThrownBy(() -> LabelSelector.fromJson(json("{'matchExpressions':[{'key':'a','operator':'Gt'}]}")))
                .isInstanceOf(InvalidSelectorException.class)
                .hasMessage("\"Gt\" is not a valid label selector operator");
        assertThat(Labels.formatSelector(json("{'matchExpressions':[{'key':'a','operator':'Gt'}]}")))
                .isEqualTo("<error>");
    }

    @Test
    void rejectsInWithoutValuesAndExistsWithValues() {
        assertThatThrownBy(() -> LabelSelector.fromJson(json("{'matchExpressions':[{'key':'a','operator':'In'}]}")))
                .hasMessage("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty");
        assertThatThrownBy(() -> LabelSelector.fromJson(
                json("{'matchExpressions':[{'key':'a','operator':'Exists','values':['x','y']}]}")))
                .hasMessage("values: Invalid value: []string{\"x\", \"y\"}: "
                        + "values set must be empty for exists and does not exist");
    }

    @Test
    void rejectsAnInvalidKeyWithTheKeyPath() {
        assertThatThrownBy(() -> LabelSelector.fromJson(json("{'matchLabels':{'bad key':'x'}}")))
                .hasMessageStartingWith("key: Invalid value: \"bad key\": name part must consist of");
    }

    @Test
    void formatsLabelMapsSortedOrNone() {
        assertThat(Labels.format(Map.of("b", "2", "a", "1"))).isEqualTo("a=1,b=2");
        assertThat(Labels.format(Map.of())).isEqualTo("<none>");
    }
}
