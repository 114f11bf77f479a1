package dev.tugboat.api.apiextensions.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GoRegexTest {

    record Match(String name, String pattern, String input, boolean matches) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Match> matches() {
        String cron = "^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$";
        return Stream.of(
                new Match("the CronTab pattern accepts five fields", cron, "*/5 * * * *", true),
                new Match("the CronTab pattern rejects four fields", cron, "* * * *", false),
                new Match("matching is a search, not a full match", "b+", "abbbc", true),
                new Match("dollar does not match before a final newline", "abc$", "abc\n", false),
                new Match("dollar matches at a line end in multi-line mode", "(?m)abc$", "abc\nx", true),
                new Match("dollar in a multi-line group stays scoped to the group", "(?m:a$)\nb$", "a\nb\n", false),
                new Match("dot does not match a newline", "a.b", "a\nb", false),
                new Match("dot matches a newline with s", "(?s)a.b", "a\nb", true),
                new Match("backslash s excludes vertical tab", "^\\s$", "\u000b", false),
                new Match("backslash s includes form feed", "^\\s$", "\f", true),
                new Match("negated backslash s inside a class", "^[\\S]+$", "ab\u000bc", true),
                new Match("posix classes work inside brackets", "^[[:alpha:]]+$", "abcXYZ", true),
                new Match("negated posix classes work", "^[[:^digit:]]+$", "abc", true),
                new Match("case folding is Unicode-aware", "(?i)^é$", "É", true),
                new Match("Unicode categories", "^\\pL+$", "héllo", true),
                new Match("Unicode scripts", "^\\p{Greek}+$", "αβγ", true),
                new Match("negated Unicode script", "^\\P{Greek}+$", "abc", true),
                new Match("named groups in Python style", "^(?P<year>\\d{4})-(?<month>\\d{2})$", "2024-05", true),
                new Match("a brace that is not a repeat is a literal", "^a{,3}$", "a{,3}", true),
                new Match("counted repetition", "^x{2,3}$", "xxxx", false),
                new Match("quoted literal text", "^\\Q.*+\\E$", ".*+", true),
                new Match("octal escapes", "^\\101$", "A", true),
                new Match("hex escapes with braces", "^\\x{1F600}$", "\uD83D\uDE00", true),
                new Match("a leading bracket is a literal member", "^[]a]+$", "]a]", true),
                new Match("an opening bracket inside a class is literal", "^[[a]+$", "[a[", true),
                new Match("ampersands inside a class are literal", "^[a&&b]+$", "&&", true),
                new Match("escaped dash inside a class", "^[a\\-z]+$", "-", true),
                new Match("ungreedy flag does not change whether a match exists", "(?U)a+b", "aaab", true),
                new Match("vertical tab escape is one character", "^\\v$", "\u000b", true),
                new Match("word boundaries", "\\bcat\\b", "a cat!", true),
                new Match("text anchors", "\\Aab\\z", "ab", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matches")
    void searchesAsGoDoes(Match m) throws GoRegexException {
        assertThat(GoRegex.compile(m.pattern()).find(m.input())).isEqualTo(m.matches());
    }

    record Rejection(String name, String pattern, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Rejection> rejections() {
        return Stream.of(
                new Rejection("lookahead is not RE2", "a(?=b)",
                        "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"),
                new Rejection("stacked repetition", "a**", "error parsing regexp: invalid nested repetition operator: `**`"),
                new Rejection("possessive quantifier", "a++", "error parsing regexp: invalid nested repetition operator: `++`"),
                new Rejection("repetition of a repetition", "a{2}{3}",
                        "error parsing regexp: invalid nested repetition operator: `{2}{3}`"),
                new Rejection("backreference", "(a)\\1", "error parsing regexp: invalid escape sequence: `\\1`"),
                new Rejection("nothing to repeat", "*a", "error parsing regexp: missing argument to repetition operator: `*`"),
                new Rejection("unclosed group", "(a", "error parsing regexp: missing closing ): `(a`"),
                new Rejection("stray closing parenthesis", "a)", "error parsing regexp: unexpected ): `a)`"),
                new Rejection("unclosed class", "[a", "error parsing regexp: missing closing ]: `[a`"),
                new Rejection("repeat count over 1000", "a{1001}", "error parsing regexp: invalid repeat count: `{1001}`"),
                new Rejection("reversed range", "[z-a]", "error parsing regexp: invalid character class range: `z-a`"),
                new Rejection("Java-only escape", "a\\Z", "error parsing regexp: invalid escape sequence: `\\Z`"),
                new Rejection("unknown Unicode class", "\\p{Foo}", "error parsing regexp: invalid character class range: `\\p{Foo}`"),
                new Rejection("unknown POSIX class", "[[:foo:]]", "error parsing regexp: invalid character class range: `[:foo:]`"),
                new Rejection("trailing backslash", "a\\", "error parsing regexp: trailing backslash at end of expression: ``"),
                new Rejection("bad named group", "(?P<a-b>x)", "error parsing regexp: invalid named capture: `(?P<a-b>`"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void rejectsWhatGoRejectsWithGoMessages(Rejection r) {
        assertThatThrownBy(() -> GoRegex.compile(r.pattern())).isInstanceOf(GoRegexException.class)
                .hasMessage(r.message());
    }

    @Test
    void aRunawayBacktrackingSearchStopsAtItsBudget() throws GoRegexException {
        // Linear in RE2, polynomial of high degree for a backtracking matcher.
        GoRegex re = GoRegex.compile("^(.*a){12}$");
        assertThatThrownBy(() -> re.find("a".repeat(25) + "!")).isInstanceOf(GoRegex.TooExpensive.class);
        assertThat(re.find("a".repeat(12))).isTrue();
    }
}
