package dev.tugboat.api.meta;

import java.time.Duration;
import java.util.Optional;

/** Go's durations (for annotations and flags): parsing as {@code time.ParseDuration}, formatting as {@code Duration.String()}. */
public final class GoDurations {

    private GoDurations() {
    }

    /** The duration, or empty if {@code text} is not a Go duration (or is negative). */
    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim();
        if (s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        if (s.isEmpty() || s.startsWith("-")) {
            return Optional.empty();
        }
        double nanos = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                return Optional.empty();
            }
            double value;
            try {
                value = Double.parseDouble(s.substring(start, i));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            Optional<Double> unit = unitNanos(s.substring(unitStart, i));
            if (unit.isEmpty()) {
                return Optional.empty();
            }
            nanos += value * unit.get();
        }
        if (nanos > Long.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.round(nanos)));
    }

    private static Optional<Double> unitNanos(String unit) {
        return Optional.ofNullable(switch (unit) {
            case "ns" -> 1.0;
            case "us", "\u00b5s", "\u03bcs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            default -> null;
        });
    }

    /**
     * Go's {@code time.Duration.String()}: {@code 10s}, {@code 5m0s}, {@code 1h2m3s}, {@code 1.002s}, and
     * below a second the largest unit that keeps a whole part: {@code 998ms}, {@code 1.5ms}, {@code 20µs},
     * {@code 7ns}. Negative durations are printed as Go prints them, with a leading minus.
     */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            long nanos = d.toNanos();
            if (nanos < 1_000) {
                return nanos + "ns";
            }
            if (nanos < 1_000_000) {
                return fraction(nanos, 3) + "\u00b5s";
            }
            return fraction(nanos, 6) + "ms";
        }
        long total = d.toSeconds();
        long h = total / 3600;
        long m = total % 3600 / 60;
        String secs = fraction(total % 60 * 1_000_000_000L + d.toNanosPart(), 9) + "s";
        if (h > 0) {
            return h + "h" + m + "m" + secs;
        }
        if (m > 0) {
            return m + "m" + secs;
        }
        return secs;
    }

    /** {@code value / 10^digits} with the fraction's trailing zeros (and a bare point) dropped. */
    private static String fraction(long value, int digits) {
        long unit = (long) Math.pow(10, digits);
        long whole = value / unit;
        long frac = value % unit;
        if (frac == 0) {
            return Long.toString(whole);
        }
        String f = String.format("%0" + digits + "d", frac).replaceAll("0+$", "");
        return whole + "." + f;
    }
}
