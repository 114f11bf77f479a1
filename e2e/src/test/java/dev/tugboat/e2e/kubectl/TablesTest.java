package dev.tugboat.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The table assertions accept kubectl's layout and reject anything else. */
class TablesTest {

    private static final String EXPECTED = """
            NAME    READY   STATUS    AGE     IP
            web-1   0/1     Pending   {age}   {ip}
            db      0/1     Pending   {age}
            """;

    record Case(String name, String actual, boolean accepted) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("kubectl's layout is accepted", """
                        NAME    READY   STATUS    AGE    IP
                        web-1   0/1     Pending   12s    10.96.0.7
                        db      0/1     Pending   3m4s
                        """.replace("3m4s\n", "3m4s   \n"), true),
                new Case("a wrong cell is rejected", """
                        NAME    READY   STATUS    AGE    IP
                        web-1   1/1     Pending   12s    10.96.0.7
                        db      0/1     Pending   3m4s
                        """.replace("3m4s\n", "3m4s   \n"), false),
                new Case("a malformed age is rejected", """
                        NAME    READY   STATUS    AGE   IP
                        web-1   0/1     Pending   12    10.96.0.7
                        db      0/1     Pending   3m
                        """.replace("3m\n", "3m    \n"), false),
                new Case("two spaces of padding instead of three are rejected", """
                        NAME   READY  STATUS   AGE   IP
                        web-1  0/1    Pending  12s   10.96.0.7
                        db     0/1    Pending  3m4s
                        """, false),
                new Case("a missing row is rejected", """
                        NAME    READY   STATUS    AGE   IP
                        web-1   0/1     Pending   12s   10.96.0.7
                        """, false));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void assertTableAcceptsOnlyTheExpectedCellsInKubectlsLayout(Case c) {
        if (c.accepted()) {
            assertThatCode(() -> Tables.assertTable(c.actual(), EXPECTED)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> Tables.assertTable(c.actual(), EXPECTED)).isInstanceOf(AssertionError.class);
        }
    }
}
