package dev.tugboat.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CronExpressionTest {

    static final ZoneId UTC = ZoneId.of("UTC");

    record Next(String name, String spec, String zone, String after, List<String> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Next> nextCases() {
        return Stream.of(
                new Next("every minute starts at the next whole minute", "* * * * *", "UTC",
                        "2025-01-01T00:00:30Z", List.of("2025-01-01T00:01Z", "2025-01-01T00:02Z")),
                new Next("an exact match is not its own next time", "*/1 * * * *", "UTC",
                        "2025-01-01T00:01:00Z", List.of("2025-01-01T00:02Z")),
                new Next("steps from a start", "5/20 * * * *", "UTC", "2025-01-01T00:00:00Z",
                        List.of("2025-01-01T00:05Z", "2025-01-01T00:25Z", "2025-01-01T00:45Z", "2025-01-01T01:05Z")),
                new Next("lists and ranges", "0,30 9-10 * * *", "UTC", "2025-01-01T08:00:00Z",
                        List.of("2025-01-01T09:00Z", "2025-01-01T09:30Z", "2025-01-01T10:00Z", "2025-01-01T10:30Z",
                                "2025-01-02T09:00Z")),
                new Next("month and weekday names", "0 12 * JAN,feb MON-wed", "UTC", "2025-01-31T13:00:00Z",
                        List.of("2025-02-03T12:00Z", "2025-02-04T12:00Z", "2025-02-05T12:00Z", "2025-02-10T12:00Z")),
                new Next("day of month or day of week when both are restricted", "0 0 13 * 5", "UTC",
                        "2025-06-01T00:00:00Z", List.of("2025-06-06T00:00Z", "2025-06-13T00:00Z", "2025-06-20T00:00Z")),
                new Next("a ? day field defers to the other", "0 0 ? * 1", "UTC", "2025-06-01T00:00:00Z",
                        List.of("2025-06-02T00:00Z", "2025-06-09T00:00Z")),
                new Next("the 31st skips short months", "0 0 31 * *", "UTC", "2025-01-31T00:00:00Z",
                        List.of("2025-03-31T00:00Z", "2025-05-31T00:00Z")),
                new Next("February 29th waits for a leap year", "0 0 29 2 *", "UTC", "2025-01-01T00:00:00Z",
                        List.of("2028-02-29T00:00Z")),
                new Next("@hourly", "@hourly", "UTC", "2025-01-01T00:59:59Z",
                        List.of("2025-01-01T01:00Z", "2025-01-01T02:00Z")),
                new Next("@daily", "@daily", "UTC", "2025-01-01T00:00:00Z", List.of("2025-01-02T00:00Z")),
                new Next("@midnight", "@midnight", "UTC", "2025-01-01T12:00:00Z", List.of("2025-01-02T00:00Z")),
                new Next("@weekly runs on Sundays", "@weekly", "UTC", "2025-01-01T00:00:00Z",
                        List.of("2025-01-05T00:00Z", "2025-01-12T00:00Z")),
                new Next("@monthly", "@monthly", "UTC", "2025-01-15T00:00:00Z",
                        List.of("2025-02-01T00:00Z", "2025-03-01T00:00Z")),
                new Next("@yearly", "@yearly", "UTC", "2025-01-01T00:00:00Z", List.of("2026-01-01T00:00Z")),
                new Next("@annually", "@annually", "UTC", "2025-06-01T00:00:00Z", List.of("2026-01-01T00:00Z")),
                new Next("@every counts from the given time", "@every 90s", "UTC", "2025-01-01T00:00:00.5Z",
                        List.of("2025-01-01T00:01:30Z", "2025-01-01T00:03:00Z")),
                new Next("a zone shifts the wall clock", "0 9 * * *", "Europe/Berlin", "2025-01-01T00:00:00Z",
                        List.of("2025-01-01T08:00Z", "2025-01-02T08:00Z")),
                new Next("a TZ= prefix sets the zone", "TZ=Asia/Tokyo 0 9 * * *", "UTC", "2025-01-01T00:00:00Z",
                        List.of("2025-01-02T00:00Z")),
                new Next("a time in the spring-forward gap is skipped that day", "30 2 * * *", "America/New_York",
                        "2025-03-08T12:00:00Z", List.of("2025-03-10T06:30Z")),
                new Next("a time in the fall-back overlap runs twice", "30 1 * * *", "America/New_York",
                        "2025-11-02T04:00:00Z", List.of("2025-11-02T05:30Z", "2025-11-02T06:30Z", "2025-11-03T06:30Z")),
                new Next("hourly runs keep their pace across spring forward", "0 * * * *", "America/New_York",
                        "2025-03-09T05:30:00Z", List.of("2025-03-09T06:00Z", "2025-03-09T07:00Z", "2025-03-09T08:00Z")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nextCases")
    void nextTimes(Next c) {
        CronExpression e = CronExpression.parse(c.spec(), ZoneId.of(c.zone()));
        Instant t = Instant.parse(c.after());
        List<Instant> got = new ArrayList<>();
        for (int i = 0; i < c.want().size(); i++) {
            t = e.next(t).orElseThrow();
            got.add(t);
        }
        assertThat(got).containsExactlyElementsOf(c.want().stream()
                .map(s -> OffsetDateTime.parse(s).toInstant()).toList());
    }

    @org.junit.jupiter.api.Test
    void anImpossibleDateHasNoNextTime() {
        assertThat(CronExpression.parse("0 0 30 2 *", UTC).next(Instant.parse("2025-01-01T00:00:00Z"))).isEmpty();
    }

    record Bad(String spec, String message) {
        @Override
        public String toString() {
            return "'" + spec + "'";
        }
    }

    static Stream<Bad> badCases() {
        return Stream.of(
                new Bad("", "empty spec string"),
                new Bad("* * * *", "expected exactly 5 fields, found 4: [* * * *]"),
                new Bad("60 * * * *", "end of range (60) above maximum (59): 60"),
                new Bad("* * 0 * *", "beginning of range (0) below minimum (1): 0"),
                new Bad("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"),
                new Bad("*/0 * * * *", "step of range should be a positive number: */0"),
                new Bad("1-2-3 * * * *", "too many hyphens: 1-2-3"),
                new Bad("*/2/3 * * * *", "too many slashes: */2/3"),
                new Bad("x * * * *", "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax"),
                new Bad("* * * * 7", "end of range (7) above maximum (6): 7"),
                new Bad("@fortnightly", "unrecognized descriptor: @fortnightly"),
                new Bad("@every 5", "failed to parse duration @every 5: time: missing unit in duration \"5\""),
                new Bad("TZ=Mars/Olympus * * * * *", "provided bad location Mars/Olympus: unknown time zone Mars/Olympus"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCases")
    void invalidSchedulesAreRejectedWithTheParsersMessage(Bad c) {
        assertThatThrownBy(() -> CronExpression.parse(c.spec(), UTC))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(c.message());
    }
}
