package dev.tugboat.apiserver.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A reader of the Prometheus text exposition format (version 0.0.4), what a kubelet's
 * {@code /metrics/resource} answers: {@code # HELP} and {@code # TYPE} lines and other comments are
 * skipped (a TYPE line must name a known type), and every sample line
 * {@code name{label="value",…} value [timestamp]} is read, with the escapes of label values
 * ({@code \\}, {@code \"}, {@code \n}), Go's spellings of special floats ({@code +Inf}, {@code NaN}) and
 * an optional timestamp in milliseconds. Pure.
 */
public final class PrometheusText {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value, OptionalLong timestampMillis) {
        public Sample {
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }

        public String label(String name) {
            return labels.getOrDefault(name, "");
        }
    }

    /** Text that is not in the exposition format; the message names the line. */
    public static final class FormatException extends IllegalArgumentException {
        FormatException(int line, String problem) {
            super("line " + line + ": " + problem);
        }
    }

    private PrometheusText() {
    }

    /** Every sample in {@code text}, in order. */
    public static List<Sample> parse(String text) {
        List<Sample> out = new ArrayList<>();
        int lineNo = 0;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lineNo++;
            String line = text.substring(start, end);
            start = end + 1;
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.charAt(0) == '#') {
                comment(trimmed, lineNo);
                continue;
            }
            out.add(new LineReader(line, lineNo).sample());
        }
        return out;
    }

    /** HELP and TYPE lines must name a metric; TYPE must name a known type; other comments are free. */
    private static void comment(String line, int lineNo) {
        List<String> words = words(line, 1, 3);
        if (words.isEmpty() || !words.get(0).equals("HELP") && !words.get(0).equals("TYPE")) {
            return;
        }
        if (words.size() < 2 || !isMetricName(words.get(1))) {
            throw new FormatException(lineNo, "# " + words.get(0) + " needs a metric name");
        }
        if (words.get(0).equals("TYPE") && (words.size() < 3 || !TYPES.contains(words.get(2).strip()))) {
            throw new FormatException(lineNo, "unknown metric type in \"" + line + "\"");
        }
    }

    /** Up to {@code max} blank-separated words from {@code from}; the last takes the rest of the line. */
    private static List<String> words(String line, int from, int max) {
        List<String> out = new ArrayList<>(max);
        int i = from;
        while (out.size() < max) {
            while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            if (i >= line.length()) {
                break;
            }
            int end = i;
            if (out.size() == max - 1) {
                end = line.length();
            } else {
                while (end < line.length() && line.charAt(end) != ' ' && line.charAt(end) != '\t') {
                    end++;
                }
            }
            out.add(line.substring(i, end));
            i = end;
        }
        return out;
    }

    static boolean isMetricName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':'
                    || i > 0 && c >= '0' && c <= '9';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Reads one sample line left to right. */
    private static final class LineReader {
        private final String s;
        private final int lineNo;
        private int pos;

        LineReader(String s, int lineNo) {
            this.s = s;
            this.lineNo = lineNo;
        }

        Sample sample() {
            skipBlanks();
            String name = name(true);
            Map<String, String> labels = new LinkedHashMap<>();
            boolean blank = skipBlanks();
            if (peek() == '{') {
                pos++;
                labels(labels);
                blank = skipBlanks();
            }
            if (!blank) {
                throw error("expected a blank before the value");
            }
            double value = value(token());
            OptionalLong timestamp = OptionalLong.empty();
            if (skipBlanks() && pos < s.length()) {
                String ts = token();
                try {
                    timestamp = OptionalLong.of(Long.parseLong(ts));
                } catch (NumberFormatException e) {
                    throw error("invalid timestamp \"" + ts + "\"");
                }
                skipBlanks();
            }
            if (pos < s.length()) {
                throw error("unexpected text after the sample: \"" + s.substring(pos) + "\"");
            }
            return new Sample(name, labels, value, timestamp);
        }

        private void labels(Map<String, String> labels) {
            while (true) {
                skipBlanks();
                if (peek() == '}') {
                    pos++;
                    return;
                }
                String label = name(false);
                skipBlanks();
                expect('=');
                skipBlanks();
                expect('"');
                String value = quoted();
                if (labels.put(label, value) != null) {
                    throw error("label " + label + " repeated");
                }
                skipBlanks();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}' after label " + label);
                }
            }
        }

        /** A label value after its opening quote, up to and including the closing one. */
        private String quoted() {
            StringBuilder v = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return v.toString();
                }
                if (c == '\\' && pos < s.length()) {
                    char e = s.charAt(pos++);
                    switch (e) {
                        case '\\' -> v.append('\\');
                        case '"' -> v.append('"');
                        case 'n' -> v.append('\n');
                        default -> v.append('\\').append(e);
                    }
                } else {
                    v.append(c);
                }
            }
            throw error("unterminated label value");
        }

        private String name(boolean metric) {
            int from = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || metric && c == ':'
                        || pos > from && c >= '0' && c <= '9';
                if (!ok) {
                    break;
                }
                pos++;
            }
            if (pos == from) {
                throw error("expected a " + (metric ? "metric" : "label") + " name");
            }
            return s.substring(from, pos);
        }

        private String token() {
            int from = pos;
            while (pos < s.length() && s.charAt(pos) != ' ' && s.charAt(pos) != '\t') {
                pos++;
            }
            if (pos == from) {
                throw error("expected a value");
            }
            return s.substring(from, pos);
        }

        /** A Go float: decimal or exponent form, {@code [+-]Inf}, {@code NaN} (case-insensitive). */
        private double value(String v) {
            if (v.equalsIgnoreCase("nan")) {
                return Double.NaN;
            }
            if (v.equalsIgnoreCase("inf") || v.equalsIgnoreCase("+inf")) {
                return Double.POSITIVE_INFINITY;
            }
            if (v.equalsIgnoreCase("-inf")) {
                return Double.NEGATIVE_INFINITY;
            }
            // Java would also take "Infinity", hex floats and a type suffix ("1d"); Go's decimal form only.
            if (!DECIMAL.matcher(v).matches()) {
                throw error("invalid value \"" + v + "\"");
            }
            return Double.parseDouble(v);
        }

        /** Skips spaces and tabs; whether there were any. */
        private boolean skipBlanks() {
            int from = pos;
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
            return pos > from;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private FormatException error(String problem) {
            return new FormatException(lineNo, problem + " in \"" + s + "\"");
        }
    }
}
