package dev.tugboat.simnode;

import java.time.Duration;

/** Go's {@code time.Duration.String()} for whole seconds and above: {@code 10s}, {@code 5m0s}, {@code 1h2m3s}. */
final class GoDurationFormat {

    private GoDurationFormat() {
    }

    static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        long total = d.toSeconds();
        long h = total / 3600;
        long m = total % 3600 / 60;
        long s = total % 60;
        int millis = d.toMillisPart();
        String secs = millis == 0 ? s + "s" : String.format("%d.%03ds", s, millis).replaceAll("0+s$", "s");
        if (h > 0) {
            return h + "h" + m + "m" + secs;
        }
        if (m > 0) {
            return m + "m" + secs;
        }
        return secs;
    }
}
