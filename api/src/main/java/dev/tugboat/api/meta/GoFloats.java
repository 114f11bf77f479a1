package dev.tugboat.api.meta;

import java.math.BigDecimal;

/** How Go prints a float64: {@code strconv.FormatFloat(f, 'g', -1, 64)} and encoding/json's form. Pure. */
public final class GoFloats {

    private GoFloats() {
    }

    /** {@code strconv.FormatFloat(f, 'g', -1, 64)}: shortest digits, exponent form below 1e-4 or from 1e6 up. */
    public static String formatG(double f) {
        if (Double.isNaN(f)) {
            return "NaN";
        }
        if (Double.isInfinite(f)) {
            return f > 0 ? "+Inf" : "-Inf";
        }
        if (f == 0) {
            return (1 / f < 0) ? "-0" : "0";
        }
        Digits d = Digits.of(f);
        int exp = d.point() - 1;
        return exp < -4 || exp >= 6 ? d.exponentForm(2) : d.plainForm();
    }

    /** encoding/json's float64: plain digits between 1e-6 and 1e21, exponent form (e-7, e+21) outside. */
    public static String formatJson(double f) {
        if (f == 0) {
            return "0";
        }
        double abs = Math.abs(f);
        Digits d = Digits.of(f);
        return abs < 1e-6 || abs >= 1e21 ? d.exponentForm(1) : d.plainForm();
    }

    /** The shortest decimal digits of a double and the position of its decimal point. */
    private record Digits(boolean negative, String digits, int point) {

        static Digits of(double f) {
            BigDecimal bd = new BigDecimal(Double.toString(Math.abs(f))).stripTrailingZeros();
            String digits = bd.unscaledValue().toString();
            return new Digits(f < 0, digits, digits.length() - bd.scale());
        }

        String plainForm() {
            StringBuilder sb = new StringBuilder(negative ? "-" : "");
            if (point <= 0) {
                sb.append("0.").append("0".repeat(-point)).append(digits);
            } else if (point >= digits.length()) {
                sb.append(digits).append("0".repeat(point - digits.length()));
            } else {
                sb.append(digits, 0, point).append('.').append(digits.substring(point));
            }
            return sb.toString();
        }

        String exponentForm(int minExponentDigits) {
            StringBuilder sb = new StringBuilder(negative ? "-" : "");
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits.substring(1));
            }
            int exp = point - 1;
            sb.append('e').append(exp < 0 ? '-' : '+');
            String e = Integer.toString(Math.abs(exp));
            sb.append("0".repeat(Math.max(0, minExponentDigits - e.length()))).append(e);
            return sb.toString();
        }
    }
}
