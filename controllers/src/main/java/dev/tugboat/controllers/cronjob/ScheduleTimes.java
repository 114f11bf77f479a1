package dev.tugboat.controllers.cronjob;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * When a CronJob should have started (upstream's cronjob utils: mostRecentScheduleTime,
 * nextScheduleTime, nextScheduleTimeDuration). Pure.
 */
final class ScheduleTimes {

    /** Beyond this many missed start times the controller warns (upstream's "somewhat arbitrary" 100). */
    static final long MANY_MISSED = 100;
    /** Padding on the requeue for the next schedule time, against small clock skews (upstream's 100 ms). */
    static final Duration NEXT_SCHEDULE_DELTA = Duration.ofMillis(100);

    enum Missed { NONE, FEW, MANY }

    /**
     * @param earliest   the last schedule time (or creation time), possibly moved up to the starting deadline
     * @param mostRecent the most recent schedule time not after now, if any since {@code earliest}
     * @param missed     how many schedule times were passed over
     */
    record MostRecent(Instant earliest, Optional<Instant> mostRecent, Missed missed) {
    }

    private ScheduleTimes() {
    }

    /**
     * The most recent unmet schedule time at {@code now}, counting from the last schedule time (or the
     * creation time), and not earlier than {@code startingDeadlineSeconds} before now when that is given.
     *
     * @throws IllegalArgumentException when two consecutive schedule times are less than a second apart
     *                                  or the schedule never fires
     */
    static MostRecent mostRecent(Instant created, Optional<Instant> lastScheduleTime,
                                 OptionalLong startingDeadlineSeconds, CronExpression schedule, Instant now) {
        Instant earliest = lastScheduleTime.orElse(created);
        if (startingDeadlineSeconds.isPresent()) {
            Instant deadline = now.minusSeconds(startingDeadlineSeconds.getAsLong());
            if (deadline.isAfter(earliest)) {
                earliest = deadline;
            }
        }
        Optional<Instant> t1 = schedule.next(earliest);
        if (t1.isEmpty() || now.isBefore(t1.get())) {
            return new MostRecent(earliest, Optional.empty(), Missed.NONE);
        }
        Optional<Instant> t2 = schedule.next(t1.get());
        if (t2.isEmpty() || now.isBefore(t2.get())) {
            return new MostRecent(earliest, t1, Missed.NONE);
        }
        long between = Duration.between(t1.get(), t2.get()).plusMillis(500).getSeconds();
        if (between < 1) {
            throw new IllegalArgumentException("time difference between two schedules is less than 1 second");
        }
        // A rough count of the missed times from the interval between the first two; then walk the last few
        // exactly, starting one interval early so that irregular schedules are still found.
        long elapsed = Duration.between(t1.get(), now).getSeconds();
        long missedCount = elapsed / between + 1;
        Instant potentialEarliest = t1.get().plusSeconds((missedCount - 2) * between);
        Instant mostRecent = null;
        for (Optional<Instant> t = schedule.next(potentialEarliest); t.isPresent() && !t.get().isAfter(now);
             t = schedule.next(t.get())) {
            mostRecent = t.get();
        }
        Missed missed = missedCount > MANY_MISSED ? Missed.MANY : Missed.FEW;
        return new MostRecent(earliest, Optional.ofNullable(mostRecent), missed);
    }

    /**
     * How long until the schedule time after the most recent one (from the last schedule or creation
     * time, ignoring the starting deadline), plus {@link #NEXT_SCHEDULE_DELTA}; empty when the schedule
     * never fires again.
     */
    static Optional<Duration> untilNext(Instant created, Optional<Instant> lastScheduleTime,
                                        CronExpression schedule, Instant now) {
        Instant from;
        try {
            MostRecent r = mostRecent(created, lastScheduleTime, OptionalLong.empty(), schedule, now);
            from = r.mostRecent().orElse(r.earliest());
        } catch (IllegalArgumentException e) {
            from = now;
        }
        return schedule.next(from).map(next -> Duration.between(now, next.plus(NEXT_SCHEDULE_DELTA)));
    }

    /** The name of the Job for a schedule time: the CronJob's name and the time in minutes since the epoch. */
    static String jobName(String cronJobName, Instant scheduledTime) {
        return cronJobName + "-" + Math.floorDiv(scheduledTime.getEpochSecond(), 60);
    }
}
