package dev.tugboat.api.apiextensions.validation;

import dev.tugboat.api.validation.IpAddresses;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code format} keyword as a 1.33 API server applies it to custom resources: kube-openapi's
 * string format registry, after apiextensions strips the formats it does not support. Stateless and
 * thread-safe.
 *
 * <p>Facts kept from upstream: format names match with dashes removed ({@code date-time} is
 * {@code datetime}); on {@code integer} only {@code int32}/{@code int64} survive and on {@code number}
 * only {@code float}/{@code double}, and those never check ranges; unknown formats are ignored.
 */
final class StringFormats {

    /** The string formats a 1.33 server validates (dash-free names). */
    private static final Set<String> SUPPORTED = Set.of("bsonobjectid", "uri", "email", "hostname", "ipv4", "ipv6",
            "cidr", "mac", "uuid", "uuid3", "uuid4", "uuid5", "isbn", "isbn10", "isbn13", "creditcard", "ssn",
            "hexcolor", "rgbcolor", "byte", "password", "date", "duration", "datetime");

    private static final Pattern HOSTNAME = Pattern.compile("[a-zA-Z0-9\\p{S}\\p{L}]((-?[a-zA-Z0-9\\p{S}\\p{L}]{0,62})?)"
            + "|([a-zA-Z0-9\\p{S}\\p{L}](([a-zA-Z0-9\\-\\p{S}\\p{L}]{0,61}[a-zA-Z0-9\\p{S}\\p{L}])?)(\\.)){1,}"
            + "([a-zA-Z\\p{L}]){2,63}");
    private static final Pattern UUID = Pattern.compile(
            "(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}");
    private static final Pattern UUID3 = Pattern.compile(
            "(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}");
    private static final Pattern UUID4 = Pattern.compile(
            "(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}");
    private static final Pattern UUID5 = Pattern.compile(
            "(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}");
    private static final Pattern BASE64 = Pattern.compile(
            "(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})");
    private static final Pattern HEX_COLOR = Pattern.compile("#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})");
    private static final String OCTET = "(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])";
    private static final String SP = "[\\t\\n\\f\\r ]*";
    private static final Pattern RGB_COLOR = Pattern.compile(
            "rgb\\(" + SP + OCTET + SP + "," + SP + OCTET + SP + "," + SP + OCTET + SP + "\\)");
    private static final Pattern SSN = Pattern.compile("\\d{3}[- ]?\\d{2}[- ]?\\d{4}");
    private static final Pattern CREDIT_CARD = Pattern.compile("(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}"
            + "|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\\d{3})\\d{11})");
    private static final Pattern ISBN10 = Pattern.compile("(?:[0-9]{9}X|[0-9]{10})");
    private static final Pattern ISBN13 = Pattern.compile("(?:[0-9]{13})");
    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
    private static final Pattern TIME = Pattern.compile(
            "([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))");
    private static final Pattern BSON_ID = Pattern.compile("[0-9a-fA-F]{24}");

    private StringFormats() {
    }

    /**
     * The format that stays on a schema node after apiextensions strips unsupported ones, or "" when
     * none does ({@code StripUnsupportedFormatsPostProcess}).
     */
    static String effective(String format, List<String> types) {
        if (format == null || format.isEmpty()) {
            return "";
        }
        String type = types.size() == 1 ? types.get(0) : "";
        return switch (type) {
            case "", "string" -> SUPPORTED.contains(normalize(format)) ? format : "";
            case "integer" -> format.equals("int32") || format.equals("int64") ? format : "";
            case "number" -> format.equals("float") || format.equals("double") ? format : "";
            default -> "";
        };
    }

    /** Whether the string format registry validates {@code format} (integer and number formats are not in it). */
    static boolean isStringFormat(String format) {
        return SUPPORTED.contains(normalize(format));
    }

    private static String normalize(String format) {
        return format.replace("-", "");
    }

    /** Whether {@code value} is valid for the string format {@code format} (a registered one). */
    static boolean validates(String format, String value) {
        return switch (normalize(format)) {
            case "bsonobjectid" -> BSON_ID.matcher(value).matches();
            case "uri" -> RequestUri.isValid(value);
            case "email" -> MailAddress.isValid(value);
            case "hostname" -> isHostname(value);
            case "ipv4" -> IpAddresses.isIp(value) && value.contains(".");
            case "ipv6" -> IpAddresses.isIp(value) && value.contains(":");
            case "cidr" -> IpAddresses.isCidr(value);
            case "mac" -> isMac(value);
            case "uuid" -> UUID.matcher(value).matches();
            case "uuid3" -> UUID3.matcher(value).matches();
            case "uuid4" -> UUID4.matcher(value).matches();
            case "uuid5" -> UUID5.matcher(value).matches();
            case "isbn" -> isIsbn10(value) || isIsbn13(value);
            case "isbn10" -> isIsbn10(value);
            case "isbn13" -> isIsbn13(value);
            case "creditcard" -> isCreditCard(value);
            case "ssn" -> value.length() == 11 && SSN.matcher(value).matches();
            case "hexcolor" -> HEX_COLOR.matcher(value).matches();
            case "rgbcolor" -> RGB_COLOR.matcher(value).matches();
            case "byte" -> BASE64.matcher(value).matches();
            case "password" -> true;
            case "date" -> isDate(value);
            case "duration" -> GoDuration.isValid(value);
            case "datetime" -> isDateTime(value);
            default -> throw new IllegalArgumentException("not a string format: " + format);
        };
    }

