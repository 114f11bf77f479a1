package dev.tugboat.api.quantity;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Objects;

/**
 * A fixed-point amount with a suffix family, as apimachinery's {@code resource.Quantity}: parsed from
 * {@code 500m}, {@code 1.5Gi}, {@code 1e3}, printed in canonical form ({@code 0.5} → {@code 500m},
 * {@code 1.5Gi} → {@code 1536Mi}). Values are kept exactly, rounded up to nano precision when parsed.
 *
 * <p>Immutable and thread-safe. Equality and ordering compare the amount only, not the format.
 */
public final class Quantity implements Comparable<Quantity> {

    /** How a quantity is printed; parsing remembers the family of the input's suffix. */
    public enum Format {
        /** {@code 12e6}. */
        DECIMAL_EXPONENT,
        /** {@code 12Mi} (powers of 1024). */
        BINARY_SI,
        /** {@code 12M} (powers of 1000). */
        DECIMAL_SI
    }

    public static final Quantity ZERO = new Quantity(BigDecimal.ZERO, Format.DECIMAL_SI, null);

    private static final int NANO_SCALE = 9;
    private static final int MAX_INT64_DIGITS = 18;
    private static final BigDecimal MAX_BINARY = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal B1024 = BigDecimal.valueOf(1024);
    private static final Map<String, Integer> DECIMAL_SUFFIXES = Map.ofEntries(
            Map.entry("n", -9), Map.entry("u", -6), Map.entry("m", -3), Map.entry("", 0),
            Map.entry("k", 3), Map.entry("M", 6), Map.entry("G", 9), Map.entry("T", 12),
            Map.entry("P", 15), Map.entry("E", 18));
    private static final Map<String, Integer> BINARY_SUFFIXES = Map.of(
            "Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40, "Pi", 50, "Ei", 60);
    private static final String[] BINARY_BY_POWER = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final String SUFFIX_CHARS = "eEinumkKMGTP";

    private final BigDecimal amount;
    private final Format format;
    /** The input text when it was already canonical (upstream keeps it verbatim); null otherwise. */
    private final String text;

    private Quantity(BigDecimal amount, Format format, String text) {
        this.amount = amount;
        this.format = format;
        this.text = text;
    }

    /** A quantity of exactly {@code value} printed in {@code format}. */
    public static Quantity of(BigDecimal value, Format format) {
        return new Quantity(value, Objects.requireNonNull(format), null);
    }

    public static Quantity of(long value, Format format) {
        return of(BigDecimal.valueOf(value), format);
    }

    /** {@code milli / 1000} in decimal SI, e.g. {@code ofMilli(1500)} prints {@code 1500m}. */
    public static Quantity ofMilli(long milli) {
        return of(BigDecimal.valueOf(milli, 3), Format.DECIMAL_SI);
    }

    /**
     * Reads a quantity from a JSON value: a string, or a number (YAML {@code cpu: 1}).
     *
     * @throws QuantityFormatException for anything else or a malformed string
     */
    public static Quantity parse(JsonNode node) {
        if (node != null && node.isNumber()) {
            return parse(node.decimalValue().toPlainString());
        }
        if (node == null || !node.isTextual()) {
            throw new QuantityFormatException(QuantityFormatException.FORMAT_WRONG);
        }
        return parse(node.textValue());
    }

    /**
     * Parses the quantity grammar {@code <sign><digits>[.<digits>]<suffix>}.
     *
     * @throws QuantityFormatException with upstream's message when the text is not a quantity
     */
    public static Quantity parse(String str) {
        if (str == null || str.isEmpty()) {
            throw new QuantityFormatException(QuantityFormatException.FORMAT_WRONG);
        }
        if (str.equals("0")) {
            return new Quantity(BigDecimal.ZERO, Format.DECIMAL_SI, str);
        }
        Scan scan = Scan.of(str);
        if (scan == null) {
            throw new QuantityFormatException(QuantityFormatException.FORMAT_WRONG);
        }
        Suffix suffix = Suffix.interpret(scan.suffix);
        if (suffix == null) {
            throw new QuantityFormatException(QuantityFormatException.SUFFIX);
        }
        BigDecimal magnitude;
        try {
            magnitude = new BigDecimal(scan.num + (scan.denom.isEmpty() ? "" : "." + scan.denom));
        } catch (NumberFormatException e) {
            throw new QuantityFormatException(QuantityFormatException.NUMERIC);
        }
        if (suffix.base == 10) {
            magnitude = magnitude.scaleByPowerOfTen(suffix.exponent);
        } else {
            magnitude = magnitude.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(suffix.exponent)));
        }
        // Amounts finer than a nano are rounded up: asking for a little of a resource yields some of it.
        if (magnitude.signum() != 0 && magnitude.scale() > NANO_SCALE) {
            magnitude = magnitude.setScale(NANO_SCALE, RoundingMode.UP);
        }
        Format format = suffix.format;
        if (format == Format.BINARY_SI && magnitude.compareTo(MAX_BINARY) > 0) {
            magnitude = MAX_BINARY;
        }
        if (format == Format.BINARY_SI && magnitude.signum() > 0 && magnitude.compareTo(BigDecimal.ONE) < 0) {
            format = Format.DECIMAL_SI;
        }
        BigDecimal value = scan.positive ? magnitude : magnitude.negate();
        return new Quantity(value, format, keepsText(scan, suffix) ? str : null);
    }

    /** Upstream's fast path keeps the input text verbatim when it is already in canonical shape. */
    private static boolean keepsText(Scan scan, Suffix suffix) {
        String shifted = scan.num + scan.denom;
        if (suffix.format == Format.BINARY_SI) {
            if (suffix.exponent < 0 || !scan.denom.isEmpty()) {
                return false;
            }
            int precision = 15 - scan.num.length() - (int) (suffix.exponent * 3 / 10f) - 1;
            if (precision < 0 || shifted.length() > MAX_INT64_DIGITS) {
                return false;
            }
            long v = Long.parseLong(shifted);
            return suffix.exponent % 10 == 0 && (v & 0x07) != 0;
        }
        int precision = MAX_INT64_DIGITS - shifted.length();
        int scale = suffix.exponent - scan.denom.length();
        return precision >= 0 && scale >= -NANO_SCALE && scale % 3 == 0
                && !shifted.endsWith("000") && shifted.charAt(0) != '0';
    }

    /** The exact amount. */
    public BigDecimal decimal() {
        return amount;
    }

    public Format format() {
        return format;
    }

    public int signum() {
        return amount.signum();
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    /** ceil(q × 1000), as upstream's {@code MilliValue}. */
    public long milliValue() {
        return amount.movePointRight(3).setScale(0, RoundingMode.CEILING).longValue();
    }

    /** ceil(q), as upstream's {@code Value}. */
    public long value() {
        return amount.setScale(0, RoundingMode.CEILING).longValue();
    }

    /** True when the amount has no fractional part. */
    public boolean isInteger() {
        return amount.stripTrailingZeros().scale() <= 0;
    }

    public Quantity add(Quantity other) {
        return new Quantity(amount.add(other.amount), format, null);
    }

    public Quantity subtract(Quantity other) {
        return new Quantity(amount.subtract(other.amount), format, null);
    }

    public Quantity negate() {
        return new Quantity(amount.negate(), format, null);
    }

    /** This amount with more than three decimals rounded away from zero; unchanged values keep their text. */
    public Quantity roundUpToMilli() {
        if (amount.scale() <= 3 || amount.stripTrailingZeros().scale() <= 3) {
            return this;
        }
        return new Quantity(amount.setScale(3, RoundingMode.UP), format, null);
    }

    @Override
    public int compareTo(Quantity o) {
        return amount.compareTo(o.amount);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quantity q && amount.compareTo(q.amount) == 0;
    }

    @Override
    public int hashCode() {
        return amount.stripTrailingZeros().hashCode();
    }

    /** The canonical text (or the input text when it was already canonical). */
    @Override
    public String toString() {
        return text != null ? text : canonical();
    }

    private String canonical() {
        if (amount.signum() == 0) {
            return "0";
        }
        Format f = format;
        if (f == Format.BINARY_SI) {
            if (amount.abs().compareTo(B1024) < 0 || !isInteger()) {
                f = Format.DECIMAL_SI;
            } else {
                return binary();
            }
        }
        BigDecimal stripped = amount.stripTrailingZeros();
        int exponent = -stripped.scale();
        int e3 = Math.floorDiv(exponent, 3) * 3;
        BigInteger mantissa = stripped.unscaledValue().multiply(BigInteger.TEN.pow(exponent - e3));
        return mantissa + decimalSuffix(e3, f);
    }

    private String binary() {
        BigInteger v = amount.toBigIntegerExact();
        int power = 0;
        BigInteger k = BigInteger.valueOf(1024);
        while (power < BINARY_BY_POWER.length - 1 && v.mod(k).signum() == 0) {
            v = v.divide(k);
            power++;
        }
        return v + BINARY_BY_POWER[power];
    }

    private static String decimalSuffix(int exponent, Format f) {
        if (f == Format.DECIMAL_SI) {
            for (Map.Entry<String, Integer> e : DECIMAL_SUFFIXES.entrySet()) {
                if (e.getValue() == exponent) {
                    return e.getKey();
                }
            }
        }
        return exponent == 0 ? "" : "e" + exponent;
    }

    /** The parts of the text, following upstream's hand-written scanner (and its leniencies). */
    private record Scan(boolean positive, String num, String denom, String suffix) {

        static Scan of(String str) {
            int pos = 0;
            int end = str.length();
            boolean positive = true;
            char first = str.charAt(0);
            if (first == '-' || first == '+') {
                positive = first == '+';
                pos++;
            }
            while (pos < end && str.charAt(pos) == '0') {
                pos++;
            }
            if (pos >= end) {
                return new Scan(positive, "0", "", "");
            }
            int numStart = pos;
            while (pos < end && isDigit(str.charAt(pos))) {
                pos++;
            }
            String num = str.substring(numStart, pos);
            if (num.isEmpty()) {
                num = "0";
            }
            String denom = "";
            if (pos < end && str.charAt(pos) == '.') {
                pos++;
                int denomStart = pos;
                while (pos < end && isDigit(str.charAt(pos))) {
                    pos++;
                }
                denom = str.substring(denomStart, pos);
            }
            int suffixStart = pos;
            while (pos < end && SUFFIX_CHARS.indexOf(str.charAt(pos)) >= 0) {
                pos++;
            }
            if (pos < end && (str.charAt(pos) == '-' || str.charAt(pos) == '+')) {
                pos++;
            }
            while (pos < end && isDigit(str.charAt(pos))) {
                pos++;
            }
            if (pos < end) {
                return null;
            }
            return new Scan(positive, num, denom, str.substring(suffixStart));
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }

    private record Suffix(int base, int exponent, Format format) {

        static Suffix interpret(String s) {
            Integer dec = DECIMAL_SUFFIXES.get(s);
            if (dec != null) {
                return new Suffix(10, dec, Format.DECIMAL_SI);
            }
            Integer bin = BINARY_SUFFIXES.get(s);
            if (bin != null) {
                return new Suffix(2, bin, Format.BINARY_SI);
            }
            if (s.length() > 1 && (s.charAt(0) == 'e' || s.charAt(0) == 'E')) {
                String digits = s.substring(1);
                if (!digits.matches("[+-]?[0-9]{1,9}")) {
                    return null;
                }
                return new Suffix(10, Integer.parseInt(digits), Format.DECIMAL_EXPONENT);
            }
            return null;
        }
    }
}
