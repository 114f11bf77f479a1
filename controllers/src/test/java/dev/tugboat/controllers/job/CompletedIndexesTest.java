package dev.tugboat.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CompletedIndexesTest {

    record Case(String name, String before, int completions, List<Integer> added, String want, int total) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("nothing stays empty", "", 5, List.of(), "", 0),
                new Case("single indexes", "", 5, List.of(4, 0), "0,4", 2),
                new Case("neighbours join into a range", "", 5, List.of(0, 1, 2, 4), "0-2,4", 4),
                new Case("an added index bridges two ranges", "0-2,4-6", 10, List.of(3), "0-6", 7),
                new Case("repeats count once", "1-3", 10, List.of(2, 3, 3), "1-3", 3),
                new Case("indexes at or above completions are dropped when read", "0-2,7,9", 5, List.of(), "0-2", 3),
                new Case("a range is cut at completions", "3-9", 5, List.of(0), "0,3-4", 3),
                new Case("malformed parts are skipped", "0,x,2-,4", 5, List.of(), "0,4", 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void formatsAsACompressedRangeString(Case c) {
        CompletedIndexes got = CompletedIndexes.parse(c.before(), c.completions()).with(c.added());
        assertThat(got.toString()).isEqualTo(c.want());
        assertThat(got.total()).isEqualTo(c.total());
    }

    @Test
    void firstPendingSkipsCompletedAndBusyIndexes() {
        CompletedIndexes done = CompletedIndexes.parse("0-1,4", 8);
        assertThat(done.firstPending(3, 8, Set.of(2))).containsExactly(3, 5, 6);
        assertThat(done.firstPending(10, 6, Set.of())).containsExactly(2, 3, 5);
        assertThat(done.contains(4)).isTrue();
        assertThat(done.contains(3)).isFalse();
    }
}
