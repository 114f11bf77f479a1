package dev.tugboat.api.batch;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a CronJob schedule the way upstream's parser ({@code robfig/cron} {@code ParseStandard}) does:
 * five fields (minute, hour, day of month, month, day of week) or a descriptor ({@code @hourly},
 * {@code @every 5m}, …), with an optional {@code TZ=}/{@code CRON_TZ=} prefix. Messages match the
 * parser's errors. Pure and thread-safe.
 */
public final class CronSchedule {

    private record Bounds(int min, int max, Map<String, Integer> names) {
    }

    private static final List<Bounds> FIELDS = List.of(
            new Bounds(0, 59, Map.of()),
            new Bounds(0, 23, Map.of()),
            new Bounds(1, 31, Map.of()),
            new Bounds(1, 12, Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3),
                    Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
                    Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11),
                    Map.entry("dec", 12))),
            new Bounds(0, 6, Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4, "fri", 5, "sat", 6)));
    private static final List<String> DESCRIPTORS = List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily",
            "@midnight", "@hourly");

    private CronSchedule() {
    }

    /** The parser's error for {@code spec}, or empty when it is a valid schedule. */
    public static Optional<String> problem(String spec) {
        String s = spec.strip();
        if (s.isEmpty()) {
            return Optional.of("empty spec string");
        }
        if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
            int space = s.indexOf(' ');
            int eq = s.indexOf('=');
            String zone = space < 0 ? s.substring(eq + 1) : s.substring(eq + 1, space);
            if (!isZone(zone)) {
                return Optional.of("provided bad location " + zone + ": unknown time zone " + zone);
            }
            s = space < 0 ? "" : s.substring(space).strip();
        }
        if (s.startsWith("@")) {
            return descriptor(s);
        }
        String[] fields = s.split("\\s+");
        if (fields.length != FIELDS.size()) {
            return Optional.of("expected exactly 5 fields, found " + fields.length + ": [" + String.join(" ", fields) + "]");
        }
        for (int i = 0; i < fields.length; i++) {
            for (String expr : fields[i].split(",", -1)) {
                Optional<String> p = range(expr, FIELDS.get(i));
                if (p.isPresent()) {
                    return p;
                }
            }
        }
        return Optional.empty();
    }

    /** Whether Go's {@code time.LoadLocation} would know this zone. */
    static boolean isZone(String zone) {
        if (zone.isEmpty() || zone.equals("UTC") || zone.equals("Local")) {
            return true;
        }
        try {
            return ZoneId.getAvailableZoneIds().contains(zone) && ZoneId.of(zone) != null;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static Optional<String> descriptor(String s) {
        if (DESCRIPTORS.contains(s)) {
            return Optional.empty();
        }
        if (s.startsWith("@every ")) {
            String d = s.substring("@every ".length());
            return GoDuration.problem(d).map(err -> "failed to parse duration " + s + ": " + err);
        }
        return Optional.of("unrecognized descriptor: " + s);
    }

    private static Optional<String> range(String expr, Bounds b) {
        String[] rangeAndStep = expr.split("/", -1);
        String[] lowAndHigh = rangeAndStep[0].split("-", -1);
        boolean single = lowAndHigh.length == 1;
        long start;
        long end;
        if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
            start = b.min();
            end = b.max();
        } else {
            Result r = intOrName(lowAndHigh[0], b.names());
            if (r.error != null) {
                return Optional.of(r.error);
            }
            start = r.value;
            switch (lowAndHigh.length) {
                case 1 -> end = start;
                case 2 -> {
                    Result e = intOrName(lowAndHigh[1], b.names());
                    if (e.error != null) {
                        return Optional.of(e.error);
                    }
                    end = e.value;
                }
                default -> {
                    return Optional.of("too many hyphens: " + expr);
                }
            }
        }
        long step;
        switch (rangeAndStep.length) {
            case 1 -> step = 1;
            case 2 -> {
                Result st = parseInt(rangeAndStep[1]);
                if (st.error != null) {
                    return Optional.of(st.error);
                }
                step = st.value;
                if (single) {
                    end = b.max();
                }
            }
            default -> {
                return Optional.of("too many slashes: " + expr);
            }
        }
        if (start < b.min()) {
            return Optional.of("beginning of range (" + start + ") below minimum (" + b.min() + "): " + expr);
        }
        if (end > b.max()) {
            return Optional.of("end of range (" + end + ") above maximum (" + b.max() + "): " + expr);
        }
        if (start > end) {
            return Optional.of("beginning of range (" + start + ") beyond end of range (" + end + "): " + expr);
        }
        if (step == 0) {
            return Optional.of("step of range should be a positive number: " + expr);
        }
        return Optional.empty();
    }

    private record Result(long value, String error) {
    }

    private static Result intOrName(String expr, Map<String, Integer> names) {
        Integer named = names.get(expr.toLowerCase(Locale.ROOT));
        return named != null ? new Result(named, null) : parseInt(expr);
    }

    /** Go's {@code strconv.Atoi} plus the parser's non-negative rule, with their messages. */
    private static Result parseInt(String expr) {
        if (!expr.matches("[+-]?[0-9]+")) {
            return new Result(0, "failed to parse int from " + expr + ": strconv.Atoi: parsing \"" + expr
                    + "\": invalid syntax");
        }
        long n;
        try {
            n = Long.parseLong(expr);
        } catch (NumberFormatException e) {
            return new Result(0, "failed to parse int from " + expr + ": strconv.Atoi: parsing \"" + expr
                    + "\": value out of range");
        }
        if (n < 0) {
            return new Result(0, "negative number (" + n + ") not allowed: " + expr);
        }
        return new Result(n, null);
    }

    /** Go's {@code time.ParseDuration}, reduced to whether it accepts the text. */
    private static final class GoDuration {

        private GoDuration() {
        }

        static Optional<String> problem(String s) {
            String quoted = dev.tugboat.api.errors.GoValues.quote(s);
            String t = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
            if (t.equals("0")) {
                return Optional.empty();
            }
            if (t.isEmpty() || !t.matches("([0-9]*(\\.[0-9]*)?(ns|us|µs|μs|ms|s|m|h))+")) {
                boolean missingUnit = t.matches("[0-9.]+");
                return Optional.of(missingUnit ? "time: missing unit in duration " + quoted
                        : "time: invalid duration " + quoted);
            }
            return Optional.empty();
        }
    }
}
