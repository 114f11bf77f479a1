package dev.tugboat.controllers.cronjob;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed cron schedule with the semantics of the parser the CronJob controller uses upstream
 * ({@code robfig/cron} v3 {@code ParseStandard}): five fields (minute, hour, day of month, month, day of
 * week) with lists, ranges, steps, {@code *}, {@code ?} and month/weekday names; the descriptors
 * {@code @yearly}, {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily},
 * {@code @midnight}, {@code @hourly} and {@code @every <duration>}; and an optional {@code TZ=}/
 * {@code CRON_TZ=} prefix (whether a CronJob may use it is the API server's business).
 *
 * <p>{@link #next} walks the calendar in the schedule's zone as the Go library does, so across DST a
 * time in a spring-forward gap is skipped that day and a time in a fall-back overlap runs twice.
 * Immutable and thread-safe.
 */
public sealed interface CronExpression {

    /** The first activation strictly after {@code t}, or empty when there is none within five years. */
    Optional<Instant> next(Instant t);

    /**
     * Parses a schedule.
     *
     * @param defaultZone the zone of a schedule without a {@code TZ=} prefix (the controller's local zone)
     * @throws IllegalArgumentException with the parser's message when the schedule is not valid
     */
    static CronExpression parse(String spec, ZoneId defaultZone) {
        return Parser.parse(spec, defaultZone);
    }

    /** A calendar schedule (robfig's SpecSchedule): one bit set per field, plus the "star" bit. */
    record Spec(long minutes, long hours, long daysOfMonth, long months, long daysOfWeek, ZoneId zone)
            implements CronExpression {

        /** Set on a day field written as {@code *} or {@code ?}: the other day field alone decides. */
        static final long STAR = 1L << 63;

        @Override
        public Optional<Instant> next(Instant after) {
            // Start at the next whole second; "added" marks that lower fields have been reset to their minimum.
            ZonedDateTime t = after.atZone(zone).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
            boolean added = false;
            int yearLimit = t.getYear() + 5;
            wrap:
            while (true) {
                if (t.getYear() > yearLimit) {
                    return Optional.empty();
                }
                while (!has(months, t.getMonthValue())) {
                    if (!added) {
                        added = true;
                        t = ZonedDateTime.of(t.getYear(), t.getMonthValue(), 1, 0, 0, 0, 0, zone);
                    }
                    t = t.plusMonths(1);
                    if (t.getMonthValue() == 1) {
                        continue wrap;
                    }
                }
                while (!dayMatches(t)) {
                    if (!added) {
                        added = true;
                        t = ZonedDateTime.of(t.toLocalDate().atStartOfDay(), zone);
                    }
                    t = t.plusDays(1);
                    // Where midnight does not exist, get back onto a midnight as the Go library does.
                    if (t.getHour() != 0) {
                        t = t.getHour() > 12 ? t.plusHours(24 - t.getHour()) : t.minusHours(t.getHour());
                    }
                    if (t.getDayOfMonth() == 1) {
                        continue wrap;
                    }
                }
                while (!has(hours, t.getHour())) {
                    if (!added) {
                        added = true;
                        t = t.truncatedTo(ChronoUnit.HOURS);
                    }
                    t = t.plusHours(1);
                    if (t.getHour() == 0) {
                        continue wrap;
                    }
                }
                while (!has(minutes, t.getMinute())) {
                    if (!added) {
                        added = true;
                        t = t.truncatedTo(ChronoUnit.MINUTES);
                    }
                    t = t.plusMinutes(1);
                    if (t.getMinute() == 0) {
                        continue wrap;
                    }
                }
                // Seconds are always 0 in the standard syntax: move to the next whole minute and look again.
                if (t.getSecond() != 0) {
                    t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
                    added = true;
                    continue;
                }
                return Optional.of(t.toInstant());
            }
        }

        private boolean dayMatches(ZonedDateTime t) {
            boolean dom = has(daysOfMonth, t.getDayOfMonth());
            boolean dow = has(daysOfWeek, t.getDayOfWeek().getValue() % 7);
            if ((daysOfMonth & STAR) != 0 || (daysOfWeek & STAR) != 0) {
                return dom && dow;
            }
            return dom || dow;
        }

        private static boolean has(long bits, int value) {
            return (bits & (1L << value)) != 0;
        }
    }

    /** {@code @every <duration>} (robfig's ConstantDelaySchedule): whole seconds, at least one. */
    record Every(Duration delay) implements CronExpression {

        @Override
        public Optional<Instant> next(Instant t) {
            return Optional.of(t.truncatedTo(ChronoUnit.SECONDS).plus(delay));
        }
    }

    /** The text-to-schedule half; errors carry the Go parser's messages. */
    final class Parser {

        private record Bounds(int min, int max, Map<String, Integer> names) {
        }

        private static final Bounds MINUTE = new Bounds(0, 59, Map.of());
        private static final Bounds HOUR = new Bounds(0, 23, Map.of());
        private static final Bounds DOM = new Bounds(1, 31, Map.of());
        private static final Bounds MONTH = new Bounds(1, 12, Map.ofEntries(Map.entry("jan", 1),
                Map.entry("feb", 2), Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5),
                Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8), Map.entry("sep", 9),
                Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12)));
        private static final Bounds DOW = new Bounds(0, 6, Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3,
                "thu", 4, "fri", 5, "sat", 6));
        private static final List<Bounds> FIELDS = List.of(MINUTE, HOUR, DOM, MONTH, DOW);

        private Parser() {
        }

        static CronExpression parse(String spec, ZoneId defaultZone) {
            String s = spec.strip();
            if (s.isEmpty()) {
                throw new IllegalArgumentException("empty spec string");
            }
            ZoneId zone = defaultZone;
            if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
                int space = s.indexOf(' ');
                String name = s.substring(s.indexOf('=') + 1, space < 0 ? s.length() : space);
                zone = zone(name, defaultZone);
                s = space < 0 ? "" : s.substring(space).strip();
            }
            if (s.startsWith("@")) {
                return descriptor(s, zone);
            }
            String[] fields = s.split("\\s+");
            if (fields.length != FIELDS.size()) {
                throw new IllegalArgumentException("expected exactly 5 fields, found " + fields.length + ": ["
                        + String.join(" ", fields) + "]");
            }
            long[] bits = new long[fields.length];
            for (int i = 0; i < fields.length; i++) {
                bits[i] = field(fields[i], FIELDS.get(i));
            }
            return new Spec(bits[0], bits[1], bits[2], bits[3], bits[4], zone);
        }

        private static ZoneId zone(String name, ZoneId defaultZone) {
            if (name.equals("Local")) {
                return defaultZone;
            }
            if (name.isEmpty() || name.equals("UTC")) {
                return ZoneId.of("UTC");
            }
            try {
                if (ZoneId.getAvailableZoneIds().contains(name)) {
                    return ZoneId.of(name);
                }
            } catch (DateTimeException e) {
                // fall through to the parser's error
            }
            throw new IllegalArgumentException("provided bad location " + name + ": unknown time zone " + name);
        }

        private static CronExpression descriptor(String s, ZoneId zone) {
            long all = Spec.STAR;
            return switch (s) {
                case "@yearly", "@annually" -> new Spec(1L, 1L, 1L << 1, 1L << 1, bits(0, 6, 1) | all, zone);
                case "@monthly" -> new Spec(1L, 1L, 1L << 1, bits(1, 12, 1) | all, bits(0, 6, 1) | all, zone);
                case "@weekly" -> new Spec(1L, 1L, bits(1, 31, 1) | all, bits(1, 12, 1) | all, 1L, zone);
                case "@daily", "@midnight" -> new Spec(1L, 1L, bits(1, 31, 1) | all, bits(1, 12, 1) | all,
                        bits(0, 6, 1) | all, zone);
                case "@hourly" -> new Spec(1L, bits(0, 23, 1) | all, bits(1, 31, 1) | all, bits(1, 12, 1) | all,
                        bits(0, 6, 1) | all, zone);
                default -> {
                    if (s.startsWith("@every ")) {
                        yield every(s);
                    }
                    throw new IllegalArgumentException("unrecognized descriptor: " + s);
                }
            };
        }

        private static CronExpression every(String s) {
            Duration d;
            try {
                d = GoDurations.parse(s.substring("@every ".length()).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("failed to parse duration " + s + ": " + e.getMessage());
            }
            // As the Go library: below a second becomes a second, and fractions of a second are dropped.
            if (d.compareTo(Duration.ofSeconds(1)) < 0) {
                d = Duration.ofSeconds(1);
            }
            return new Every(Duration.ofSeconds(d.getSeconds()));
        }

        private static long field(String field, Bounds b) {
            long bits = 0;
            for (String expr : field.split(",", -1)) {
                bits |= range(expr, b);
            }
            return bits;
        }

        private static long range(String expr, Bounds b) {
            String[] rangeAndStep = expr.split("/", -1);
            String[] lowAndHigh = rangeAndStep[0].split("-", -1);
            boolean single = lowAndHigh.length == 1;
            long extra = 0;
            int start;
            int end;
            if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
                start = b.min();
                end = b.max();
                extra = Spec.STAR;
            } else {
                start = intOrName(lowAndHigh[0], b);
                end = switch (lowAndHigh.length) {
                    case 1 -> start;
                    case 2 -> intOrName(lowAndHigh[1], b);
                    default -> throw new IllegalArgumentException("too many hyphens: " + expr);
                };
            }
            int step;
            switch (rangeAndStep.length) {
                case 1 -> step = 1;
                case 2 -> {
                    step = number(rangeAndStep[1]);
                    if (single) {
                        end = b.max(); // "N/step" means "N-max/step"
                    }
                    if (step > 1) {
                        extra = 0;
                    }
                }
                default -> throw new IllegalArgumentException("too many slashes: " + expr);
            }
            if (start < b.min()) {
                throw new IllegalArgumentException("beginning of range (" + start + ") below minimum (" + b.min()
                        + "): " + expr);
            }
            if (end > b.max()) {
                throw new IllegalArgumentException("end of range (" + end + ") above maximum (" + b.max() + "): "
                        + expr);
            }
            if (start > end) {
                throw new IllegalArgumentException("beginning of range (" + start + ") beyond end of range ("
                        + end + "): " + expr);
            }
            if (step == 0) {
                throw new IllegalArgumentException("step of range should be a positive number: " + expr);
            }
            return bits(start, end, step) | extra;
        }

        private static long bits(int min, int max, int step) {
            long bits = 0;
            for (int i = min; i <= max; i += step) {
                bits |= 1L << i;
            }
            return bits;
        }

        private static int intOrName(String expr, Bounds b) {
            Integer named = b.names().get(expr.toLowerCase(Locale.ROOT));
            return named != null ? named : number(expr);
        }

        private static int number(String expr) {
            if (!expr.matches("[+-]?[0-9]+")) {
                throw new IllegalArgumentException("failed to parse int from " + expr + ": strconv.Atoi: parsing \""
                        + expr + "\": invalid syntax");
            }
            long n;
            try {
                n = Long.parseLong(expr);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("failed to parse int from " + expr
                        + ": strconv.Atoi: parsing \"" + expr + "\": value out of range");
            }
            if (n < 0) {
                throw new IllegalArgumentException("negative number (" + n + ") not allowed: " + expr);
            }
            // Anything above 63 is out of every field's range; keep it so the range check reports it.
            return (int) Math.min(n, 1000);
        }
    }
}