    /** RFC 1034 host names with Unicode letters and symbols allowed, labels of at most 63 bytes. */
    private static boolean isHostname(String s) {
        if (!HOSTNAME.matcher(s).matches() || utf8Length(s) > 255) {
            return false;
        }
        for (String label : s.split("\\.", -1)) {
            if (utf8Length(label) > 63) {
                return false;
            }
        }
        return true;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Go's {@code net.ParseMAC}: 6, 8 or 20 octets, colon- or hyphen-separated pairs or dotted quads. */
    private static boolean isMac(String s) {
        if (s.length() < 14) {
            return false;
        }
        char sep = s.charAt(2);
        if (sep == ':' || sep == '-') {
            if ((s.length() + 1) % 3 != 0) {
                return false;
            }
            int n = (s.length() + 1) / 3;
            if (n != 6 && n != 8 && n != 20) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                int x = i * 3;
                if (!isHex(s.charAt(x)) || !isHex(s.charAt(x + 1)) || i < n - 1 && s.charAt(x + 2) != sep) {
                    return false;
                }
            }
            return true;
        }
        if (s.charAt(4) == '.') {
            if ((s.length() + 1) % 5 != 0) {
                return false;
            }
            int n = 2 * (s.length() + 1) / 5;
            if (n != 6 && n != 8 && n != 20) {
                return false;
            }
            for (int i = 0; i < n / 2; i++) {
                int x = i * 5;
                for (int j = 0; j < 4; j++) {
                    if (!isHex(s.charAt(x + j))) {
                        return false;
                    }
                }
                if (i < n / 2 - 1 && s.charAt(x + 4) != '.') {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80;
    }

    private static String stripSeparators(String s) {
        return s.replaceAll("[\\t\\n\\f\\r -]+", "");
    }

    private static boolean isIsbn10(String s) {
        String d = stripSeparators(s);
        if (!ISBN10.matcher(d).matches()) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (i + 1) * (d.charAt(i) - '0');
        }
        sum += d.charAt(9) == 'X' ? 100 : 10 * (d.charAt(9) - '0');
        return sum % 11 == 0;
    }

    private static boolean isIsbn13(String s) {
        String d = stripSeparators(s);
        if (!ISBN13.matcher(d).matches()) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (i % 2 == 0 ? 1 : 3) * (d.charAt(i) - '0');
        }
        return (d.charAt(12) - '0') - ((10 - sum % 10) % 10) == 0;
    }

    /** The card-number pattern over the digits, then the Luhn checksum. */
    private static boolean isCreditCard(String s) {
        String d = s.replaceAll("[^0-9]+", "");
        if (!CREDIT_CARD.matcher(d).matches()) {
            return false;
        }
        int sum = 0;
        boolean doubled = false;
        for (int i = d.length() - 1; i >= 0; i--) {
            int digit = d.charAt(i) - '0';
            if (doubled) {
                digit *= 2;
                sum += digit >= 10 ? digit % 10 + 1 : digit;
            } else {
                sum += digit;
            }
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /** Go's {@code time.Parse("2006-01-02", s)}: exactly this shape and a real calendar day. */
    static boolean isDate(String s) {
        Matcher m = DATE.matcher(s);
        if (!m.matches()) {
            return false;
        }
        try {
            LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /**
     * kube-openapi's date-time check: split the lower-cased text at {@code t}, a full date before it and
     * {@code hh:mm:ss[.frac](z|±hh:mm)} after it, with hours up to 23 and minutes and seconds up to 59.
     */
    private static boolean isDateTime(String s) {
        if (s.length() < 4) {
            return false;
        }
        String[] parts = s.toLowerCase(Locale.ROOT).split("t", -1);
        if (parts.length < 2 || !isDate(parts[0])) {
            return false;
        }
        Matcher m = TIME.matcher(parts[1]);
        return m.matches() && m.group(1).compareTo("23") <= 0 && m.group(2).compareTo("59") <= 0
                && m.group(3).compareTo("59") <= 0;
    }
}
