package dev.tugboat.api.schema;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The checks Go's decoder makes on scalar strings of built-in kinds, with its wording: {@code []byte}
 * fields must be standard padded base64 ({@code encoding/base64}), {@code metav1.Time} and
 * {@code metav1.MicroTime} must parse with {@code time.Parse} and their layouts. Stateless.
 */
public final class GoScalars {

    public static final String RFC3339 = "2006-01-02T15:04:05Z07:00";
    public static final String RFC3339_MICRO = "2006-01-02T15:04:05.000000Z07:00";

    private GoScalars() {
    }

    /**
     * Why {@code s} is not standard base64 as Go's {@code base64.StdEncoding} reads it (padding
     * required, CR and LF ignored), e.g. {@code illegal base64 data at input byte 0}.
     */
    public static Optional<String> base64Error(String s) {
        byte[] src = s.getBytes(StandardCharsets.UTF_8);
        int si = 0;
        while (true) {
            int j = 0;
            while (j < 4) {
                if (si == src.length) {
                    return j == 0 ? Optional.empty() : corrupt(si - j);
                }
                byte in = src[si++];
                if (isBase64(in)) {
                    j++;
                    continue;
                }
                if (in == '\n' || in == '\r') {
                    continue;
                }
                if (in != '=' || j < 2) {
                    return corrupt(si - 1);
                }
                if (j == 2) {
                    si = skipNewlines(src, si);
                    if (si == src.length) {
                        return corrupt(src.length);
                    }
                    if (src[si] != '=') {
                        return corrupt(si - 1);
                    }
                    si++;
                }
                si = skipNewlines(src, si);
                return si < src.length ? corrupt(si) : Optional.empty();
            }
        }
    }

    private static boolean isBase64(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '+' || b == '/';
    }

