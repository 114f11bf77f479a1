package dev.tugboat.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ScheduleTimesTest {

    static final ZoneId UTC = ZoneId.of("UTC");
    static final CronExpression EVERY_MINUTE = CronExpression.parse("*/1 * * * *", UTC);
    static final CronExpression HOURLY = CronExpression.parse("0 * * * *", UTC);
    static final Instant CREATED = Instant.parse("2025-01-01T10:00:30Z");

    @Test
    void nothingIsDueBeforeTheFirstScheduleTime() {
        var r = ScheduleTimes.mostRecent(CREATED, Optional.empty(), OptionalLong.empty(), EVERY_MINUTE,
                Instant.parse("2025-01-01T10:00:59Z"));
        assertThat(r.mostRecent()).isEmpty();
        assertThat(r.missed()).isEqualTo(ScheduleTimes.Missed.NONE);
    }

    @Test
    void theFirstScheduleTimeAfterCreationIsDue() {
        var r = ScheduleTimes.mostRecent(CREATED, Optional.empty(), OptionalLong.empty(), EVERY_MINUTE,
                Instant.parse("2025-01-01T10:01:10Z"));
        assertThat(r.mostRecent()).contains(Instant.parse("2025-01-01T10:01:00Z"));
        assertThat(r.missed()).isEqualTo(ScheduleTimes.Missed.NONE);
    }

    @Test
    void ofSeveralMissedTimesTheMostRecentIsDue() {
        var r = ScheduleTimes.mostRecent(CREATED, Optional.of(Instant.parse("2025-01-01T10:00:00Z")),
                OptionalLong.empty(), HOURLY, Instant.parse("2025-01-01T14:30:00Z"));
        assertThat(r.mostRecent()).contains(Instant.parse("2025-01-01T14:00:00Z"));
        assertThat(r.missed()).isEqualTo(ScheduleTimes.Missed.FEW);
    }

    @Test
    void moreThanAHundredMissedTimesAreMany() {
        var r = ScheduleTimes.mostRecent(CREATED, Optional.empty(), OptionalLong.empty(), EVERY_MINUTE,
                Instant.parse("2025-01-01T12:00:30Z"));
        assertThat(r.mostRecent()).contains(Instant.parse("2025-01-01T12:00:00Z"));
        assertThat(r.missed()).isEqualTo(ScheduleTimes.Missed.MANY);
    }

    @Test
    void theStartingDeadlineLimitsHowFarBackTheControllerLooks() {
        var r = ScheduleTimes.mostRecent(CREATED, Optional.empty(), OptionalLong.of(120), EVERY_MINUTE,
                Instant.parse("2025-01-01T12:00:30Z"));
        assertThat(r.earliest()).isEqualTo(Instant.parse("2025-01-01T11:58:30Z"));
        assertThat(r.mostRecent()).contains(Instant.parse("2025-01-01T12:00:00Z"));
        assertThat(r.missed()).isEqualTo(ScheduleTimes.Missed.FEW);
    }

    @Test
    void irregularSchedulesFindTheRightMostRecentTime() {
        CronExpression uneven = CronExpression.parse("30 6-16/4 * * *", UTC);
        // Runs at 06:30, 10:30 and 14:30: the estimate from the first interval (4 h) must not skip 06:30.
        var r = ScheduleTimes.mostRecent(Instant.parse("2025-01-01T00:00:00Z"),
                Optional.of(Instant.parse("2025-01-01T06:30:00Z")), OptionalLong.empty(), uneven,
                Instant.parse("2025-01-03T07:00:00Z"));
        assertThat(r.mostRecent()).contains(Instant.parse("2025-01-03T06:30:00Z"));
    }

    @Test
    void everySecondWorksButASchedulesThatRepeatsWithinASecondIsRejected() {
        CronExpression never = CronExpression.parse("@every 1s", UTC);
        assertThat(ScheduleTimes.mostRecent(CREATED, Optional.empty(), OptionalLong.empty(), never,
                CREATED.plusSeconds(5)).mostRecent()).contains(CREATED.plusSeconds(5));
        assertThatThrownBy(() -> ScheduleTimes.mostRecent(CREATED, Optional.empty(), OptionalLong.empty(),
                new CronExpression.Every(Duration.ZERO), CREATED.plusSeconds(5)))
                .hasMessage("time difference between two schedules is less than 1 second");
    }

    @Test
    void theNextWakeIsTheNextScheduleTimePlusAPadding() {
        assertThat(ScheduleTimes.untilNext(CREATED, Optional.of(Instant.parse("2025-01-01T10:01:00Z")),
                EVERY_MINUTE, Instant.parse("2025-01-01T10:01:20Z")))
                .contains(Duration.ofSeconds(40).plusMillis(100));
    }

    @Test
    void jobNamesCarryTheScheduleTimeInMinutes() {
        assertThat(ScheduleTimes.jobName("hello", Instant.parse("2025-01-01T10:01:00Z"))).isEqualTo("hello-28928761");
    }
}
