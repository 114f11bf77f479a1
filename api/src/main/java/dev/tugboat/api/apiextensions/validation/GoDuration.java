package dev.tugboat.api.apiextensions.validation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kube-openapi's {@code duration} format: Go's {@code time.ParseDuration}, or failing that any text
 * holding at least one {@code <integer><unit>} pair with a Scala-style unit ({@code 5 minutes},
 * {@code 3d}). Stateless and thread-safe.
 */
final class GoDuration {

    private static final Map<String, BigInteger> GO_UNITS = Map.of(
            "ns", BigInteger.ONE, "us", BigInteger.valueOf(1_000), "\u00b5s", BigInteger.valueOf(1_000),
            "\u03bcs", BigInteger.valueOf(1_000), "ms", BigInteger.valueOf(1_000_000),
            "s", BigInteger.valueOf(1_000_000_000L), "m", BigInteger.valueOf(60_000_000_000L),
            "h", BigInteger.valueOf(3_600_000_000_000L));
    private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(63);
    private static final List<List<String>> SCALA_UNITS = List.of(List.of("ns", "nano"),
            List.of("us", "\u00b5s", "micro"), List.of("ms", "milli"), List.of("s", "sec"), List.of("m", "min"),
            List.of("h", "hr", "hour"), List.of("d", "day"), List.of("w", "wk", "week"));
    private static final Pattern SCALA = Pattern.compile("(((?:-[\\t\\n\\f\\r ]?)?[0-9]+)[\\t\\n\\f\\r ]*([A-Za-z\u00b5]+))");

    private GoDuration() {
    }

    static boolean isValid(String s) {
        return isGoDuration(s) || isScalaDuration(s);
    }

    /** {@code [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+} with Go's units, within ±2^63 nanoseconds. */
    static boolean isGoDuration(String s) {
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return true;
        }
        if (s.isEmpty()) {
            return false;
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            boolean pre = i > start;
            String whole = s.substring(start, i);
            String frac = "";
            boolean post = false;
            if (i < s.length() && s.charAt(i) == '.') {
                int f = ++i;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    i++;
                }
                frac = s.substring(f, i);
                post = i > f;
            }
            if (!pre && !post) {
                return false;
            }
            int u = i;
            while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
                i++;
            }
            BigInteger unit = GO_UNITS.get(s.substring(u, i));
            if (unit == null) {
                return false;
            }
            BigDecimal value = new BigDecimal((whole.isEmpty() ? "0" : whole) + (frac.isEmpty() ? "" : "." + frac));
            total = total.add(value.multiply(new BigDecimal(unit)));
            if (total.compareTo(new BigDecimal(LIMIT)) > 0) {
                return false;
            }
        }
        return neg || total.compareTo(new BigDecimal(LIMIT.subtract(BigInteger.ONE))) <= 0;
    }

    private static boolean isScalaDuration(String s) {
        boolean ok = false;
        Matcher m = SCALA.matcher(s);
        while (m.find()) {
            String value = m.group(2);
            if (value.startsWith("-")) {
                value = value.substring(1);
            }
            try {
                Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                return false;
            }
            String unit = m.group(3).strip().toLowerCase(Locale.ROOT);
            for (List<String> variants : SCALA_UNITS) {
                for (int i = 0; i < variants.size(); i++) {
                    String v = variants.get(i);
                    if (i == variants.size() - 1 && unit.startsWith(v) || v.equalsIgnoreCase(unit)) {
                        ok = true;
                    }
                }
            }
        }
        return ok;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
