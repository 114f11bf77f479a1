package dev.tugboat.api.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorMatchTest {

    private static final Map<String, String> WEB = Map.of("app", "web", "tier", "front", "replicas", "3");

    record Case(String selector, Map<String, String> labels, boolean matches) {
        @Override
        public String toString() {
            return "'" + selector + "' against " + labels + " -> " + matches;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("", WEB, true),
                new Case("", Map.of(), true),
                new Case("app=web", WEB, true),
                new Case("app==web", WEB, true),
                new Case("app=db", WEB, false),
                new Case("app!=db", WEB, true),
                new Case("missing!=x", WEB, true),
                new Case("app!=web", WEB, false),
                new Case("app", WEB, true),
                new Case("missing", WEB, false),
                new Case("!missing", WEB, true),
                new Case("!app", WEB, false),
                new Case("tier in (front,back)", WEB, true),
                new Case("tier in (back)", WEB, false),
                new Case("missing in (a)", WEB, false),
                new Case("tier notin (back)", WEB, true),
                new Case("tier notin (front)", WEB, false),
                new Case("missing notin (a)", WEB, true),
                new Case("replicas>2", WEB, true),
                new Case("replicas>3", WEB, false),
                new Case("replicas<4", WEB, true),
                new Case("app>1", WEB, false),
                new Case("missing<5", WEB, false),
                new Case("app=web,tier=front", WEB, true),
                new Case("app=web,tier=back", WEB, false),
                new Case("x=", Map.of("x", ""), true),
                new Case("x=", Map.of(), false),
                new Case("x in (,a)", Map.of("x", ""), true));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesLabelSetsAsUpstreamDoes(Case c) {
        assertThat(LabelSelector.parse(c.selector()).matches(c.labels())).isEqualTo(c.matches());
    }

    @Test
    void nothingMatchesNoLabelsAtAll() {
        assertThat(LabelSelector.nothing().matches(Map.of())).isFalse();
        assertThat(LabelSelector.nothing().isEmpty()).isFalse();
        assertThat(LabelSelector.everything().matches(Map.of())).isTrue();
        assertThat(LabelSelector.everything().isEmpty()).isTrue();
    }

    @Test
    void reportsTheValueAnExactRequirementDemands() {
        LabelSelector s = LabelSelector.parse("app=web,tier in (a),env in (x,y),!gone");
        assertThat(s.requiresExactMatch("app")).contains("web");
        assertThat(s.requiresExactMatch("tier")).contains("a");
        assertThat(s.requiresExactMatch("env")).isEmpty();
        assertThat(s.requiresExactMatch("gone")).isEmpty();
        assertThat(s.requiresExactMatch("other")).isEmpty();
    }

    @Test
    void buildsAnExactSelectorFromALabelSet() {
        LabelSelector s = LabelSelector.fromSet(Map.of("b", "2", "a", "1"));
        assertThat(s).hasToString("a=1,b=2");
        assertThat(s.matches(Map.of("a", "1", "b", "2", "c", "3"))).isTrue();
        assertThat(s.matches(Map.of("a", "1"))).isFalse();
        assertThat(LabelSelector.fromSet(Map.of()).isEmpty()).isTrue();
    }
}