    private static int skipNewlines(byte[] src, int si) {
        while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
            si++;
        }
        return si;
    }

    private static Optional<String> corrupt(int at) {
        return Optional.of("illegal base64 data at input byte " + at);
    }

    /**
     * Why {@code value} does not parse with Go's {@code time.Parse(layout, value)} for
     * {@link #RFC3339} or {@link #RFC3339_MICRO}, e.g. {@code parsing time "yesterday" as
     * "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"}.
     */
    public static Optional<String> timeError(String value, String layout) {
        return new TimeParse(value, layout).run();
    }

    /** One run of Go's layout-driven parser over the two layouts used by the API. */
    private static final class TimeParse {
        private final String value;
        private final String layout;
        private String rest;
        private int year;
        private int month;
        private int day;

        TimeParse(String value, String layout) {
            this.value = value;
            this.layout = layout;
            this.rest = value;
        }

        Optional<String> run() {
            String[] elements = layout.equals(RFC3339_MICRO)
                    ? new String[] {"2006", "-", "01", "-", "02", "T", "15", ":", "04", ":", "05", ".000000", "Z07:00"}
                    : new String[] {"2006", "-", "01", "-", "02", "T", "15", ":", "04", ":", "05", "Z07:00"};
            for (int i = 0; i < elements.length; i++) {
                String element = elements[i];
                boolean fractionNext = i + 1 < elements.length && elements[i + 1].startsWith(".");
                Optional<String> problem = element.length() == 1 ? literal(element) : std(element, fractionNext);
                if (problem.isPresent()) {
                    return problem;
                }
            }
            if (!rest.isEmpty()) {
                return Optional.of("parsing time " + quote(value) + ": extra text: " + quote(rest));
            }
            if (day < 1 || day > daysIn(month, year)) {
                return Optional.of("parsing time " + quote(value) + ": day out of range");
            }
            return Optional.empty();
        }

        private Optional<String> literal(String element) {
            if (!rest.startsWith(element)) {
                return cannotParse(rest, element);
            }
            rest = rest.substring(element.length());
            return Optional.empty();
        }

        private Optional<String> std(String element, boolean fractionNext) {
            String hold = rest;
            String outOfRange = null;
            switch (element) {
                case "2006" -> {
                    if (rest.length() < 4 || !digits(rest, 0, 4)) {
                        return cannotParse(hold, element);
                    }
                    year = Integer.parseInt(rest.substring(0, 4));
                    rest = rest.substring(4);
                }
                case "01", "02", "04", "05" -> {
                    int n = number(true);
                    if (n < 0) {
                        return cannotParse(hold, element);
                    }
                    switch (element) {
                        case "01" -> {
                            month = n;
                            outOfRange = n < 1 || n > 12 ? "month" : null;
                        }
                        case "02" -> day = n;
                        case "04" -> outOfRange = n >= 60 ? "minute" : null;
                        default -> {
                            outOfRange = n >= 60 ? "second" : null;
                            if (outOfRange == null && !fractionNext && rest.length() >= 2 && isFractionMark(rest)
                                    && digits(rest, 1, 2)) {
                                int end = 2;
                                while (digits(rest, end, end + 1)) {
                                    end++;
                                }
                                rest = rest.substring(end);
                            }
                        }
                    }
                }
                case "15" -> {
                    int n = number(false);
                    if (n < 0) {
                        return cannotParse(hold, element);
                    }
                    outOfRange = n >= 24 ? "hour" : null;
                }
                case ".000000" -> {
                    if (rest.length() < 7 || !isFractionMark(rest) || !digits(rest, 1, 7)) {
                        return cannotParse(hold, element);
                    }
                    rest = rest.substring(7);
                }
                case "Z07:00" -> {
                    if (rest.startsWith("Z")) {
                        rest = rest.substring(1);
                        break;
                    }
                    if (rest.length() < 6 || rest.charAt(3) != ':' || !digits(rest, 1, 3) || !digits(rest, 4, 6)
                            || (rest.charAt(0) != '+' && rest.charAt(0) != '-')) {
                        return cannotParse(hold, element);
                    }
                    int hours = Integer.parseInt(rest.substring(1, 3));
                    int minutes = Integer.parseInt(rest.substring(4, 6));
                    rest = rest.substring(6);
                    outOfRange = minutes > 60 ? "time zone offset minute" : hours > 24 ? "time zone offset hour" : null;
                }
                default -> throw new IllegalStateException("layout element " + element);
            }
            if (outOfRange != null) {
                return Optional.of("parsing time " + quote(value) + ": " + outOfRange + " out of range");
            }
            return Optional.empty();
        }

        /** Go's {@code getnum}: one or two digits (exactly two when {@code fixed}); -1 if none. */
        private int number(boolean fixed) {
            if (!digits(rest, 0, 1)) {
                return -1;
            }
            if (!digits(rest, 1, 2)) {
                if (fixed) {
                    return -1;
                }
                int n = rest.charAt(0) - '0';
                rest = rest.substring(1);
                return n;
            }
            int n = Integer.parseInt(rest.substring(0, 2));
            rest = rest.substring(2);
            return n;
        }

        private Optional<String> cannotParse(String valueElement, String layoutElement) {
            return Optional.of("parsing time " + quote(value) + " as " + quote(layout) + ": cannot parse "
                    + quote(valueElement) + " as " + quote(layoutElement));
        }
    }

    private static boolean isFractionMark(String s) {
        return s.charAt(0) == '.' || s.charAt(0) == ',';
    }

    /** Whether {@code s[from, to)} exists and is all ASCII digits. */
    private static boolean digits(String s, int from, int to) {
        if (s.length() < to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int daysIn(int month, int year) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /**
     * The {@code time} package's quoting (not {@code strconv.Quote}): quotes and backslashes escaped,
     * the UTF-8 bytes of control and non-ASCII characters as {@code \xNN}.
     */
    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(c -> {
            if (c < ' ' || c >= 0x80) {
                for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                    sb.append(String.format("\\x%02x", b & 0xff));
                }
            } else {
                if (c == '"' || c == '\\') {
                    sb.append('\\');
                }
                sb.append((char) c);
            }
        });
        return sb.append('"').toString();
    }
}
